// tests/security/xss/browse.mjs: open each page in headless Chromium and
// report what ran.
//
//   node browse.mjs PLAN.json RESULT.json
//
// PLAN: { "base": "http://127.0.0.1:PORT", "items": [ { "id", "what",
// "url", "cookies": {name: value} | null, "replay": null | { "status",
// "headers": [[k, v]...], "body_file" } } ] }.  An item with "replay" is a
// response the server gave to a POST (a form shown again with the text
// typed); it is served back at its URL, with the server's own headers
// (Content-Security-Policy included), through playwright's request routing.
//
// Per page: dialogs opened (alert, confirm, prompt, beforeunload: any is a
// script that ran), calls to alert/confirm/prompt/print seen by hooks put
// in before any page script, securitypolicyviolation events and console
// CSP errors (a blocked inline script or handler is still an injection
// that reached the page), and the DOM after load: event-handler attributes,
// script elements not from /assets/, javascript:/vbscript:/data:text/html
// URLs, and iframe/object/embed/base/frame/meta-refresh elements.  Chromium
// is Debian's (/usr/bin/chromium, CHROMIUM to override).
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';

const [planPath, outPath] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planPath, 'utf8'));
const exe = process.env.CHROMIUM || '/usr/bin/chromium';

const hooks = `
(() => {
  window.__sec = { ran: [], csp: [] };
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__sec.csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') +
      ' ' + (e.sample || ''));
  });
  for (const f of ['alert', 'confirm', 'prompt', 'print']) {
    const orig = window[f];
    window[f] = function (...a) {
      window.__sec.ran.push(f + '(' + String(a[0]).slice(0, 60) + ')');
      return orig.apply(this, a);
    };
  }
})();`;

function domCheck() {
  const bad = [];
  const urlAttr = /^(href|src|action|formaction|data|xlink:href|background|poster|srcdoc)$/i;
  const active = /^\s*(javascript|vbscript|livescript)\s*:|^\s*data\s*:\s*text\/html/i;
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(el.tagName + '[' + a.name + ']');
      else if (urlAttr.test(a.name) && active.test(a.value))
        bad.push(el.tagName + '[' + a.name + '=' + a.value.slice(0, 40) + ']');
    }
    const t = el.tagName.toUpperCase();
    if (t === 'SCRIPT') {
      let ok = false;
      try {
        const u = new URL(el.src, location.href);
        ok = el.src !== '' && u.origin === location.origin &&
          u.pathname.startsWith('/assets/');
      } catch (e) { ok = false; }
      if (!ok) bad.push('SCRIPT ' + (el.src || el.textContent.slice(0, 40)));
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME', 'FRAMESET', 'APPLET',
         'PORTAL'].includes(t)) bad.push(t);
    if (t === 'META' && /refresh/i.test(el.getAttribute('http-equiv') || ''))
      bad.push('META refresh');
  }
  return { bad, ran: (window.__sec || {}).ran || [], csp: (window.__sec || {}).csp || [] };
}

let browser, ctx, page, replay = null;
let dialogs = [];
let consoleCsp = [];
let restarts = 0;

// (Re)starts Chromium with one context and one page; also after a crash
// or a closed page, so one bad page cannot end the run.
async function start() {
  if (browser) { try { await browser.close(); } catch (e) { /* gone */ } }
  browser = await chromium.launch({
    executablePath: exe,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  ctx = await browser.newContext({ javaScriptEnabled: true });
  await ctx.addInitScript(hooks);
  page = await ctx.newPage();
  page.on('dialog', async (d) => {
    dialogs.push(d.type() + ': ' + d.message().slice(0, 80));
    try { await d.dismiss(); } catch (e) { /* closed */ }
  });
  page.on('console', (m) => {
    const t = m.text();
    if (/Content Security Policy|Refused to (execute|load|apply|frame)/i.test(t))
      consoleCsp.push(t.slice(0, 200));
  });
  await page.route('**/*', async (route) => {
    const req = route.request();
    if (replay && req.isNavigationRequest() && req.url() === replay.url) {
      const r = replay;
      replay = null;
      await route.fulfill({
        status: r.status,
        headers: Object.fromEntries(r.headers.filter(([k]) =>
          !/^(content-length|content-encoding|transfer-encoding|connection)$/i.test(k))),
        body: readFileSync(r.body_file),
      });
      return;
    }
    await route.continue();
  });
}
await start();

const results = [];
const base = new URL(plan.base);
for (const it of plan.items) {
  dialogs = [];
  consoleCsp = [];
  try {
    if (page.isClosed()) throw new Error('page closed');
    await ctx.clearCookies();
  } catch (e) {
    restarts++;
    await start();
  }
  if (it.cookies) {
    await ctx.addCookies(Object.entries(it.cookies).map(([name, value]) => ({
      name, value, domain: base.hostname, path: '/' })));
  }
  const res = { id: it.id, what: it.what, url: it.url, status: 0,
    dialogs: [], ran: [], csp: [], bad: [], error: null };
  try {
    replay = it.replay ? { ...it.replay, url: new URL(it.url, base).href } : null;
    const r = await page.goto(new URL(it.url, base).href,
      { waitUntil: 'load', timeout: 15000 });
    res.status = r ? r.status() : 0;
    await page.waitForTimeout(it.wait || 30);
    const d = await page.evaluate(domCheck);
    res.bad = d.bad; res.ran = d.ran; res.csp = d.csp;
  } catch (e) {
    res.error = String(e).slice(0, 200);
  }
  res.dialogs = dialogs.slice();
  res.csp = res.csp.concat(consoleCsp);
  results.push(res);
}
await browser.close();
if (restarts) console.error('browse.mjs: Chromium restarted ' + restarts + ' time(s)');
writeFileSync(outPath, JSON.stringify(results, null, 1));

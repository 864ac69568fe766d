// tests/security/xss/browse.mjs: open each page in headless Chromium and
// report what ran.
//
//   node browse.mjs PLAN.json RESULT.json
//
// RESULT: { "restarts": N, "pages": [ { "id", "what", "url", "status",
// "dialogs", "ran", "csp", "bad", "error" } ] }, one page per plan item.
// A progress line goes to standard error every 250 pages.
//
// XSS_WORKERS (default 2) browsers work through the plan side by side, each
// with its own context, so one's cookies and restarts never touch another;
// no check here depends on timing.  Only a replayed response is routed
// (page.route for that URL alone, removed after): with a route in place
// Playwright turns the HTTP cache off, and every page would fetch its
// assets again.
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
  let ldjson = 0;
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
      // The thread's schema.org description: a data block the browser
      // never runs.  Only one, whole (it parses), with no src: a payload
      // that closed it early would leave broken JSON or a second element.
      if (!ok && el.getAttribute('type') === 'application/ld+json' &&
          !el.hasAttribute('src') && ++ldjson === 1) {
        try {
          ok = JSON.parse(el.textContent)['@context'] === 'https://schema.org';
        } catch (e) { ok = false; }
      }
      if (!ok) bad.push('SCRIPT ' + (el.src || el.textContent.slice(0, 40)));
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME', 'FRAMESET', 'APPLET',
         'PORTAL'].includes(t)) bad.push(t);
    if (t === 'META' && /refresh/i.test(el.getAttribute('http-equiv') || ''))
      bad.push('META refresh');
  }
  return { bad, ran: (window.__sec || {}).ran || [], csp: (window.__sec || {}).csp || [] };
}

// One browser, context and page; start() again after a crash or a closed
// page, so one bad page cannot end the run.
class Worker {
  constructor() {
    this.browser = null;
    this.dialogs = [];
    this.consoleCsp = [];
    this.restarts = 0;
  }

  async start() {
    if (this.browser) {
      try { await this.browser.close(); } catch (e) { /* gone */ }
    }
    this.browser = await chromium.launch({
      executablePath: exe,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update',
        '--disable-sync'],
    });
    this.ctx = await this.browser.newContext({ javaScriptEnabled: true });
    await this.ctx.addInitScript(hooks);
    this.page = await this.ctx.newPage();
    this.page.on('dialog', async (d) => {
      this.dialogs.push(d.type() + ': ' + d.message().slice(0, 80));
      try { await d.dismiss(); } catch (e) { /* closed */ }
    });
    this.page.on('console', (m) => {
      const t = m.text();
      if (/Content Security Policy|Refused to (execute|load|apply|frame)/i.test(t))
        this.consoleCsp.push(t.slice(0, 200));
    });
  }

  async open(it) {
    this.dialogs = [];
    this.consoleCsp = [];
    try {
      if (this.page.isClosed()) throw new Error('page closed');
      await this.ctx.clearCookies();
    } catch (e) {
      this.restarts++;
      await this.start();
    }
    if (it.cookies) {
      await this.ctx.addCookies(Object.entries(it.cookies).map(([name, value]) => ({
        name, value, domain: base.hostname, path: '/' })));
    }
    const res = { id: it.id, what: it.what, url: it.url, status: 0,
      dialogs: [], ran: [], csp: [], bad: [], error: null };
    const url = new URL(it.url, base).href;
    let routed = null;
    try {
      if (it.replay) {
        const r = it.replay;
        let served = false;
        routed = (u) => u.href === url;
        await this.page.route(routed, async (route) => {
          if (served || !route.request().isNavigationRequest()) {
            await route.continue();
            return;
          }
          served = true;
          await route.fulfill({
            status: r.status,
            headers: Object.fromEntries(r.headers.filter(([k]) =>
              !/^(content-length|content-encoding|transfer-encoding|connection)$/i.test(k))),
            body: readFileSync(r.body_file),
          });
        });
      }
      const r = await this.page.goto(url, { waitUntil: 'load', timeout: 15000 });
      res.status = r ? r.status() : 0;
      await this.page.waitForTimeout(it.wait || 30);
      const d = await this.page.evaluate(domCheck);
      res.bad = d.bad; res.ran = d.ran; res.csp = d.csp;
    } catch (e) {
      res.error = String(e).slice(0, 200);
    }
    if (routed) {
      try { await this.page.unroute(routed); } catch (e) { /* page gone */ }
    }
    res.dialogs = this.dialogs.slice();
    res.csp = res.csp.concat(this.consoleCsp);
    return res;
  }
}

const base = new URL(plan.base);
const results = new Array(plan.items.length);
const t0 = Date.now();
let next = 0, done = 0;
const nworkers = Math.max(1, Math.min(8, Number(process.env.XSS_WORKERS) || 2));
const workers = [];
for (let i = 0; i < nworkers; i++) {
  const w = new Worker();
  await w.start();
  workers.push(w);
}
await Promise.all(workers.map(async (w) => {
  while (next < plan.items.length) {
    const k = next++;
    results[k] = await w.open(plan.items[k]);
    if (++done % 250 === 0)
      console.error('browse.mjs: ' + done + ' of ' + plan.items.length +
        ' pages, ' + Math.round((Date.now() - t0) / 1000) + ' s');
  }
}));
let restarts = 0;
for (const w of workers) {
  restarts += w.restarts;
  try { await w.browser.close(); } catch (e) { /* gone */ }
}
if (restarts) console.error('browse.mjs: Chromium restarted ' + restarts + ' time(s)');
console.error('browse.mjs: ' + results.length + ' pages with ' + nworkers +
  ' browser(s), ' + Math.round((Date.now() - t0) / 1000) + ' s');
writeFileSync(outPath, JSON.stringify({ restarts, pages: results }, null, 1));

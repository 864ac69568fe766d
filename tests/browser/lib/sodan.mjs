// tests/browser/lib/sodan.mjs: shared helpers for the journeys and the
// screenshots.  The server is started by tests/browser/serve.py, which sets
// SODAN_URL (and SODAN_TEST_DIR for psql).  Chromium is Debian's
// (/usr/bin/chromium, or $SODAN_CHROMIUM), driven by playwright-core;
// nothing is downloaded.
//
// Every page opened with openPage() records console errors, uncaught
// exceptions and Content-Security-Policy violations (a
// `securitypolicyviolation` listener installed before any page script
// runs, reporting through an exposed binding, and read back with
// page.evaluate); assertClean() fails the journey on any of them.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.SODAN_URL || 'http://127.0.0.1:8080';
export const DEMO_PASSWORD = 'sodan-demo-2026';

// The flags the project runs Chromium with (docs/ui.md).  playwright adds
// --headless itself, and gives every launch a new, empty user-data-dir
// of its own (a temporary profile removed when the browser closes): it
// refuses --user-data-dir in args, which belongs to persistent contexts.
export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
];

export async function launch() {
	return chromium.launch({
		executablePath: process.env.SODAN_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		chromiumSandbox: false,
		args: CHROMIUM_FLAGS,
		timeout: 60000,
	});
}

// openPage(browser, opts): a new context (no cookies) and page.  opts:
// locale ('ja-JP'), width (1280), height (900), javaScript (true).
// Returns the page; page.sodan.problems collects what assertClean checks.
export async function openPage(browser, opts = {}) {
	const ctx = await browser.newContext({
		baseURL: BASE,
		locale: opts.locale || 'ja-JP',
		viewport: { width: opts.width || 1280, height: opts.height || 900 },
		javaScriptEnabled: opts.javaScript !== false,
		timezoneId: 'Asia/Tokyo',
	});
	ctx.setDefaultTimeout(15000);
	const problems = [];
	const csp = [];
	await ctx.exposeBinding('__sodanCspViolation', (src, v) => {
		csp.push(`${v.directive} blocked ${v.blocked || '(inline)'} ` +
		    `on ${v.url} (${v.sample || 'no sample'})`);
	});
	await ctx.addInitScript(() => {
		window.__sodanCsp = [];
		document.addEventListener('securitypolicyviolation', (e) => {
			const v = {
				directive: e.effectiveDirective || e.violatedDirective,
				blocked: e.blockedURI, url: e.documentURI,
				sample: e.sample,
			};
			window.__sodanCsp.push(v);
			if (window.__sodanCspViolation)
				window.__sodanCspViolation(v);
		});
	});
	const page = await ctx.newPage();
	page.sodan = { problems, csp, expected: [] };
	page.on('console', (m) => {
		if (m.type() !== 'error')
			return;
		const text = m.text();
		if (page.sodan.expected.some((re) => re.test(text)))
			return;
		problems.push(`console error: ${text} (${m.location().url || page.url()})`);
	});
	page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
	return page;
}

// expectConsole(page, re): a console error the journey provokes on purpose
// (the browser logs "Failed to load resource ... 429" for a 429 page).
export function expectConsole(page, re) {
	page.sodan.expected.push(re);
}

// cspViolations(page): the violations the current document saw so far,
// read with page.evaluate (the binding above also keeps earlier documents').
export async function cspViolations(page) {
	try {
		return await page.evaluate(() => window.__sodanCsp || []);
	} catch {
		return [];
	}
}

// assertClean(page): no console error, uncaught exception or CSP violation
// anywhere in the journey so far.
export async function assertClean(page) {
	const here = await cspViolations(page);
	const all = [...page.sodan.problems, ...page.sodan.csp];
	assert.deepEqual(all, [], 'console errors or CSP violations');
	assert.deepEqual(here, [], 'CSP violations on ' + page.url());
}

export async function closePage(page) {
	await notePage(page);
	await page.context().close();
}

// What the last few closed pages showed (address, heading, alerts and
// notices): failureContext() prints them when a journey fails.
export const closedPages = [];

async function notePage(page) {
	let shown = null;
	try {
		shown = await Promise.race([page.evaluate(() => ({
			h1: (document.querySelector('h1') || {}).innerText || '',
			alerts: [...document.querySelectorAll(
			    '[role="alert"], .notice, .form-errors, .error')]
			    .map((e) => e.innerText.trim()).filter(Boolean)
			    .slice(0, 4),
		})), new Promise((r) => setTimeout(() => r(null), 1000))]);
	} catch {
		// A page that is gone or mid-navigation shows nothing to note.
	}
	closedPages.push({ url: page.url(), ...(shown || {}) });
	if (closedPages.length > 8)
		closedPages.shift();
}

// The size of the server's log now (SODAN_SERVER_LOG, set by serve.py).
export function serverLogSize() {
	const log = process.env.SODAN_SERVER_LOG;
	try {
		return log ? statSync(log).size : 0;
	} catch {
		return 0;
	}
}

// A failed journey's context: its closed pages and the server's log lines
// written since `from` (asset requests left out; at most the last 60).
export function failureContext(from, name = '') {
	const out = [`--- ${name || 'the failed journey'}: its pages, as last seen ---`];
	for (const p of closedPages)
		out.push(`  ${p.url}` + (p.h1 ? `  h1: ${p.h1}` : '') +
		    (p.alerts && p.alerts.length ?
		    `  shown: ${p.alerts.join(' | ').replace(/\s+/g, ' ')
		    .slice(0, 300)}` : ''));
	const log = process.env.SODAN_SERVER_LOG;
	let lines = [];
	try {
		const buf = readFileSync(log);
		lines = buf.subarray(Math.min(from, buf.length)).toString('utf8')
		    .split('\n').filter((l) => l && !/path=\/assets\//.test(l));
	} catch {
		// No log to read: the pages above are all there is.
	}
	out.push(`--- server log during the journey (${lines.length} lines, ` +
	    'assets left out; last 60) ---');
	out.push(...lines.slice(-60));
	return out.join('\n');
}

// psql(sql): one statement in the test database; its output (-At).
export function psql(sql) {
	const dir = process.env.SODAN_TEST_DIR;
	assert.ok(dir, 'SODAN_TEST_DIR is not set (run through serve.py)');
	let bin = '/usr/lib/postgresql/15/bin/psql';
	if (!existsSync(bin))
		bin = 'psql';
	return execFileSync(bin, ['-h', join(dir, 'run'), '-U', 'sodan', '-X',
	    '-v', 'ON_ERROR_STOP=1', '-Atc', sql, 'sodan'],
	    { encoding: 'utf8' }).trim();
}

// totp(base32secret): the current RFC 6238 code (SHA-1, 6 digits, 30 s).
export function totp(secret, at = Date.now()) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of secret.replace(/[=\s]/g, '').toUpperCase())
		bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
	const key = Buffer.alloc(Math.floor(bits.length / 8));
	for (let i = 0; i < key.length; i++)
		key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
	const h = createHmac('sha1', key).update(msg).digest();
	const o = h[h.length - 1] & 0xf;
	const n = (h.readUInt32BE(o) & 0x7fffffff) % 1000000;
	return String(n).padStart(6, '0');
}

// unique(prefix): a name no other run or journey uses.
let seq = 0;
export function unique(prefix) {
	seq++;
	return `${prefix}${Date.now().toString(36).slice(-5)}${seq}`;
}

// The demo staff, moderator and admin's two-step secret (sodan demo).
export const DEMO_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

// signIn(page, username): through the real sign-in form, and the two-step
// form for staff.  A code is accepted once per 30-second step (replay
// guard), so a refused code is retried once with the next step's.
export async function signIn(page, username, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.locator('#username').fill(username);
	await page.locator('#password').fill(password);
	await Promise.all([page.waitForURL((u) => u.pathname !== '/login' ||
	    u.search !== ''), page.locator('form[action="/login"] ' +
	    'button[type=submit]').click()]);
	// The demo staff share one secret, and a code is taken once per
	// account and 30 s step: a code another journey's sign-in of the same
	// account just used is refused (401), and the next step's is entered.
	if (new URL(page.url()).pathname === '/login/2fa')
		expectConsole(page, /status of 401/);
	for (let attempt = 0; attempt < 2 &&
	    new URL(page.url()).pathname === '/login/2fa'; attempt++) {
		if (attempt > 0) {
			const wait = 30000 - Date.now() % 30000 + 500;
			await page.waitForTimeout(wait);
		}
		await page.locator('input[name="code"]').fill(totp(DEMO_TOTP));
		await Promise.all([page.waitForLoadState('load'),
		    page.locator('form[action="/login/2fa"] button[type=submit]')
		    .click()]);
	}
	const path = new URL(page.url()).pathname;
	assert.ok(path !== '/login' && path !== '/login/2fa',
	    `signed in as ${username} (still on ${page.url()})`);
}

// register(page, username, display): through the real registration form.
export async function register(page, username, display,
    password = 'kumo-to-sakura-no-umi-77') {
	await page.goto('/');
	await Promise.all([page.waitForURL('**/register'),
	    page.getByRole('link', { name: '新規登録' }).click()]);
	await page.getByLabel('ユーザー名').fill(username);
	await page.getByLabel('表示名').fill(display);
	await page.getByLabel('パスワード', { exact: true }).fill(password);
	await page.locator('#password2').fill(password);
	await Promise.all([page.waitForURL((u) => u.pathname !== '/register'),
	    page.getByRole('button', { name: 'アカウントを作成' }).click()]);
}

// assertLabelled(page): every visible form control has an accessible name.
export async function assertLabelled(page) {
	const bad = await page.evaluate(() => {
		const out = [];
		for (const el of document.querySelectorAll(
		    'input:not([type=hidden]), textarea, select')) {
			if (el.offsetParent === null)
				continue;
			const named = (el.labels && el.labels.length > 0) ||
			    el.getAttribute('aria-label') ||
			    el.getAttribute('aria-labelledby');
			if (!named)
				out.push(el.outerHTML.slice(0, 120));
		}
		return out;
	});
	assert.deepEqual(bad, [], 'form controls without a label on ' + page.url());
}

// axeViolations(page): axe-core's WCAG 2.1 A and AA rules on the current
// document, as "rule (impact): target" lines.  The library is evaluated
// through the DevTools protocol (page.evaluate), not added as a <script>,
// so the page's Content-Security-Policy stays as strict as it is.
let axeSource = null;
export async function axeViolations(page) {
	if (axeSource === null)
		axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js',
		    import.meta.url), 'utf8');
	if (!(await page.evaluate(() => typeof window.axe !== 'undefined')))
		await page.evaluate(axeSource);
	const res = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag',
		    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
		resultTypes: ['violations'],
	}));
	const out = [];
	for (const v of res.violations)
		for (const n of v.nodes)
			out.push(`${v.id} (${v.impact}): ${n.target.join(' ')}`);
	return out;
}

// overflowX(page): how many CSS pixels the page is wider than the window.
export async function overflowX(page) {
	return page.evaluate(() => document.documentElement.scrollWidth -
	    document.documentElement.clientWidth);
}

// smallTargets(page, min): the controls on the page a finger has to hit
// that are less than min CSS pixels high (docs/ui.md promises 40): every
// visible button, input, select, textarea and <summary>, and every link
// that stands alone in its block (a menu entry, a pager link, a "sign in"
// link under a form).  A link inside a line of text is exempt, as WCAG
// 2.5.8 exempts inline targets; a check box or radio button counts with
// its label when the label wraps it.  Returns "tag.class 'text' h px"
// strings.
export async function smallTargets(page, min = 40) {
	return page.evaluate((minH) => {
		const out = [];
		const visible = (e) => {
			const r = e.getBoundingClientRect();
			if (r.width === 0 || r.height === 0)
				return false;
			const cs = getComputedStyle(e);
			if (cs.visibility === 'hidden' || cs.display === 'none')
				return false;
			// visually-hidden (clip) and the skip link (off screen
			// until focused)
			if (r.width <= 1 && r.height <= 1)
				return false;
			if (r.bottom < 0 || r.right < 0)
				return false;
			return true;
		};
		const block = (e) => {
			let p = e.parentElement;
			while (p && getComputedStyle(p).display.startsWith('inline'))
				p = p.parentElement;
			return p;
		};
		const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
		const sel = 'a[href], button, input:not([type=hidden]), select, ' +
		    'textarea, summary';
		for (const e of document.querySelectorAll(sel)) {
			if (e.closest('.skip-link') || !visible(e))
				continue;
			let t = e;
			if (e.tagName === 'A') {
				const b = block(e);
				if (b && norm(b.innerText) !== norm(e.innerText))
					continue;	// inline in text
			}
			if (e.type === 'checkbox' || e.type === 'radio') {
				const l = e.closest('label');
				if (l)
					t = l;
			}
			const h = t.getBoundingClientRect().height;
			if (h < minH - 0.5)
				out.push(`${e.tagName.toLowerCase()}` +
				    `${e.className ? '.' + String(e.className).split(' ')[0] : ''}` +
				    ` '${norm(e.innerText || e.value || e.name).slice(0, 30)}'` +
				    ` ${Math.round(h)} px`);
		}
		return out;
	}, min);
}

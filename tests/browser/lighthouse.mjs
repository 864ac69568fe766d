// tests/browser/lighthouse.mjs: Lighthouse's accessibility, best practices
// and SEO categories on the home page and a thread, in Japanese and
// English, at Lighthouse's mobile and desktop settings (issue 23).  Each
// category must score 100; a lower score prints the audits that failed.
//
// Run by tests/browser/run (after the journeys; `tests/browser/run
// lighthouse` runs only this) under tests/browser/serve.py, which sets
// SODAN_URL.  Lighthouse (npm `lighthouse`, tests/browser/package.json)
// drives Debian's Chromium (/usr/bin/chromium or $SODAN_CHROMIUM) through
// chrome-launcher, headless with a new, empty profile per launch.  The
// language is chosen the way a browser does, by Accept-Language.
//
// SODAN_LIGHTHOUSE_REPORT=FILE writes the scores as JSON;
// SODAN_LIGHTHOUSE_PATHS='/a /b' checks those paths instead (for a look at
// another page, or to see the check fail: '/no-such-page' is a 404, which
// SEO marks down).
//
// Prints one line per run and "N passed, N failed" last.
import { writeFileSync } from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

import { CHROMIUM_FLAGS } from './lib/sodan.mjs';

const BASE = process.env.SODAN_URL || 'http://127.0.0.1:8080';
const CATEGORIES = ['accessibility', 'best-practices', 'seo'];

// The thread: the first one the home page links (with the demo data, a
// thread with answers), so the run needs no id of its own.
async function firstThread() {
	const res = await fetch(BASE + '/', { headers: { 'Accept-Language': 'ja' } });
	if (res.status !== 200)
		throw new Error(`GET / answered ${res.status}`);
	const m = (await res.text()).match(/href="(\/t\/\d+)"/);
	if (!m)
		throw new Error('the home page links no thread');
	return m[1];
}

// failing(lhr, cat): the audits of category cat that lost points, with the
// elements they name.
function failing(lhr, cat) {
	const out = [];
	for (const ref of lhr.categories[cat].auditRefs) {
		const a = lhr.audits[ref.id];
		if (ref.weight === 0 || a.score === null || a.score >= 1)
			continue;
		let line = `    ${a.id} (score ${a.score}): ${a.title}`;
		const items = a.details && a.details.items ? a.details.items : [];
		for (const it of items.slice(0, 5)) {
			const n = it.node || {};
			const src = it.source && it.source.url ?
			    `${it.source.url} line ${it.source.line + 1}` : '';
			const what = n.snippet || n.selector || it.url || src ||
			    it.description || JSON.stringify(it).slice(0, 160);
			line += `\n        ${what}`;
		}
		out.push(line);
	}
	return out;
}

async function main() {
	const t0 = Date.now();
	let passed = 0, failed = 0;
	const report = [];
	let chrome;
	try {
		const pages = process.env.SODAN_LIGHTHOUSE_PATHS ?
		    process.env.SODAN_LIGHTHOUSE_PATHS.split(/\s+/)
		    .filter(Boolean).map((p) => ['page', p]) :
		    [['home', '/'], ['thread', await firstThread()]];
		chrome = await chromeLauncher.launch({
			chromePath: process.env.SODAN_CHROMIUM || '/usr/bin/chromium',
			chromeFlags: CHROMIUM_FLAGS,
			logLevel: 'silent',
		});
		for (const [pname, path] of pages) {
			for (const lang of ['ja', 'en']) {
				for (const form of ['mobile', 'desktop']) {
					const flags = {
						port: chrome.port,
						output: 'json',
						logLevel: 'error',
						onlyCategories: CATEGORIES,
						extraHeaders: { 'Accept-Language': lang },
						// Each run starts without cookies or
						// cached files of the run before.
						disableStorageReset: false,
						// No picture of the page: no
						// audit of these categories needs
						// it, and it costs seconds.
						disableFullPageScreenshot: true,
					};
					const run = await lighthouse(BASE + path, flags,
					    form === 'desktop' ? desktopConfig : undefined);
					const lhr = run.lhr;
					const label = `${pname} ${path} ${lang} ${form}`;
					if (lhr.runtimeError) {
						failed++;
						console.log(`FAIL lighthouse ${label}: ` +
						    `${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
						continue;
					}
					const scores = {};
					const bad = [];
					for (const cat of CATEGORIES) {
						const s = lhr.categories[cat].score;
						scores[cat] = s === null ? null : Math.round(s * 100);
						if (scores[cat] !== 100)
							bad.push(...failing(lhr, cat));
					}
					// The page Lighthouse saw is in the language asked for.
					const htmlLang = await fetch(BASE + path,
					    { headers: { 'Accept-Language': lang } })
					    .then((r) => r.text())
					    .then((t) => (t.match(/<html[^>]*\blang="([^"]+)"/) || [])[1]);
					if (htmlLang !== lang)
						bad.push(`    <html lang="${htmlLang}">, not "${lang}"`);
					report.push({ page: pname, path, lang, form, scores });
					const text = CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ');
					if (bad.length === 0 && CATEGORIES.every((c) => scores[c] === 100)) {
						passed++;
						console.log(`ok   lighthouse ${label}: ${text}`);
					} else {
						failed++;
						console.log(`FAIL lighthouse ${label}: ${text}\n${bad.join('\n')}`);
					}
				}
			}
		}
	} catch (e) {
		failed++;
		console.log(`FAIL lighthouse: ${e.stack || e}`);
	} finally {
		if (chrome)
			await chrome.kill();
	}
	if (process.env.SODAN_LIGHTHOUSE_REPORT)
		writeFileSync(process.env.SODAN_LIGHTHOUSE_REPORT,
		    JSON.stringify(report, null, 2) + '\n');
	console.log(`lighthouse: ${report.length} runs in ` +
	    `${Math.round((Date.now() - t0) / 1000)} s`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}

await main();

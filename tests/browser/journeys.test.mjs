// tests/browser/journeys.test.mjs: the forum's main journeys in a real
// browser (issue 10), against the real server, PostgreSQL and Redis.
// Run by tests/browser/run (make test); each journey is one test and ends
// with assertClean(): no console error and no CSP violation on any page.
//
// A journey whose feature has not landed yet is skipped with the reason
// (it counts neither passed nor failed); it is never faked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	assertClean, closePage, launch, openPage,
} from './lib/sodan.mjs';

let browser;

before(async () => {
	browser = await launch();
});

after(async () => {
	if (browser)
		await browser.close();
});

const NOT_LANDED = {
	accounts: 'accounts (issue 3: register, sign in) has not landed',
	queues: 'moderator queues (issue 6: remove as scam, purge) have not landed',
	ratelimit: 'rate limiting (issue 7: the 429 page) has not landed',
};

test('1. a new user registers, asks in Japanese with Markdown, sees the ' +
    'preview and similar threads', { skip: NOT_LANDED.accounts }, async () => {
});

test('2. answer, official answer, staff verification, accept: shown in ' +
    'that order with badges', { skip: NOT_LANDED.accounts }, async () => {
});

test('3. a fake support number waits for review; a moderator removes it ' +
    'as a scam and purges the account', { skip: NOT_LANDED.queues },
async () => {
});

test('4. a pasted recovery phrase is held privately and the warning ' +
    'explains why, in Japanese', { skip: NOT_LANDED.accounts }, async () => {
});

test('5. a posting limit: the 429 page says when to retry and keeps the ' +
    'text', { skip: NOT_LANDED.ratelimit }, async () => {
});

test('6. switching the language to English changes the interface',
async () => {
	const page = await openPage(browser, { locale: 'ja-JP' });
	try {
		await page.goto('/');
		assert.equal(await page.getAttribute('html', 'lang'), 'ja');
		assert.match(await page.title(), /相談 サポートフォーラム/);
		const nav = page.getByRole('navigation', { name: 'メイン' });
		await nav.waitFor();

		// The skip link is the first stop of the keyboard, and visible.
		await page.keyboard.press('Tab');
		const skip = page.locator('.skip-link');
		await assert.doesNotReject(async () => {
			await skip.waitFor({ state: 'visible' });
		});
		assert.equal(await skip.evaluate((e) => e === document.activeElement),
		    true, 'the skip link is the first focus');
		assert.equal((await skip.textContent()).trim(), '本文へ移動');

		// The switch is a form with a real button: works by keyboard.
		const en = page.getByRole('button', { name: 'English' });
		await en.focus();
		await Promise.all([page.waitForURL('**/'),
		    page.keyboard.press('Enter')]);
		await page.waitForFunction(() =>
		    document.documentElement.lang === 'en');
		assert.match(await page.title(), /sodan support forum/);
		assert.ok(await page.getByRole('navigation', { name: 'Main' })
		    .isVisible());
		assert.match(await page.locator('footer').innerText(),
		    /Staff never ask for your password/);
		assert.ok(await page.getByRole('button', { name: '日本語' })
		    .isVisible());

		// The choice sticks on the next page, and switches back.
		const first = page.locator('a.thread-title, .category a').first();
		await Promise.all([page.waitForLoadState('load'), first.click()]);
		assert.equal(await page.getAttribute('html', 'lang'), 'en');
		const back = page.url();
		await Promise.all([page.waitForURL(back),
		    page.getByRole('button', { name: '日本語' }).click()]);
		await page.waitForFunction(() =>
		    document.documentElement.lang === 'ja');
		assert.match(await page.title(), /相談 サポートフォーラム/);
		await assertClean(page);
	} finally {
		await closePage(page);
	}
});

test('the checks see a CSP violation (self-test of assertClean)',
async () => {
	const page = await openPage(browser);
	try {
		await page.goto('/');
		await assertClean(page);
		// An inline script is what the policy forbids: inject one.
		await page.evaluate(() => {
			const s = document.createElement('script');
			s.textContent = 'window.__inline = 1;';
			document.body.append(s);
		});
		await page.waitForFunction(() => window.__sodanCsp.length > 0);
		assert.equal(await page.evaluate(() => window.__inline), undefined,
		    'the inline script did not run');
		await assert.rejects(assertClean(page), /CSP|console/);
	} finally {
		await closePage(page);
	}
});

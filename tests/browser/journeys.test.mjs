// tests/browser/journeys.test.mjs: the forum's main journeys in a real
// browser (issue 10), against the real server, PostgreSQL and Redis.
// Run by tests/browser/run (make test); each journey is one test and ends
// with assertClean(): no console error and no CSP violation on any page.
//
// A journey whose feature has not landed yet is skipped with the reason
// (it counts neither passed nor failed); it is never faked.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
	assertClean, assertLabelled, axeViolations, closePage, closedPages,
	expectConsole, failureContext, launch, openPage, overflowX, psql,
	register, serverLogSize, signIn, smallTargets, unique,
} from './lib/sodan.mjs';

let browser;

// SODAN_JOURNEY_SHARD=K/N (tests/run): only every N-th journey from the
// K-th, in file order, so that N browsers against N servers share the
// journeys; each journey signs in and makes what it needs itself.
const [SHARD_K, SHARD_N] = (process.env.SODAN_JOURNEY_SHARD || '1/1')
    .split('/').map(Number);
if (!(SHARD_N >= 1 && SHARD_K >= 1 && SHARD_K <= SHARD_N))
	throw new Error('SODAN_JOURNEY_SHARD must be K/N with 1 <= K <= N');
let journeys = 0;
function journey(name, fn) {
	if (journeys++ % SHARD_N !== SHARD_K - 1)
		return;
	// A failure prints what the journey's pages last showed and the
	// server's log lines written during the journey: a timeout alone
	// does not say whether the server was slow or answered with an error.
	test(name, async (t) => {
		const from = serverLogSize();
		closedPages.length = 0;
		try {
			await fn(t);
		} catch (e) {
			console.log(failureContext(from, name));
			throw e;
		}
	});
}

before(async () => {
	browser = await launch();
});

after(async () => {
	if (browser)
		await browser.close();
});

journey('1. a new user registers, asks in Japanese with Markdown, sees the ' +
    'preview and similar threads', async () => {
	const page = await openPage(browser);
	try {
		const name = unique('hajime');
		await register(page, name, 'はじめ');
		// Signed in: the header shows the new name.
		await page.locator('.main-nav .nav-user').getByText('はじめ').waitFor();

		await Promise.all([page.waitForURL('**/ask'),
		    page.getByRole('link', { name: '質問する' }).first().click()]);
		assert.equal(await page.locator('h1').innerText(), '質問する');
		await assertLabelled(page);

		// Similar threads appear while the title is typed.
		await page.getByLabel('タイトル').pressSequentially(
		    '送金先のネットワークを間違えた時の取り戻し方', { delay: 5 });
		const similar = page.locator('#similar');
		await similar.waitFor({ state: 'visible' });
		assert.match(await similar.innerText(),
		    /似た質問：すでに回答があるかもしれません/);
		const hit = similar.getByRole('link',
		    { name: /送金先のネットワークを間違えてしまいました/ });
		await hit.waitFor();
		assert.match(await hit.getAttribute('href'), /^\/t\/\d+$/);
		assert.ok(await similar.locator('.tag-official').count() > 0,
		    'the suggestion shows its official-answer badge');

		// The live preview renders the Markdown.
		const body = '## 状況\n\n**USDT** を `TRC20` で送ってしまいました。\n\n' +
		    '- 送金額：100 USDT\n- 送金先：別の取引所\n\n取り戻す方法はありますか？';
		await page.getByLabel('詳細（Markdown）').fill(body);
		const preview = page.locator('#preview');
		await preview.waitFor({ state: 'visible' });
		await preview.locator('strong', { hasText: 'USDT' }).waitFor();
		assert.equal(await preview.locator('code').innerText(), 'TRC20');
		assert.equal(await preview.locator('li').count(), 2);
		assert.equal(await preview.locator('h3, h4, h5, h6').innerText(), '状況');
		assert.equal(await preview.getAttribute('data-label'), 'プレビュー');

		await page.getByLabel('カテゴリー').selectOption({ index: 1 });
		await page.getByLabel('タグ').fill('usdt 送金');
		await Promise.all([page.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
		    page.getByRole('button', { name: '質問を投稿' }).click()]);
		assert.equal(await page.locator('h1').innerText(),
		    '送金先のネットワークを間違えた時の取り戻し方');
		const q = page.locator('article.post-question');
		assert.equal(await q.locator('.post-body strong').innerText(), 'USDT');
		assert.equal(await q.locator('.post-body li').count(), 2);
		assert.match(await q.locator('.post-meta').innerText(), /はじめ/);
		await assertClean(page);
	} finally {
		await closePage(page);
	}
});

journey('2. answer, official answer, staff verification, accept: shown in ' +
    'that order with badges', async () => {
	const asker = await openPage(browser);
	const helper = await openPage(browser);
	const other = await openPage(browser);
	const staff = await openPage(browser);
	try {
		// hanako_w asks.
		await signIn(asker, 'hanako_w');
		await asker.goto('/ask');
		await asker.getByLabel('タイトル').fill('出金が「処理中」のまま 3 日たちました');
		await asker.getByLabel('詳細（Markdown）').fill(
		    '日本円の出金を申請しましたが、**3 日間**「処理中」のままです。\n\n' +
		    '銀行口座は本人名義です。どうすればいいですか？');
		await asker.getByLabel('カテゴリー').selectOption({ index: 2 });
		await Promise.all([asker.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
		    asker.getByRole('button', { name: '質問を投稿' }).click()]);
		const url = asker.url();

		// yuki88 and kenji_t answer.
		const answer = async (page, user, text) => {
			await signIn(page, user);
			await page.goto(url);
			await page.getByLabel('回答（Markdown）').fill(text);
			await Promise.all([page.waitForURL(/#p\d+$/),
			    page.getByRole('button', { name: '回答を投稿' }).click()]);
			return new URL(page.url()).hash.slice(1);
		};
		const yuki = await answer(helper, 'yuki88',
		    '銀行の営業日でないと反映されないことがあります。私は週明けに届きました。');
		const kenji = await answer(other, 'kenji_t',
		    '「入出金履歴」で状態を確認して、変わらなければ問い合わせフォームから連絡すると早いです。');

		// sato_staff posts the official answer and verifies yuki's.
		await signIn(staff, 'sato_staff');
		await staff.goto(url);
		await staff.getByLabel('回答（Markdown）').fill(
		    'ご不便をおかけしております。出金は**銀行の営業日**に順に処理しています。' +
		    '3 営業日を過ぎた場合はお問い合わせフォームからご連絡ください。');
		await staff.getByLabel('公式回答として投稿する').check();
		await Promise.all([staff.waitForURL(/#p\d+$/),
		    staff.getByRole('button', { name: '回答を投稿' }).click()]);
		const official = new URL(staff.url()).hash.slice(1);
		await Promise.all([staff.waitForLoadState('load'),
		    staff.locator(`#${yuki}`).getByRole('button',
		    { name: 'スタッフ確認済みにする' }).click()]);

		// The asker accepts kenji's answer.
		await asker.goto(url);
		await Promise.all([asker.waitForLoadState('load'),
		    asker.locator(`#${kenji}`).getByRole('button',
		    { name: 'ベストアンサーに選ぶ' }).click()]);

		// Everyone (here: a fresh anonymous visitor) sees the order.
		const anon = await openPage(browser);
		try {
			await anon.goto(url);
			const ids = await anon.locator('section.answers article.post')
			    .evaluateAll((els) => els.map((e) => e.id));
			assert.deepEqual(ids, [official, yuki, kenji]);
			const badges = async (id) => (await anon.locator(`#${id} ` +
			    '.post-badges .badge').allInnerTexts()).map((t) => t.trim());
			assert.deepEqual(await badges(official), ['公式回答']);
			assert.deepEqual(await badges(yuki), ['スタッフ確認済み']);
			assert.deepEqual(await badges(kenji), ['ベストアンサー']);
			assert.match(await anon.locator(`#${official} .post-meta`)
			    .innerText(), /スタッフ/);
			assert.match(await anon.locator(`#${yuki} .verified-by`)
			    .innerText(), /確認者/);
			// Distinct at a glance: each kind has its own border colour.
			const colours = await Promise.all([official, yuki, kenji].map(
			    (id) => anon.locator(`#${id}`).evaluate((e) =>
			    getComputedStyle(e).borderLeftColor)));
			assert.equal(new Set(colours).size, 3, colours.join(' / '));
			await assertClean(anon);
		} finally {
			await closePage(anon);
		}
		for (const p of [asker, helper, other, staff])
			await assertClean(p);
	} finally {
		for (const p of [asker, helper, other, staff])
			await closePage(p);
	}
});

journey('3. a fake support number waits for review; a moderator removes it ' +
    'as a scam and purges the account',
async () => {
	const scammer = await openPage(browser);
	const mod = await openPage(browser);
	const anon = await openPage(browser);
	try {
		// A new account answers with a fake support number.
		await register(scammer, unique('tasuke'), 'たすける');
		await scammer.goto('/');
		await Promise.all([scammer.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
		    scammer.locator('a.thread-title').first().click()]);
		const url = scammer.url();
		await scammer.getByLabel('回答（Markdown）').fill(
		    '取引所のサポートセンターに電話すればすぐ戻せます。' +
		    '０３－１２３４－５６７８ に今すぐお電話ください。');
		await Promise.all([scammer.waitForURL(/#p\d+$/),
		    scammer.getByRole('button', { name: '回答を投稿' }).click()]);
		const pid = new URL(scammer.url()).hash.slice(2);
		// The author sees it waiting for review; nobody else sees it.
		const mine = scammer.locator(`#p${pid}`);
		assert.match(await mine.locator('.notice-held').innerText(),
		    /審査待ち|確認待ち/);
		await anon.goto(url);
		assert.equal(await anon.locator(`#p${pid}`).count(), 0);
		assert.doesNotMatch(await anon.content(), /1234－5678|1234-5678/);

		// The moderator finds it in the held queue, removes it as a
		// scam and purges the account.
		await signIn(mod, 'mod_tanaka');
		await mod.goto('/mod/queue/held');
		await Promise.all([mod.waitForURL(`**/mod/post/${pid}`),
		    mod.locator(`a[href="/mod/post/${pid}"]`).first().click()]);
		const form = mod.locator('form.mod-danger');
		await form.locator('select[name="reason"]').selectOption('scam');
		await form.locator('input[name="purge"]').check();
		await form.locator('input[name="user_reason"]').fill('偽サポートの電話番号');
		await form.locator('input[name="confirm"]').check();
		await Promise.all([mod.waitForLoadState('load'),
		    form.locator('button[type="submit"]').click()]);

		// Everyone sees the placeholder where the answer was.
		await anon.goto(url);
		const ph = anon.locator('.post-removed');
		await ph.waitFor();
		assert.doesNotMatch(await anon.content(), /1234－5678|1234-5678/);
		// The scammer was signed out everywhere.
		await scammer.goto(url);
		assert.equal(await scammer.locator('.nav-user').count(), 0);
		for (const p of [scammer, mod, anon])
			await assertClean(p);
	} finally {
		for (const p of [scammer, mod, anon])
			await closePage(p);
	}
});

journey('4. a pasted recovery phrase is held privately and the warning ' +
    'explains why, in Japanese', async () => {
	const page = await openPage(browser);
	const anon = await openPage(browser);
	try {
		await register(page, unique('mayoi'), 'まよい');
		await page.goto('/ask');
		const phrase = 'abandon abandon abandon abandon abandon abandon ' +
		    'abandon abandon abandon abandon abandon about';
		await page.getByLabel('タイトル').fill('ウォレットの残高がゼロになりました。助けてください');
		await page.getByLabel('詳細（Markdown）').fill(
		    'サポートの人に言われて復元フレーズを送りました。\n\n' +
		    `私のフレーズは ${phrase} です。取り戻せますか？`);
		await page.getByLabel('カテゴリー').selectOption({ index: 3 });
		await Promise.all([page.waitForURL(/\/t\/\d+/),
		    page.getByRole('button', { name: '質問を投稿' }).click()]);
		const url = page.url();

		// The author is told, in Japanese, that it is private and why.
		assert.equal(await page.getAttribute('html', 'lang'), 'ja');
		const notice = page.locator('.notice-held');
		await notice.waitFor();
		const text = await notice.innerText();
		assert.match(text, /非公開/);
		assert.match(text, /リカバリーフレーズ/);
		assert.match(text, /あなたとモデレーターだけ/);
		assert.match(text, /誰にも教えないでください/);
		assert.ok(await page.locator('article.post-held').count() > 0);

		// Nobody else sees it: not the thread, not the list.
		expectConsole(anon, /status of 404/);
		const r = await anon.goto(url);
		assert.equal(r.status(), 404);
		await anon.goto('/');
		assert.doesNotMatch(await anon.locator('main').innerText(),
		    /ウォレットの残高がゼロ/);
		assert.doesNotMatch(await anon.content(), /abandon about/);
		await assertClean(page);
		await assertClean(anon);
	} finally {
		await closePage(page);
		await closePage(anon);
	}
});

journey('5. a posting limit: the 429 page says when to retry and keeps the ' +
    'text', async () => {
	const page = await openPage(browser);
	try {
		// A new account may ask 3 questions at once (tests/browser/limits.conf,
		// as conf/limits.conf); the fourth is refused.
		await register(page, unique('isogi'), 'いそぎ');
		let r;
		for (let i = 1; i <= 4; i++) {
			await page.goto('/ask');
			await page.getByLabel('タイトル').fill(`急ぎの質問その${i}：入金が反映されません`);
			await page.getByLabel('詳細（Markdown）').fill(
			    `${i} 回目の質問です。銀行振込で入金しましたが、まだ反映されていません。`);
			await page.getByLabel('カテゴリー').selectOption({ index: 2 });
			if (i === 4)
				expectConsole(page, /status of 429/);
			[r] = await Promise.all([page.waitForNavigation(),
			    page.getByRole('button', { name: '質問を投稿' }).click()]);
			if (i < 4)
				assert.match(page.url(), /\/t\/\d+(\?posted=\w+)?$/, `question ${i} posted`);
		}
		assert.equal(r.status(), 429);
		assert.match(r.headers()['retry-after'] || '', /^\d+$/);
		const main = page.locator('main');
		assert.match(await page.locator('h1').innerText(), /429/);
		assert.match(await main.innerText(), /後にもう一度|分後|秒後|時間後/);
		// The text typed is still there, and can be sent again later.
		assert.equal(await main.locator('textarea[name="body"]').inputValue(),
		    '4 回目の質問です。銀行振込で入金しましたが、まだ反映されていません。');
		assert.equal(await main.locator('[name="title"]').inputValue(),
		    '急ぎの質問その4：入金が反映されません');
		await assertLabelled(page);
		await assertClean(page);
	} finally {
		await closePage(page);
	}
});

journey('6. switching the language to English changes the interface',
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

journey('7. without JavaScript: register, ask, answer, vote, accept and ' +
    'search through plain forms', async () => {
	const asker = await openPage(browser, { javaScript: false });
	const helper = await openPage(browser, { javaScript: false });
	try {
		await register(asker, unique('nojs'), 'スクリプトなし');
		await asker.locator('.main-nav .nav-user').getByText('スクリプトなし')
		    .waitFor();
		await asker.goto('/ask');
		const title = 'スクリプトなしで入金履歴を確認する方法 ' +
		    unique('q').slice(-6);
		await asker.getByLabel('タイトル').fill(title);
		await asker.getByLabel('詳細（Markdown）').fill(
		    '**入金履歴**はどの画面で見られますか？スマホのブラウザで' +
		    'JavaScript を切っています。');
		await asker.getByLabel('カテゴリー').selectOption({ index: 2 });
		await Promise.all([asker.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
		    asker.getByRole('button', { name: '質問を投稿' }).click()]);
		const url = asker.url();
		assert.equal(await asker.locator('h1').innerText(), title);
		// the preview area stays hidden: the server renders on post
		assert.equal(await asker.locator('.post-question .post-body strong')
		    .innerText(), '入金履歴');

		await signIn(helper, 'yuki88');
		await helper.goto(url);
		await helper.getByLabel('回答（Markdown）').fill(
		    'メニューの「入出金」→「履歴」で確認できます。');
		await Promise.all([helper.waitForURL(/#p\d+$/),
		    helper.getByRole('button', { name: '回答を投稿' }).click()]);
		const pid = new URL(helper.url()).hash.slice(2);
		assert.equal(await helper.locator(`#p${pid}`).getByRole('button',
		    { name: '役に立った' }).count(), 0,
		    'no vote button on one\'s own answer');

		await asker.goto(url);
		const a = asker.locator(`#p${pid}`);
		await Promise.all([asker.waitForLoadState('load'),
		    a.getByRole('button', { name: '役に立った' }).click()]);
		assert.match(await asker.locator(`#p${pid} .score`).innerText(),
		    /1/);
		await Promise.all([asker.waitForLoadState('load'),
		    asker.locator(`#p${pid}`).getByRole('button',
		    { name: 'ベストアンサーに選ぶ' }).click()]);
		await asker.locator(`#p${pid} .badge-accepted`).waitFor();

		// search is a GET form
		await asker.goto('/search');
		await asker.locator('main input[name="q"]').fill('入金履歴');
		await Promise.all([asker.waitForURL(/\/search\?/),
		    asker.locator('main input[name="q"]').press('Enter')]);
		assert.ok(await asker.locator(`a.thread-title[href="${
		    new URL(url).pathname}"]`).count() > 0,
		    `the thread is found: ${asker.url()} ${
		    (await asker.locator('main').innerText()).slice(0, 400)}`);
	} finally {
		for (const p of [asker, helper])
			await closePage(p);
	}
});

journey('8. a destructive button asks first: "sign out everywhere" is ' +
    'confirmed in the page\'s language', async () => {
	const page = await openPage(browser);
	try {
		await signIn(page, 'kenji_t');
		await page.goto('/settings/sessions');
		const btn = page.getByRole('button',
		    { name: 'すべての端末からログアウト' });
		let asked = null;
		page.once('dialog', async (d) => {
			asked = d.message();
			await d.dismiss();
		});
		await btn.click();
		await page.waitForTimeout(300);
		assert.match(asked || '', /ログアウト/);
		assert.equal(new URL(page.url()).pathname, '/settings/sessions',
		    'dismissed: nothing happened');
		assert.ok(await page.locator('.nav-user').count() > 0);
		page.once('dialog', (d) => d.accept());
		await Promise.all([page.waitForLoadState('load'), btn.click()]);
		await page.goto('/');
		assert.equal(await page.locator('.nav-user').count(), 0,
		    'accepted: signed out');
		await assertClean(page);
	} finally {
		await closePage(page);
	}
});

journey('9. a screenshot pasted into the question is uploaded with a ' +
    'progress bar and shown; a file that is not a picture is refused',
    async () => {
	const page = await openPage(browser);
	try {
		await register(page, unique('gazou'), 'がぞう');
		await page.goto('/ask');
		await assertLabelled(page);
		const box = page.locator('.upload-box');
		// JavaScript replaced the plain form's link with a picker.
		assert.equal(await box.locator('a[href="/uploads/new"]').count(), 0);
		await box.getByRole('button', { name: '画像を追加' }).waitFor();

		await page.getByLabel('詳細（Markdown）').fill(
		    '出金画面で次のエラーが出ます。\n');
		// Paste a screenshot drawn on a canvas, as a browser pastes one.
		await page.evaluate(async () => {
			const c = document.createElement('canvas');
			c.width = 480;
			c.height = 160;
			const g = c.getContext('2d');
			g.fillStyle = '#fff';
			g.fillRect(0, 0, 480, 160);
			g.fillStyle = '#000';
			g.font = '28px sans-serif';
			g.fillText('Error 504: Gateway timeout', 20, 80);
			const blob = await new Promise((ok) => c.toBlob(ok, 'image/png'));
			const dt = new DataTransfer();
			dt.items.add(new File([blob], 'paste.png', { type: 'image/png' }));
			const ta = document.getElementById('body');
			ta.focus();
			ta.selectionStart = ta.selectionEnd = ta.value.length;
			ta.dispatchEvent(new ClipboardEvent('paste',
			    { clipboardData: dt, bubbles: true, cancelable: true }));
		});
		const status = box.locator('[role="status"]');
		await page.waitForFunction(() => /!\[\]\(\/uploads\/[0-9a-f]{64}\.png\)/
		    .test(document.getElementById('body').value), null,
		    { timeout: 60000 });
		assert.equal(await status.innerText(), '画像を本文に追加しました。');
		assert.ok(await box.locator('progress').isHidden());
		const text = await page.locator('#body').inputValue();
		const url = text.match(/\/uploads\/[0-9a-f]{64}\.png/)[0];
		// The preview shows the picture itself (the uploader may see it).
		await page.locator(`#preview img[src="${url}"]`).waitFor();

		// A text file through the picker: refused, in Japanese.
		expectConsole(page, /status of 415/);
		await page.locator('.upload-box input[type=file]').setInputFiles({
			name: 'memo.png', mimeType: 'image/png',
			buffer: Buffer.from('not a picture at all\n'.repeat(20)),
		});
		await page.waitForFunction(() => /PNG・JPEG・WebPの画像ではありません/
		    .test(document.querySelector('.upload-box [role="status"]')
		    .textContent), null, { timeout: 30000 });
		assert.equal(await page.locator('#body').inputValue(), text);
		await assertClean(page);
	} finally {
		await closePage(page);
	}
});

journey('10. search from the header box: conjugated and synonym queries find ' +
    'their threads, with a count and marked plain-text snippets, at 1280 ' +
    'and 390 px in Japanese and English', async () => {
	const cases = [
		{ locale: 'ja-JP', q: '2FAが使えない', hit: /機種変更で二段階認証/,
		    count: /件/, label: 'フォーラムを検索' },
		{ locale: 'en-US', q: 'withdrawals', hit: /JPY withdrawal/,
		    count: /results?/, label: 'Search the forum' },
	];
	for (const c of cases) {
		for (const width of [1280, 390]) {
			const page = await openPage(browser,
			    { locale: c.locale, width });
			try {
				await page.goto('/');
				const box = page.getByRole('searchbox',
				    { name: c.label });
				await box.fill(c.q);
				await Promise.all([page.waitForURL(/\/search\?/),
				    box.press('Enter')]);
				const hit = page.locator('.search-hit a.thread-title',
				    { hasText: c.hit });
				await hit.first().waitFor();
				assert.match(await page.locator('.result-count')
				    .innerText(), c.count);
				const snip = page.locator('.search-hit .snippet').first();
				assert.ok(await snip.locator('mark').count() > 0,
				    'the match is marked');
				assert.doesNotMatch(await snip.innerText(), /\*\*/);
				if (process.env.SODAN_SHOTS)
					await page.screenshot({ fullPage: true, path:
					    `${process.env.SODAN_SHOTS}/search-` +
					    `${c.locale.slice(0, 2)}-${width}.png` });
				const wide = await page.evaluate(() => [
				    document.documentElement.scrollWidth,
				    [...document.querySelectorAll('body *')].filter(
				    (e) => e.getBoundingClientRect().right > innerWidth)
				    .map((e) => e.tagName + '.' + e.className).slice(0, 5)]);
				assert.ok(wide[0] <= width, `page ${wide[0]} px wide ` +
				    `at ${width}: ${wide[1].join(', ')}`);
				await assertLabelled(page);
				await assertClean(page);
			} finally {
				await closePage(page);
			}
		}
	}
});

journey('12. no dead ends: a draft survives leaving the page and is dropped ' +
    'once posted; a failed form gives the focus to its errors; the ' +
    'language switch after a failed answer lands on the thread, draft kept',
async () => {
	const page = await openPage(browser, { locale: 'ja-JP' });
	try {
		await register(page, unique('mayoi'), 'まよい');
		const title = '下書きのテスト：出金先の口座を変えたいです';
		const body = '銀行を変えたので、出金先の口座を新しいものにしたいです。手順を教えてください。';
		await page.goto('/ask');
		await page.getByLabel('タイトル').fill(title);
		await page.getByLabel('詳細（Markdown）').fill(body);
		await page.waitForTimeout(700);		/* the draft is saved after 300 ms */
		await page.goto('/');
		await page.goto('/ask');
		assert.equal(await page.getByLabel('タイトル').inputValue(), title,
		    'the title is restored');
		assert.equal(await page.getByLabel('詳細（Markdown）').inputValue(),
		    body, 'the text is restored');
		await page.getByLabel('カテゴリー').selectOption({ index: 2 });
		await Promise.all([page.waitForURL(/\/t\/\d+\?posted=\w+$/),
		    page.getByRole('button', { name: '質問を投稿' }).click()]);
		assert.match(await page.locator('[data-posted]').innerText(),
		    /質問を投稿しました|モデレーターの確認/);
		await page.goto('/ask');
		assert.equal(await page.getByLabel('タイトル').inputValue(), '',
		    'the draft is gone once posted');

		// The flag form: "その他" without a note comes back, focus on the
		// error summary, the choice kept, the post shown.
		const [tid, pid] = psql("SELECT p.thread_id || ' ' || p.id FROM " +
		    "posts p JOIN users u ON u.id = p.author_id WHERE " +
		    "u.username = 'kenji_t' AND p.state = 'visible' ORDER BY p.id " +
		    'LIMIT 1').trim().split(' ');
		const thread = `/t/${tid}`;
		await page.goto(thread);
		await Promise.all([page.waitForURL(/\/flag$/),
		    page.locator(`a[href="/p/${pid}/flag"]`).click()]);
		assert.ok(await page.getByRole('heading', { name: '通報する投稿' })
		    .isVisible());
		await page.getByRole('radio', { name: 'その他' }).check();
		expectConsole(page, /status of 400/);
		const [r] = await Promise.all([page.waitForNavigation(),
		    page.getByRole('button', { name: '通報する' }).click()]);
		assert.equal(r.status(), 400);
		await page.waitForFunction(() => document.activeElement &&
		    document.activeElement.classList.contains('form-errors'));
		assert.equal(await page.getByRole('radio', { name: 'その他' }).isChecked(), true);
		await page.locator('#note').fill('偽のサポート窓口に誘導しています。');
		await Promise.all([page.waitForNavigation(),
		    page.getByRole('button', { name: '通報する' }).click()]);
		assert.ok(await page.locator('main [role="status"]').isVisible());

		// An answer refused by the server (too short): the switch to
		// English lands on the thread, not on the POST-only address,
		// and the text typed comes back from the draft.
		await page.goto(thread);
		const ans = page.getByLabel('回答（Markdown）');
		await ans.evaluate((e) => e.removeAttribute('minlength'));
		await ans.fill('短い');
		expectConsole(page, /status of 422/);
		await Promise.all([page.waitForURL(/\/answer$/),
		    page.getByRole('button', { name: '回答を投稿' }).click()]);
		await page.waitForFunction(() => document.activeElement &&
		    document.activeElement.classList.contains('form-errors'));
		await Promise.all([page.waitForURL((u) => u.pathname === thread),
		    page.getByRole('button', { name: 'English' }).click()]);
		await page.waitForFunction(() =>
		    document.documentElement.lang === 'en');
		assert.equal(await page.getByLabel('Answer (Markdown)').inputValue(),
		    '短い', 'the answer typed is kept');
		await assertLabelled(page);
		await assertClean(page);
	} finally {
		await closePage(page);
	}
});

// Every page type, anonymous and signed in as each role, at 1280 and 390
// px: axe-core (WCAG 2.1 A and AA) finds nothing, no page is wider than
// the window, the phone header is one row, touch targets are 40 px.
// With SODAN_AXE_REPORT=FILE the counts per page go to FILE (docs/ui.md).
journey('13. every page type passes axe-core and fits the window at 1280 and ' +
    '390 px, anonymous and as a member, staff and a moderator', async () => {
	const [tid, pid] = psql("SELECT p.thread_id || ' ' || p.id FROM posts " +
	    "p JOIN users u ON u.id = p.author_id WHERE u.username = " +
	    "'kenji_t' AND p.state = 'visible' ORDER BY p.id LIMIT 1")
	    .split(' ');
	const slug = psql('SELECT slug FROM categories ORDER BY id LIMIT 1');
	const modPost = psql("SELECT p.id FROM posts p JOIN users u ON " +
	    "u.id = p.author_id WHERE u.username = 'yuki88' ORDER BY p.id " +
	    'LIMIT 1');
	const roles = [
		{ who: 'anonymous', pages: ['/', `/t/${tid}`, `/c/${slug}`,
		    '/search?q=出金', '/official', '/moderation', '/staff',
		    '/u/kenji_t', '/login', '/register', '/login/forgot'] },
		{ who: 'member', pages: ['/', `/t/${tid}`, '/ask',
		    `/p/${pid}/flag`, '/settings', '/notifications',
		    '/settings/sessions', '/settings/2fa'] },
		{ who: 'staff', user: 'sato_staff', pages: [`/t/${tid}`, '/staff',
		    '/staff/desk', '/staff/stats'] },
		{ who: 'moderator', user: 'mod_tanaka', pages: ['/mod',
		    '/mod/queue/held', '/mod/queue/flagged', `/mod/post/${modPost}`,
		    '/mod/log', '/mod/limits'] },
	];
	const bad = [];
	const report = [];
	for (const role of roles) {
		const page = await openPage(browser);
		try {
			if (role.who === 'member')
				await register(page, unique('axe'), 'アクセシビリティ');
			else if (role.user)
				await signIn(page, role.user);
			for (const width of [1280, 390]) {
				await page.setViewportSize({ width, height: 900 });
				for (const path of role.pages) {
					const r = await page.goto(path);
					const where = `${role.who} ${width} ${path}`;
					if (r.status() !== 200)
						bad.push(`${where}: status ${r.status()}`);
					const v = await axeViolations(page);
					report.push(`${role.who}\t${width}\t${path}\t${v.length}`);
					for (const x of v)
						bad.push(`${where}: ${x}`);
					const over = await overflowX(page);
					if (over > 0)
						bad.push(`${where}: ${over} px wider than the window`);
					if (width === 390) {
						const h = await page.locator('.site-header')
						    .evaluate((e) => e.getBoundingClientRect().height);
						if (h > 72)
							bad.push(`${where}: header ${h} px high`);
						// Every target a finger hits is 40 px high.
						for (const t of await smallTargets(page))
							bad.push(`${where}: target ${t}`);
					}
				}
			}
			// The phone menu opens without script and holds the links.
			await page.setViewportSize({ width: 390, height: 900 });
			await page.goto('/');
			const menu = page.locator('.nav-menu summary');
			await menu.click();
			assert.ok(await page.locator('.menu-nav').getByRole('link',
			    { name: /カテゴリー/ }).isVisible(), `${role.who}: menu`);
			if (role.who === 'moderator')
				assert.ok(await page.locator('.menu-nav a[href="/mod"]')
				    .isVisible());
			// Per-post buttons are 40 px high at least.
			await page.goto(`/t/${tid}`);
			for (const b of await page.locator('.post-actions .btn').all()) {
				const h = await b.evaluate((e) =>
				    e.getBoundingClientRect().height);
				if (h < 40)
					bad.push(`${role.who} 390 /t/${tid}: a button ${h} px high`);
			}
			await assertClean(page);
		} finally {
			await closePage(page);
		}
	}
	if (process.env.SODAN_AXE_REPORT)
		writeFileSync(process.env.SODAN_AXE_REPORT, report.join('\n') + '\n');
	assert.deepEqual(bad, [], bad.join('\n'));
});

journey('the checks see a CSP violation (self-test of assertClean)',
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

journey('11. forgot password: the link from the mail sets a new password, ' +
    'signs in with it, and fails the second time', async () => {
	const page = await openPage(browser);
	try {
		const name = unique('wasure');
		const addr = `${name}@example.org`;
		await register(page, name, 'わすれ');
		psql(`UPDATE users SET email = '${addr}', email_verified_at = ` +
		    `now() WHERE username = '${name}'`);
		await page.context().clearCookies();
		await page.goto('/login');
		await Promise.all([page.waitForURL('**/login/forgot'),
		    page.getByRole('link', { name: 'パスワードをお忘れですか？' })
		    .click()]);
		await assertLabelled(page);
		await page.getByLabel('メールアドレス').fill(addr);
		await Promise.all([page.waitForLoadState('load'),
		    page.getByRole('button', { name: 'リンクを送信' }).click()]);
		await page.getByText('リンクは30分間、1回だけ使えます').waitFor();

		// The mail, as the local SMTP sink stored it.
		const link = await mailLink(addr, '/login/reset');
		await page.goto(link);
		const pw = 'atarashii-kagi-2026-x';
		await page.getByLabel('新しいパスワード', { exact: true }).fill(pw);
		await page.locator('#password2').fill(pw);
		await Promise.all([page.waitForURL('**/login'),
		    page.getByRole('button', { name: 'パスワードを設定' }).click()]);
		await signIn(page, name, pw);
		await page.locator('.main-nav .nav-user').getByText('わすれ').waitFor();

		// The link works once (the page says so, with status 400).
		expectConsole(page, /status of 400/);
		await page.goto(link);
		await page.getByText('このリンクはもう使えません').waitFor();
		await assertClean(page);
	} finally {
		await closePage(page);
	}
});

journey('12. escalate to official support: a member asks staff privately, ' +
    'staff answer with a canned reply, the member reads it; a breached ' +
    'SLA on the staff desk', async () => {
	const member = await openPage(browser);
	const staff = await openPage(browser);
	try {
		const name = unique('soudan');
		await register(member, name, 'そうだん');
		await member.goto('/ask');
		await member.getByLabel('タイトル').fill(
		    '出金が二日間「処理中」のままです（公式サポート）');
		await member.getByLabel('詳細（Markdown）').fill(
		    'BTC の出金が二日間処理中のままです。どうすればよいですか？');
		await member.getByLabel('カテゴリー').selectOption('deposits');
		await Promise.all([member.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
		    member.getByRole('button', { name: '質問を投稿' }).click()]);
		const tid = Number(new URL(member.url()).pathname.split('/')[2]);

		// The asker opens a case; the recovery phrase pasted in it is
		// masked before it is saved, and the page says why.
		await member.locator('summary', { hasText: '公式サポートに相談' })
		    .click();
		await assertLabelled(member);
		await member.getByLabel(/公式サポートへのメッセージ/).fill(
		    '出金ID W-88812 です。必要なら: legal winner thank year wave ' +
		    'sausage worth useful legal winner thank yellow');
		await Promise.all([member.waitForURL(/\/support\/\d+\?masked=1$/),
		    member.locator('form[action$="/escalate"] button').click()]);
		const cid = Number(new URL(member.url()).pathname.split('/')[2]);
		await member.locator('#masked-warning').getByText(
		    'スタッフがそれを尋ねることは決してありません').waitFor();
		const mine = await member.locator('.support-msg').first().innerText();
		assert.match(mine, /W-88812/);
		assert.doesNotMatch(mine, /sausage/);
		assert.match(mine, /\[secret masked\]/);

		// Staff find it on the desk and answer with a canned reply.
		// emma_staff's account is in English: signed in, the desk
		// speaks it in a Japanese browser too.
		await signIn(staff, 'emma_staff');
		await staff.goto('/staff/desk');
		assert.equal(await staff.getAttribute('html', 'lang'), 'en');
		await assertLabelled(staff);
		const row = staff.locator(`tr[data-case="${cid}"]`);
		await Promise.all([staff.waitForURL(`**/support/${cid}`),
		    row.locator(`a[href="/support/${cid}"]`).click()]);
		await staff.getByLabel('Canned reply').selectOption('received.ja');
		await Promise.all([staff.waitForURL(/canned=received\.ja/),
		    staff.getByRole('button', { name: 'Insert', exact: true })
		    .click()]);
		const text = await staff.locator('#support-body').inputValue();
		assert.match(text, /そうだん 様/);
		assert.match(text, new RegExp(`相談 #${cid}`));
		await Promise.all([staff.waitForURL(`**/support/${cid}`),
		    staff.getByRole('button', { name: 'Send', exact: true })
		    .click()]);
		await staff.locator('.support-msg-staff').waitFor();

		// The member is told in the forum and reads the answer.
		await member.goto('/notifications');
		await Promise.all([member.waitForURL(`**/support/${cid}`),
		    member.getByRole('link', { name: /出金が二日間/ }).first()
		    .click()]);
		const reply = await member.locator('.support-msg-staff').innerText();
		assert.match(reply, /受け付けました/);
		assert.match(reply, /そうだん 様/);
		// The public thread says only that it was escalated.
		const anon = await openPage(browser);
		try {
			await anon.goto(`/t/${tid}`);
			await anon.getByText('公式サポートに相談中').waitFor();
			assert.doesNotMatch(await anon.content(), /W-88812/);
			await assertClean(anon);
		} finally {
			await closePage(anon);
		}

		// Two days without an answer: the desk shows the breach.
		psql(`UPDATE threads SET created_at = now() - interval '2 days' ` +
		    `WHERE id = ${tid}`);
		await staff.goto('/staff/desk');
		const late = staff.locator(`tr[data-thread="${tid}"]`);
		assert.equal(await late.locator('[data-sla="breach"]').count(), 3);
		await late.getByText('SLA breached').first().waitFor();
		await assertClean(member);
		await assertClean(staff);
	} finally {
		await closePage(member);
		await closePage(staff);
	}
});

// The first link to path in the newest mail to addr under DIR/mail.
async function mailLink(addr, path) {
	const dir = join(process.env.SODAN_TEST_DIR, 'mail');
	for (let i = 0; i < 100; i++) {
		const files = existsSync(dir) ? readdirSync(dir)
		    .filter((f) => f.endsWith('.eml')).sort().reverse() : [];
		for (const f of files) {
			const raw = readFileSync(join(dir, f), 'latin1');
			if (!raw.includes(`<${addr}>`))
				continue;
			const text = Buffer.from(raw.split(/\r\n\r\n/)[2]
			    .replace(/\s+/g, ''), 'base64').toString('utf8');
			const m = text.match(new RegExp(
			    `https?://\\S+${path}\\?token=[A-Za-z0-9_-]+`));
			assert.ok(m, `a ${path} link in the mail`);
			return new URL(m[0]).pathname + new URL(m[0]).search;
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	assert.fail(`no mail to ${addr} in ${dir}`);
}

journey('12. watching a thread: a staff member\'s official answer arrives by ' +
    'mail, and the mail links the answer in the thread', async () => {
	const member = await openPage(browser);
	const staff = await openPage(browser);
	try {
		const name = unique('mimamori');
		const addr = `${name}@example.org`;
		await register(member, name, 'みまもり');
		psql(`UPDATE users SET email = '${addr}', email_verified_at = ` +
		    `now() WHERE username = '${name}'`);
		await member.goto('/');
		await Promise.all([member.waitForURL(/\/t\/\d+$/),
		    member.locator('a.thread-title').first().click()]);
		const url = member.url();
		// The level buttons: a labelled group; "watching" pressed.
		await assertLabelled(member);
		await Promise.all([member.waitForURL(url),
		    member.getByRole('button', { name: 'ウォッチ', exact: true })
		    .click()]);
		assert.match(await member.locator('form.watch legend').innerText(),
		    /ウォッチ/);
		await member.goto('/watching');
		assert.ok(await member.locator(
		    `a[href="${new URL(url).pathname}"]`).count() > 0);

		await signIn(staff, 'sato_staff');
		await staff.goto(url);
		await staff.getByLabel('回答（Markdown）').fill(
		    '公式にお答えします。手続きは**営業日**に順に進めています。');
		await staff.getByLabel('公式回答として投稿する').check();
		await Promise.all([staff.waitForURL(/#p\d+$/),
		    staff.getByRole('button', { name: '回答を投稿' }).click()]);
		const official = new URL(staff.url()).hash;

		// The mail, as the local SMTP sink stored it, links the answer.
		const link = await mailPath(addr, /https?:\/\/\S+\/t\/\d+#p\d+/);
		assert.equal(link, new URL(url).pathname + official);
		await member.goto(link);
		await member.locator(`${official} .badge, ${official}`).first()
		    .waitFor();
		assert.match(await member.locator(official).innerText(),
		    /営業日/);
		for (const p of [member, staff])
			await assertClean(p);
	} finally {
		for (const p of [member, staff])
			await closePage(p);
	}
});

journey('13. an appeal: the removal mail links the appeal form; the moderator ' +
    'who removed cannot decide it; another one restores the post',
async () => {
	const author = await openPage(browser);
	const mod = await openPage(browser);
	const other = await openPage(browser);
	try {
		const name = unique('igi');
		const addr = `${name}@example.org`;
		await register(author, name, 'いぎ');
		psql(`UPDATE users SET email = '${addr}', email_verified_at = ` +
		    `now() WHERE username = '${name}'`);
		await author.goto('/');
		await Promise.all([author.waitForURL(/\/t\/\d+$/),
		    author.locator('a.thread-title').nth(1).click()]);
		const url = author.url();
		await author.getByLabel('回答（Markdown）').fill(
		    '私も同じでした。翌営業日には反映されていました。');
		await Promise.all([author.waitForURL(/#p\d+$/),
		    author.getByRole('button', { name: '回答を投稿' }).click()]);
		const pid = new URL(author.url()).hash.slice(2);

		// mod_tanaka removes it as off-topic.
		await signIn(mod, 'mod_tanaka');
		await mod.goto(`/mod/post/${pid}`);
		const form = mod.locator('form.mod-danger');
		await form.locator('select[name="reason"]')
		    .selectOption('offtopic');
		await form.locator('input[name="confirm"]').check();
		await Promise.all([mod.waitForLoadState('load'),
		    form.locator('button[type="submit"]').click()]);
		assert.equal(psql(`SELECT state FROM posts WHERE id = ${pid}`),
		    'removed');

		// The author follows the mail's appeal link.
		const link = await mailPath(addr,
		    /https?:\/\/\S+\/p\/\d+\/appeal/);
		assert.equal(link, `/p/${pid}/appeal`);
		await author.goto(link);
		await assertLabelled(author);
		await author.getByLabel('投稿を復元すべき理由').fill(
		    '質問への回答として、自分の経験を書きました。');
		await Promise.all([author.waitForLoadState('load'),
		    author.getByRole('button', { name: '異議を申し立てる' })
		    .click()]);
		await author.getByText('異議申し立てを送信しました').waitFor();

		// The moderator who removed it sees it, and may not decide it.
		await mod.goto('/mod/queue/appeals');
		const item = mod.locator('li.appeal').filter({ hasText:
		    '自分の経験を書きました' });
		await item.getByText('この投稿はあなたが削除しました').waitFor();
		expectConsole(mod, /status of 403/);
		await Promise.all([mod.waitForLoadState('load'),
		    item.getByRole('button', { name: '投稿を復元する' })
		    .click()]);
		assert.equal(psql(`SELECT state FROM posts WHERE id = ${pid}`),
		    'removed');

		// Another moderator (the admin) restores it.
		await signIn(other, 'admin');
		await other.goto('/mod/queue/appeals');
		const again = other.locator('li.appeal').filter({ hasText:
		    '自分の経験を書きました' });
		await Promise.all([other.waitForURL('**/mod/queue/appeals'),
		    again.getByRole('button', { name: '投稿を復元する' })
		    .click()]);
		assert.equal(psql(`SELECT state FROM posts WHERE id = ${pid}`),
		    'visible');
		await author.goto(url);
		assert.match(await author.locator(`#p${pid}`).innerText(),
		    /翌営業日/);
		await author.goto('/notifications');
		await author.getByText('異議申し立てが認められ').waitFor();
		for (const p of [author, mod, other])
			await assertClean(p);
	} finally {
		for (const p of [author, mod, other])
			await closePage(p);
	}
});

// The path of the first URL matching re in the newest mail to addr (every
// base64 part of it decoded), waiting for the mail thread.
async function mailPath(addr, re) {
	const dir = join(process.env.SODAN_TEST_DIR, 'mail');
	for (let i = 0; i < 150; i++) {
		const files = existsSync(dir) ? readdirSync(dir)
		    .filter((f) => f.endsWith('.eml')).sort().reverse() : [];
		for (const f of files) {
			const raw = readFileSync(join(dir, f), 'latin1');
			if (!raw.includes(`<${addr}>`))
				continue;
			for (const part of raw.split(/\r\n\r\n/)) {
				const text = Buffer.from(part.replace(/\s+/g, ''),
				    'base64').toString('utf8');
				const m = text.match(re);
				if (m)
					return new URL(m[0]).pathname +
					    new URL(m[0]).hash;
			}
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	assert.fail(`no mail to ${addr} matching ${re} in ${dir}`);
}

// The header block of the newest mail to addr (as the SMTP sink stored it).
function mailHeaders(addr) {
	const dir = join(process.env.SODAN_TEST_DIR, 'mail');
	const files = readdirSync(dir).filter((f) => f.endsWith('.eml'))
	    .sort().reverse();
	for (const f of files) {
		const raw = readFileSync(join(dir, f), 'latin1');
		if (raw.includes(`<${addr}>`))
			return raw.split(/\r\n\r\n/)[0];
	}
	return '';
}

// A member registered through the (Japanese) form, then signed in on a
// page in English: the journeys below are the English side of 12 and 13.
async function englishMember(prefix, display) {
	const name = unique(prefix);
	const addr = `${name}@example.org`;
	const ja = await openPage(browser);
	try {
		await register(ja, name, display);
	} finally {
		await closePage(ja);
	}
	psql(`UPDATE users SET email = '${addr}', email_verified_at = now(), ` +
	    `lang = 'en' WHERE username = '${name}'`);
	const page = await openPage(browser, { locale: 'en-US' });
	await signIn(page, name, 'kumo-to-sakura-no-umi-77');
	return { name, addr, page };
}

journey('14. in English: watching a thread, the official answer arrives by ' +
    'mail in English and links the answer', async () => {
	const { addr, page: member } = await englishMember('watch', 'Watcher');
	const staff = await openPage(browser, { locale: 'en-US' });
	try {
		await member.goto('/');
		await Promise.all([member.waitForURL(/\/t\/\d+$/),
		    member.locator('a.thread-title').first().click()]);
		const url = member.url();
		await assertLabelled(member);
		await Promise.all([member.waitForURL(url),
		    member.getByRole('button', { name: 'Watching', exact: true })
		    .click()]);
		assert.match(await member.locator('form.watch legend').innerText(),
		    /Watching/);
		await member.goto('/watching');
		assert.ok(await member.locator(
		    `a[href="${new URL(url).pathname}"]`).count() > 0);

		await signIn(staff, 'emma_staff');
		await staff.goto(url);
		await staff.getByLabel('Answer (Markdown)').fill(
		    'Official answer: reviews finish within one **business day**.');
		await staff.getByLabel(/Post as the official answer/).check();
		await Promise.all([staff.waitForURL(/#p\d+$/),
		    staff.getByRole('button', { name: 'Post your answer' })
		    .click()]);
		const official = new URL(staff.url()).hash;

		const link = await mailPath(addr, /https?:\/\/\S+\/t\/\d+#p\d+/);
		assert.equal(link, new URL(url).pathname + official);
		assert.ok(mailHeaders(addr).includes('Content-Language: en'),
		    'the mail is in English');
		await member.goto(link);
		assert.match(await member.locator(official).innerText(),
		    /business day/);
		for (const p of [member, staff])
			await assertClean(p);
	} finally {
		for (const p of [member, staff])
			await closePage(p);
	}
});

// toEnglish(page): the header's language switch, as a signed-in member
// would press it (it saves the account's language too).
async function toEnglish(page) {
	await Promise.all([page.waitForLoadState('load'),
	    page.getByRole('button', { name: 'English' }).click()]);
	await page.waitForFunction(() => document.documentElement.lang === 'en');
}

journey('15. in English: a suspended member appeals from the sign-in notice; ' +
    'the moderator who suspended cannot decide; another lifts the ' +
    'suspension and the member signs in again', async () => {
	const { name, addr, page: member } = await englishMember('appeal',
	    'Appealer');
	const mod = await openPage(browser, { locale: 'en-US' });
	const other = await openPage(browser, { locale: 'en-US' });
	try {
		const uid = psql(`SELECT id FROM users WHERE username = '${name}'`);
		await signIn(mod, 'mod_tanaka');
		// The moderators' accounts are Japanese: signed in, the account's
		// language decides, so they switch (set back in finally).
		await toEnglish(mod);
		await mod.goto(`/mod/user/${uid}/purge`);
		await assertLabelled(mod);
		await mod.getByLabel('Suspend only').check();
		await mod.locator('input[name="days"]').fill('30');
		await mod.locator('input[name="reason"]').fill(
		    'Posted a fake support number');
		await mod.getByLabel('I confirm this action on the account')
		    .check();
		await Promise.all([mod.waitForLoadState('load'),
		    mod.getByRole('button', { name: 'Apply' }).click()]);
		assert.equal(psql(`SELECT suspended_until > now() FROM users ` +
		    `WHERE id = ${uid}`), 't');

		// Signing in shows why, until when, and the appeal link.
		await member.context().clearCookies();
		await member.goto('/login');
		await member.locator('#username').fill(name);
		await member.locator('#password').fill('kumo-to-sakura-no-umi-77');
		expectConsole(member, /status of 403/);
		await Promise.all([member.waitForLoadState('load'),
		    member.locator('form[action="/login"] button[type=submit]')
		    .click()]);
		await member.getByText('Posted a fake support number').first()
		    .waitFor();
		await Promise.all([member.waitForURL(/\/appeal\/suspension\?/),
		    member.getByRole('link', { name: 'Appeal this suspension' })
		    .click()]);
		await assertLabelled(member);
		await member.getByLabel('Why should the suspension be lifted?')
		    .fill('I never posted a phone number; please check again.');
		await Promise.all([member.waitForLoadState('load'),
		    member.getByRole('button', { name: 'Send the appeal' })
		    .click()]);
		await member.getByText('Your appeal was sent').waitFor();

		// The moderator who suspended sees it and may not decide it.
		await mod.goto('/mod/queue/appeals');
		const item = mod.locator('li.appeal').filter({ hasText:
		    'please check again' });
		await item.getByText('You suspended this member').waitFor();
		expectConsole(mod, /status of 403/);
		await Promise.all([mod.waitForLoadState('load'),
		    item.getByRole('button', { name: 'Lift the suspension' })
		    .click()]);
		assert.equal(psql(`SELECT suspended_until > now() FROM users ` +
		    `WHERE id = ${uid}`), 't');

		// Another moderator (the admin) lifts it; the member is told
		// by mail and signs in again.
		await signIn(other, 'admin');
		await toEnglish(other);
		await other.goto('/mod/queue/appeals');
		const again = other.locator('li.appeal').filter({ hasText:
		    'please check again' });
		await Promise.all([other.waitForURL('**/mod/queue/appeals'),
		    again.getByRole('button', { name: 'Lift the suspension' })
		    .click()]);
		assert.equal(psql(`SELECT suspended_until IS NULL FROM users ` +
		    `WHERE id = ${uid}`), 't');
		const link = await mailPath(addr, /https?:\/\/\S+\/notifications/);
		assert.equal(link, '/notifications');
		await signIn(member, name, 'kumo-to-sakura-no-umi-77');
		await member.goto(link);
		await member.getByText('your suspension is lifted').waitFor();
		for (const p of [member, mod, other])
			await assertClean(p);
	} finally {
		psql("UPDATE users SET lang = 'ja' WHERE username IN " +
		    "('mod_tanaka', 'admin')");
		for (const p of [member, mod, other])
			await closePage(p);
	}
});

journey('16. in English: escalate to official support, staff answer with the ' +
    'English canned reply, the member reads it; a breached SLA on the desk',
async () => {
	const { page: member } = await englishMember('escalate', 'Kim');
	const staff = await openPage(browser, { locale: 'en-US' });
	try {
		await member.goto('/ask');
		await member.getByLabel('Title').fill(
		    'My BTC withdrawal has been processing for two days');
		await member.getByLabel('Details (Markdown)').fill(
		    'The withdrawal has shown "processing" since Tuesday. What can ' +
		    'I do?');
		await member.getByLabel('Category').selectOption('deposits');
		await Promise.all([member.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
		    member.getByRole('button', { name: 'Post your question' })
		    .click()]);
		const tid = Number(new URL(member.url()).pathname.split('/')[2]);
		await member.locator('summary', { hasText: 'Ask official support' })
		    .click();
		await assertLabelled(member);
		await member.getByLabel(/Your message to official support/).fill(
		    'The withdrawal ID is W-55120.');
		await Promise.all([member.waitForURL(/\/support\/\d+$/),
		    member.locator('form[action$="/escalate"] button').click()]);
		const cid = Number(new URL(member.url()).pathname.split('/')[2]);

		await signIn(staff, 'emma_staff');
		await staff.goto('/staff/desk');
		await Promise.all([staff.waitForURL(`**/support/${cid}`),
		    staff.locator(`tr[data-case="${cid}"] ` +
		    `a[href="/support/${cid}"]`).click()]);
		await staff.getByLabel('Canned reply').selectOption('received.en');
		await Promise.all([staff.waitForURL(/canned=received\.en/),
		    staff.getByRole('button', { name: 'Insert' }).click()]);
		const text = await staff.locator('#support-body').inputValue();
		assert.match(text, /Hello Kim,/);
		assert.match(text, new RegExp(`case #${cid}`));
		await Promise.all([staff.waitForURL(`**/support/${cid}`),
		    staff.getByRole('button', { name: 'Send', exact: true })
		    .click()]);
		await staff.locator('.support-msg-staff').waitFor();

		await member.goto('/notifications');
		await Promise.all([member.waitForURL(`**/support/${cid}`),
		    member.getByRole('link', { name: /processing for two days/ })
		    .first().click()]);
		const reply = await member.locator('.support-msg-staff').innerText();
		assert.match(reply, /We have received your case/);
		assert.match(reply, /Hello Kim,/);

		psql(`UPDATE threads SET created_at = now() - interval '2 days' ` +
		    `WHERE id = ${tid}`);
		await staff.goto('/staff/desk');
		const late = staff.locator(`tr[data-thread="${tid}"]`);
		assert.equal(await late.locator('[data-sla="breach"]').count(), 3);
		await late.getByText('SLA breached').first().waitFor();
		for (const p of [member, staff])
			await assertClean(p);
	} finally {
		for (const p of [member, staff])
			await closePage(p);
	}
});

// Journey 20 needs the OpenID provider tests/browser/serve.py starts
// (tests/oidc, npm oidc-provider), registered with this server's own
// callback address.  Its development forms link a web font; this machine
// is offline, so the browser gets an empty style sheet instead of a
// console error on the provider's pages.
async function oidcFonts(page) {
	await page.context().route('https://fonts.googleapis.com/**',
	    (route) => route.fulfill({ status: 200, contentType: 'text/css',
	    body: '' }));
}

// The provider's development login and consent forms.
async function oidcProviderForms(page, login) {
	const issuer = process.env.SODAN_OIDC_ISSUER;
	await page.waitForURL((u) => u.href.startsWith(issuer));
	await page.waitForLoadState('load');
	if (await page.locator('input[name="login"]').count() > 0) {
		const at = page.url();
		await page.locator('input[name="login"]').fill(login);
		await page.locator('input[name="password"]').fill('any-password');
		await page.locator('button[type=submit]').click();
		await page.waitForURL((u) => u.href !== at);
		await page.waitForLoadState('load');
	}
	if (page.url().startsWith(issuer) &&
	    await page.locator('input[name="prompt"][value="consent"]')
	    .count() > 0)
		await page.locator('button[type=submit]').click();
	await page.waitForURL((u) => u.protocol === 'http:' &&
	    !u.href.startsWith(issuer));
}

journey('20. sign in with the exchange\'s account: a new member chooses a ' +
    'name (1280 px, Japanese), later signs in with the exchange alone and ' +
    'sees the link in settings (390 px, English)', async (t) => {
	if (!process.env.SODAN_OIDC_ISSUER) {
		t.skip('no OpenID provider (SODAN_BROWSER_OIDC=0)');
		return;
	}
	const login = unique('exch');
	const name = unique('oi');
	const page = await openPage(browser);
	const phone = await openPage(browser, { locale: 'en-US', width: 390,
	    height: 844 });
	try {
		await oidcFonts(page);
		await page.goto('/login');
		await page.getByRole('link', { name: '取引所のアカウントでログイン' })
		    .click();
		await oidcProviderForms(page, login);
		await page.waitForURL('**/login/oidc/new');
		assert.equal(await page.locator('h1').innerText(),
		    'フォーラムで使う名前を決める');
		await page.getByText(`${login}@example.com`).waitFor();
		await assertLabelled(page);
		// A name that passes for an exchange is refused, input kept.
		await page.getByLabel('ユーザー名').fill('Binance_Support');
		await page.getByLabel('表示名').fill('取引所の会員');
		expectConsole(page, /status of 400/);
		await Promise.all([page.waitForLoadState('load'),
		    page.getByRole('button', { name: 'アカウントを作成' }).click()]);
		await page.getByText('スタッフや取引所の公式アカウント', { exact: false })
		    .first().waitFor();
		assert.equal(await page.getByLabel('表示名').inputValue(),
		    '取引所の会員');
		await page.getByLabel('ユーザー名').fill(name);
		await Promise.all([page.waitForURL('**/settings?welcome=1'),
		    page.getByRole('button', { name: 'アカウントを作成' }).click()]);
		await page.getByText(`${login}@example.com`).first().waitFor();
		if (process.env.SODAN_SHOTS)
			await page.screenshot({ fullPage: true, path:
			    `${process.env.SODAN_SHOTS}/oidc-settings-ja-1280.png` });
		assert.equal(psql(`SELECT role FROM users WHERE username = ` +
		    `'${name}'`), 'user');
		// The member prefers English; signing in follows the account.
		await page.getByLabel('表示言語').selectOption('en');
		await Promise.all([page.waitForURL('**/settings?done=1'),
		    page.getByRole('button', { name: 'プロフィールを保存' }).click()]);
		await assertClean(page);

		// Another browser, on a phone, in English: the exchange alone.
		await oidcFonts(phone);
		await phone.goto('/login');
		await phone.getByRole('link',
		    { name: 'Sign in with the exchange\'s account' }).click();
		await oidcProviderForms(phone, login);
		await phone.waitForURL((u) => u.pathname === '/');
		await phone.goto('/settings');
		await phone.getByRole('heading', { name: 'Exchange account' })
		    .waitFor();
		await phone.getByText(`${login}@example.com`).first().waitFor();
		// No password: no unlink, and the page says why.
		await phone.getByText('so the link cannot be removed').waitFor();
		assert.equal(await phone.getByRole('button', { name: 'Unlink' })
		    .count(), 0);
		const wide = await phone.evaluate(() =>
		    document.documentElement.scrollWidth);
		assert.ok(wide <= 390, `settings ${wide} px wide at 390`);
		if (process.env.SODAN_SHOTS)
			await phone.screenshot({ fullPage: true, path:
			    `${process.env.SODAN_SHOTS}/oidc-settings-en-390.png` });
		await assertLabelled(phone);
		await assertClean(phone);
	} finally {
		await closePage(page);
		await closePage(phone);
	}
});

journey('18. urgency triage: a member asks an urgent question on a phone in ' +
    'Japanese and sees the emergency steps; staff see it first on the desk ' +
    'in English and correct one', async () => {
	const member = await openPage(browser, { width: 390 });
	const staff = await openPage(browser, { locale: 'en-US' });
	try {
		await signIn(member, 'yuki88');
		await member.goto('/ask');
		await member.getByLabel('タイトル').fill(
		    'アカウントを乗っ取られて出金されました');
		await member.getByLabel('詳細（Markdown）').fill(
		    '今朝ログインしたらメールアドレスが変更されていて、' +
		    '身に覚えのない出金が2件ありました。どうすればいいですか。');
		await member.getByLabel('カテゴリー').selectOption('security');
		await Promise.all([member.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
		    member.getByRole('button', { name: '質問を投稿' }).click()]);
		const tid = Number(new URL(member.url()).pathname.split('/')[2]);
		// at once, as an alert with a heading, in Japanese
		const alert = member.getByRole('alert');
		await alert.getByRole('heading', { name: /緊急時の手順/ })
		    .waitFor();
		const steps = await alert.locator('ol li').allInnerTexts();
		assert.equal(steps.length, 3);
		assert.match(steps[0], /アプリからアカウントを凍結/);
		assert.match(steps[1], /公式のサポート窓口だけ/);
		assert.match(steps[2], /リカバリーフレーズ.*秘密鍵/);
		assert.match(await alert.innerText(), /アカウントが乗っ取られた/);
		assert.equal(await overflowX(member), 0, "no sideways scrolling");
		if (process.env.SODAN_SHOTS)
			await member.screenshot({ fullPage: true, path:
			    `${process.env.SODAN_SHOTS}/triage-ja-390.png` });

		await signIn(staff, 'emma_staff');
		await staff.goto('/staff/desk');
		const urgent = staff.locator('section.desk-urgent');
		const row = urgent.locator(`tr[data-thread="${tid}"]`);
		await row.getByText('⚠ Urgent').waitFor();
		await row.getByText('the account has been taken over').waitFor();
		// the urgent section is the first section of the desk
		assert.equal(await staff.locator('main section').first()
		    .getAttribute('class'), 'desk-urgent');
		await assertLabelled(staff);
		if (process.env.SODAN_SHOTS)
			await staff.screenshot({ fullPage: true, path:
			    `${process.env.SODAN_SHOTS}/triage-desk-en-1280.png` });
		// staff correct it: normal, back on the desk, gone from the top
		await row.getByLabel('Urgency').selectOption('normal');
		await row.getByPlaceholder('Note (optional)').fill(
		    'journey 18: a test question');
		await Promise.all([staff.waitForURL('**/staff/desk'),
		    row.getByRole('button', { name: 'Correct the urgency' })
		    .click()]);
		assert.equal(await staff.locator('section.desk-urgent ' +
		    `tr[data-thread="${tid}"]`).count(), 0);
		assert.equal(psql(`SELECT triage_class || '/' || triage_auto ` +
		    `FROM threads WHERE id = ${tid}`), 'normal/urgent');
		await staff.goto('/staff/stats');
		await staff.getByRole('heading', { name: 'Urgency triage' })
		    .waitFor();
		for (const p of [member, staff])
			await assertClean(p);
	} finally {
		for (const p of [member, staff])
			await closePage(p);
	}
});

// deskTables(page): what journey 26 checks in each of the main's tables
// with class "desk" (not those in a .table-scroll, which keep their own
// phone layout): whether its rows are cards (display: block), each
// visible header word of Latin letters that is split over two lines, and
// each cell of a card that does not start with its column's name (the
// ::before label from data-label, or the cell's own text when it has
// none, as the urgency form's label).
async function deskTables(page) {
	return page.evaluate(() => {
		const out = { tables: [], broken: [], unlabelled: [] };
		const lines = (node, from, to) => {
			const r = document.createRange();
			r.setStart(node, from);
			r.setEnd(node, to);
			return new Set([...r.getClientRects()].filter((x) =>
			    x.width > 0).map((x) => Math.round(x.top))).size;
		};
		for (const t of document.querySelectorAll('main table.desk')) {
			if (t.closest('.table-scroll'))
				continue;
			const names = [...t.querySelectorAll('thead th')].map((th) =>
			    th.textContent.trim());
			const row = t.querySelector('tbody tr');
			const cards = row !== null &&
			    getComputedStyle(row).display === 'block';
			out.tables.push({ cls: t.className, cards, names });
			for (const th of t.querySelectorAll('thead th')) {
				const b = th.getBoundingClientRect();
				if (b.width === 0 || b.right <= 0)
					continue;	// off screen: the cards' header row
				const w = document.createTreeWalker(th,
				    NodeFilter.SHOW_TEXT);
				for (let n; (n = w.nextNode());)
					for (const m of n.data.matchAll(/[A-Za-z0-9]+/g))
						if (lines(n, m.index, m.index + m[0].length) > 1)
							out.broken.push(`${t.className}: ` +
							    `"${m[0]}" of "${th.textContent}"`);
			}
			if (!cards)
				continue;
			for (const tr of t.querySelectorAll('tbody tr'))
				[...tr.children].forEach((td, i) => {
					const before = getComputedStyle(td, '::before')
					    .content;
					const shown = td.hasAttribute('data-label') ?
					    (before === 'none' ? '' :
					    td.getAttribute('data-label')) :
					    td.innerText.trim();
					if (!shown.startsWith(names[i]))
						out.unlabelled.push(`${t.className} ` +
						    `column ${i} ("${names[i]}"): ` +
						    `${shown.slice(0, 40)}`);
				});
		}
		return out;
	});
}

// axTableRoles(page): the roles Chromium's accessibility tree gives the
// page (what a screen reader gets), counted: table, row, columnheader,
// cell.
async function axTableRoles(page) {
	const cdp = await page.context().newCDPSession(page);
	try {
		const { nodes } = await cdp.send('Accessibility.getFullAXTree');
		const n = { table: 0, row: 0, columnheader: 0, cell: 0 };
		for (const x of nodes)
			if (x.role && x.role.value in n)
				n[x.role.value]++;
		return n;
	} finally {
		await cdp.detach();
	}
}

// 26: the desk's tables on a phone.  Their column names used to break
// inside words at 390 px (the body's overflow-wrap: anywhere); now each
// row is a card whose cells start with their column's name, the header
// row stays for screen readers, and no page is wider than the window.
// Staff in English and in Japanese, at 390, 768 and 1280 px, with an
// urgent question and an open case so that every table of the desk shows.
journey('26. the staff desk and statistics fit a phone: each row a card with ' +
    'its column names, no name broken inside a word, still a table to a ' +
    'screen reader; 390, 768 and 1280 px, in English and Japanese',
    async () => {
	const [urgent, escalated] = psql("SELECT id FROM threads WHERE " +
	    "visible AND status = 'open' AND accepted_post_id IS NULL AND NOT " +
	    'has_official AND id NOT IN (SELECT thread_id FROM ' +
	    "support_cases) AND triage_class = 'normal' ORDER BY id LIMIT 2")
	    .split('\n');
	assert.ok(urgent && escalated, 'two open demo questions');
	const reasons = psql('SELECT triage_reasons FROM threads WHERE id = ' +
	    urgent);
	psql("UPDATE threads SET triage_class = 'urgent', triage_reasons = " +
	    `'[{"ja": "アカウントが乗っ取られた", "en": "the account has been ` +
	    `taken over"}]' WHERE id = ${urgent}`);
	const caseId = psql('INSERT INTO support_cases (thread_id, asker_id, ' +
	    `opened_by) SELECT id, author_id, author_id FROM threads WHERE id = ` +
	    `${escalated} RETURNING id`).split('\n')[0];
	const runs = [
		{ user: 'emma_staff', locale: 'en-US', lang: 'en' },
		{ user: 'sato_staff', locale: 'ja-JP', lang: 'ja' },
	];
	const bad = [];
	try {
		for (const run of runs) {
			const page = await openPage(browser, { locale: run.locale,
			    height: 844 });
			const lang = psql('SELECT lang FROM users WHERE ' +
			    `username = '${run.user}'`);
			try {
				psql(`UPDATE users SET lang = '${run.lang}' WHERE ` +
				    `username = '${run.user}'`);
				await signIn(page, run.user);
				for (const width of [390, 768, 1280]) {
					await page.setViewportSize({ width, height: 844 });
					for (const path of ['/staff/desk', '/staff/stats']) {
						const where = `${run.lang} ${width} ${path}`;
						const r = await page.goto(path);
						assert.equal(r.status(), 200, where);
						const over = await overflowX(page);
						if (over > 0)
							bad.push(`${where}: ${over} px wider than ` +
							    'the window');
						for (const v of await axeViolations(page))
							bad.push(`${where}: ${v}`);
						const d = await deskTables(page);
						// the desk: urgent, cases, a category or more
						assert.ok(d.tables.length >= 3, where);
						if (path === '/staff/desk')
							assert.equal(d.tables[0].cls,
							    'desk desk-urgent-table', where);
						for (const t of d.tables)
							if (t.cards !== (width < 1280))
								bad.push(`${where}: ${t.cls} ` +
								    (t.cards ? 'cards' : 'not cards'));
						for (const x of [...d.broken, ...d.unlabelled])
							bad.push(`${where}: ${x}`);
						// a table to a screen reader: every header a
						// column header, every cell a cell
						const ax = await axTableRoles(page);
						const th = d.tables.reduce((s, t) =>
						    s + t.names.length, 0);
						if (ax.table < d.tables.length ||
						    ax.columnheader < th)
							bad.push(`${where}: accessibility tree ` +
							    JSON.stringify(ax) + ` for ${th} headers`);
						if (process.env.SODAN_SHOTS)
							await page.screenshot({ fullPage: true,
							    path: `${process.env.SODAN_SHOTS}/` +
							    `${path.slice(7)}-${run.lang}-` +
							    `${width}.png` });
					}
				}
				await assertClean(page);
			} finally {
				psql(`UPDATE users SET lang = '${lang}' WHERE ` +
				    `username = '${run.user}'`);
				await closePage(page);
			}
		}
	} finally {
		psql(`DELETE FROM support_cases WHERE id = ${caseId}`);
		psql("UPDATE threads SET triage_class = 'normal', triage_reasons " +
		    `= $r$${reasons}$r$ WHERE id = ${urgent}`);
	}
	assert.deepEqual(bad, [], bad.join('\n'));
});

// 17 (issue 24): the knowledge base.  Staff promote a thread with an
// official answer; a member typing a similar title on the ask form sees
// the article first and presses "this solved it" without posting.  In
// Japanese at 1280 px and in English at 390 px.
journey('17. the knowledge base: staff promote a solved thread, a member ' +
    'finds the article from the ask form and marks it as solving the ' +
    'question', async () => {
	const cases = [
		{ locale: 'ja-JP', width: 1280, lang: 'ja', staff: 'sato_staff',
		    thread: '送金先のネットワークを間違えてしまいました',
		    typed: '送金先のネットワークを間違えたときの対応',
		    promote: 'ナレッジベースの記事にする',
		    solved: 'これで解決した', done: /解決してよかったです/ },
		{ locale: 'en-US', width: 390, lang: 'en', staff: 'emma_staff',
		    thread: 'Someone called me claiming to be exchange support',
		    typed: 'Someone called claiming to be exchange support',
		    promote: 'Promote to the knowledge base',
		    solved: 'This solved it', done: /Glad it helped/ },
	];
	for (const c of cases) {
		const tid = Number(psql(`SELECT id FROM threads WHERE title ` +
		    `LIKE '${c.thread}%' ORDER BY id LIMIT 1`));
		assert.ok(tid > 0, `demo thread ${c.thread}`);
		const staff = await openPage(browser,
		    { locale: c.locale, width: c.width });
		let member;
		try {
			await signIn(staff, c.staff);
			await staff.goto(`/t/${tid}`);
			await Promise.all([staff.waitForURL(/\/kb\/[a-z0-9-]+$/),
			    staff.getByRole('button', { name: c.promote })
			    .click()]);
			const slug = new URL(staff.url()).pathname.split('/')[2];
			assert.match(await staff.locator('h1').innerText(),
			    new RegExp(c.thread.slice(0, 10)));
			await staff.locator('.kb-answer .post-body').waitFor();
			assert.equal(await staff.locator(
			    `.kb-source a[href^="/t/${tid}"]`).count(), 1);
			if (process.env.SODAN_SHOTS)
				await staff.screenshot({ fullPage: true, path:
				    `${process.env.SODAN_SHOTS}/kb-article-` +
				    `${c.lang}-${c.width}.png` });
			assert.ok(await overflowX(staff) <= 0, "no sideways scroll");
			await assertLabelled(staff);

			if (c.lang === 'ja') {
				member = await openPage(browser,
				    { locale: c.locale, width: c.width });
				await register(member, unique('kbq'), 'KB質問者');
			} else {
				const m = await englishMember('kbq', 'Kim');
				member = m.page;
				await member.setViewportSize({ width: c.width,
				    height: 900 });
			}
			await member.goto('/ask');
			await member.locator('#title').fill(c.typed);
			const art = member.locator(
			    `.kb-suggest a[href="/kb/${slug}"]`);
			await art.waitFor();
			/* the article comes before the threads */
			const order = await member.locator('#similar a').evaluateAll(
			    (as) => as.map((a) => a.getAttribute('href')));
			assert.equal(order[0], `/kb/${slug}`, order.join(' '));
			await member.getByRole('button', { name: c.solved })
			    .first().click();
			await member.locator('.kb-solved-done').waitFor();
			assert.match(await member.locator('.kb-solved-done')
			    .innerText(), c.done);
			if (process.env.SODAN_SHOTS)
				await member.screenshot({ fullPage: true, path:
				    `${process.env.SODAN_SHOTS}/kb-ask-` +
				    `${c.lang}-${c.width}.png` });
			assert.ok(await overflowX(member) <= 0, "no sideways scroll");
			const n = psql(`SELECT count(*) FROM kb_solved s JOIN ` +
			    `kb_articles k ON k.id = s.article_id WHERE ` +
			    `k.slug = '${slug}' AND s.day = current_date`);
			assert.ok(Number(n) >= 1, `counted: ${n}`);
			/* nothing was posted */
			assert.equal(psql(`SELECT count(*) FROM threads WHERE ` +
			    `title = '${c.typed}'`), '0');
			for (const p of [staff, member])
				await assertClean(p);
		} finally {
			await closePage(staff);
			if (member)
				await closePage(member);
		}
	}
});

journey('21. moderation lists at /admin/lists: an admin\'s bad domain comes ' +
    'back with the reason at the field, a good one is listed; the page in ' +
    'English on a phone', async () => {
	const page = await openPage(browser);
	let en, lang;
	try {
		await signIn(page, 'admin');
		expectConsole(page, /status of 422/);
		await page.goto('/admin/lists');
		await assertLabelled(page);
		await page.getByLabel('リスト').selectOption('block_domain');
		await page.getByLabel('値').fill('https://journey-scam.example/login');
		await Promise.all([page.waitForLoadState('load'),
		    page.getByRole('button', { name: '追加', exact: true })
		    .click()]);
		assert.match(await page.locator('[role="alert"]').innerText(),
		    /登録できるドメイン名ではありません/);
		assert.equal(await page.getByLabel('値').inputValue(),
		    'https://journey-scam.example/login');
		assert.ok(await overflowX(page) <= 0, 'no sideways scroll');
		if (process.env.SODAN_SHOTS)
			await page.screenshot({ fullPage: true, path:
			    `${process.env.SODAN_SHOTS}/admin-lists-1280.png` });
		const dom = `${unique('journey')}.example`;
		await page.getByLabel('値').fill(dom);
		await page.getByLabel('メモ（ほかのモデレーター向け）').fill(
		    'フィッシングサイト');
		await Promise.all([page.waitForURL(/\/admin\/lists\?added=1$/),
		    page.getByRole('button', { name: '追加', exact: true })
		    .click()]);
		assert.match(await page.locator('.mod-list').first().innerText(),
		    new RegExp(dom.replace(/\./g, '\\.')));
		await assertClean(page);

		// A moderator reads the page in English on a phone.
		lang = psql(`SELECT lang FROM users WHERE username = 'mod_tanaka'`);
		psql(`UPDATE users SET lang = 'en' WHERE username = 'mod_tanaka'`);
		en = await openPage(browser, { locale: 'en-US', width: 390,
		    height: 844 });
		await signIn(en, 'mod_tanaka');
		await en.goto('/admin/lists');
		assert.match(await en.locator('h1').innerText(),
		    /Moderation lists/);
		assert.match(await en.locator('.mod-list').first().innerText(),
		    /Blocked domains/);
		assert.ok(await overflowX(en) <= 0, 'no sideways scroll');
		if (process.env.SODAN_SHOTS)
			await en.screenshot({ fullPage: true, path:
			    `${process.env.SODAN_SHOTS}/admin-lists-en-390.png` });
		await assertClean(en);
		assert.match(await en.locator('main').innerText(),
		    /Only administrators can change these lists/);
	} finally {
		await closePage(page);
		if (en)
			await closePage(en);
		if (lang !== undefined)
			psql(`UPDATE users SET lang = '${lang}' ` +
			    `WHERE username = 'mod_tanaka'`);
	}
});
// adminTag(tag): a thread tagged tag, made in SQL (the journey below is
// about the console, not about asking).
function adminTag(tag) {
	return psql(`INSERT INTO threads (category_id, author_id, title, tags) ` +
	    `SELECT c.id, u.id, 'Journey 19: a thread tagged ${tag}', ` +
	    `'{${tag}}' FROM categories c, users u WHERE c.slug = 'deposits' ` +
	    `AND u.username = 'kenji_t' RETURNING id`).split('\n')[0];
}

journey('19. an administrator sets up a new category (ja/en names) and renames ' +
    'a tag from the browser alone, at 1280 px in Japanese and 390 px in ' +
    'English', async () => {
	const runs = [
		{ locale: 'ja-JP', width: 1280, lang: 'ja' },
		{ locale: 'en-US', width: 390, lang: 'en' },
	];
	for (const run of runs) {
		const page = await openPage(browser, { locale: run.locale,
		    width: run.width, height: 844 });
		const ja = run.lang === 'ja';
		const slug = unique('j19-');
		const oldTag = unique('j19old');
		const newTag = unique('j19new');
		const tid = adminTag(oldTag);
		const shot = async (name) => {
			if (process.env.SODAN_SHOTS)
				await page.screenshot({ fullPage: true, path:
				    `${process.env.SODAN_SHOTS}/admin-${name}-` +
				    `${run.lang}-${run.width}.png` });
		};
		try {
			// the account's language decides once signed in
			psql(`UPDATE users SET lang = '${run.lang}' WHERE ` +
			    `username = 'admin'`);
			await signIn(page, 'admin');
			await page.goto('/admin');
			assert.equal(await page.locator('h1').innerText(),
			    ja ? '管理コンソール' : 'Admin console');
			await shot('index');
			await Promise.all([page.waitForURL('**/admin/categories'),
			    page.locator('.admin-sections ' +
			    'a[href="/admin/categories"]').click()]);
			await assertLabelled(page);

			// A mistake first: the error at the field, input kept
			// (the browser logs the 422 of the form sent back).
			expectConsole(page, /status of 422/);
			await page.getByLabel(ja ? 'アドレス名（スラッグ）' :
			    'Address name (slug)').fill('Not A Slug');
			await page.getByLabel(ja ? '名前（日本語）' :
			    'Name in Japanese').fill('NFTの相談');
			await page.getByLabel(ja ? '名前（英語）' :
			    'Name in English').fill('NFT help');
			await Promise.all([page.waitForLoadState('load'),
			    page.getByRole('button', { name: ja ?
			    'カテゴリーを作成する' : 'Create the category' })
			    .click()]);
			assert.match(await page.locator('.form-errors').innerText(),
			    ja ? /アドレス名（スラッグ）に使えるのは/ :
			    /may hold only lower-case letters/);
			assert.equal(await page.getByLabel(ja ? '名前（日本語）' :
			    'Name in Japanese').inputValue(), 'NFTの相談');
			await shot('category-error');
			await page.getByLabel(ja ? 'アドレス名（スラッグ）' :
			    'Address name (slug)').fill(slug);
			await page.getByLabel(ja ? '説明（日本語）' :
			    'Description in Japanese').fill('NFT の送付と表示');
			await Promise.all([page.waitForURL(/done=created/),
			    page.getByRole('button', { name: ja ?
			    'カテゴリーを作成する' : 'Create the category' })
			    .click()]);
			const row = page.locator('table.admin-cats tr', {
			    hasText: `/c/${slug}` });
			assert.match(await row.innerText(), ja ? /NFTの相談/ :
			    /NFT help/);
			assert.equal(await overflowX(page), 0, 'fits the window');
			await shot('categories');

			// The new category is on the home page and in the ask form.
			await page.goto('/');
			assert.ok(await page.locator(`a[href="/c/${slug}"]`)
			    .count() > 0, 'the home page lists it');
			await page.goto('/ask');
			assert.equal(await page.locator(
			    `option[value="${slug}"]`).count(), 1);

			// Rename the tag.
			await page.goto('/admin/tags');
			await page.getByLabel(ja ? 'タグ' : 'Tag', { exact: true })
			    .fill(oldTag);
			await page.getByLabel(ja ? '新しい名前' : 'New name')
			    .fill(newTag);
			await shot('tags');
			await Promise.all([page.waitForURL(/\/admin\/tags\?done/),
			    page.getByRole('button', { name: ja ?
			    'タグの名前を変える' : 'Rename the tag' }).click()]);
			await page.goto(`/t/${tid}`);
			assert.ok(await page.locator(`a[href="/tag/${newTag}"]`)
			    .count() > 0, 'the thread shows the new tag');
			assert.equal(psql(`SELECT count(*) FROM audit_log WHERE ` +
			    `action = 'tag-rename' AND target_name = '${oldTag}'`),
			    '1');
			await page.goto('/admin');
			assert.match(await page.locator('table.admin-audit')
			    .innerText(), /tag-rename/);
			// Members: found by name, with the role form.
			await page.goto('/admin/members?q=kenji');
			assert.equal(await page.locator('table.admin-members ' +
			    'select[name="role"]').count(), 1);
			await shot('members');
			assert.equal(await overflowX(page), 0, 'fits the window');
			await assertClean(page);
		} finally {
			psql(`UPDATE users SET lang = 'ja' WHERE username = 'admin'`);
			await closePage(page);
		}
	}
});

journey('22. webhooks: an administrator adds a webhook (a refused http:// ' +
    'address first), copies its secret, asks a question and reads the ' +
    'delivery log, at 1280 px in Japanese and 390 px in English',
    async () => {
	const runs = [
		{ locale: 'ja-JP', width: 1280, lang: 'ja' },
		{ locale: 'en-US', width: 390, lang: 'en' },
	];
	for (const run of runs) {
		const page = await openPage(browser, { locale: run.locale,
		    width: run.width, height: 844 });
		const ja = run.lang === 'ja';
		const host = `${unique('hooks-j22-')}.example`;
		const shot = async (name) => {
			if (process.env.SODAN_SHOTS)
				await page.screenshot({ fullPage: true, path:
				    `${process.env.SODAN_SHOTS}/webhooks-${name}-` +
				    `${run.lang}-${run.width}.png` });
		};
		try {
			psql(`UPDATE users SET lang = '${run.lang}' WHERE ` +
			    `username = 'admin'`);
			await signIn(page, 'admin');
			await page.goto('/admin');
			await Promise.all([page.waitForURL('**/admin/webhooks'),
			    page.locator('.admin-sections ' +
			    'a[href="/admin/webhooks"]').click()]);
			assert.equal(await page.locator('h1').innerText(),
			    'Webhook' + (ja ? '' : 's'));
			await assertLabelled(page);

			// http:// to another host is refused at the field.
			expectConsole(page, /status of 422/);
			const url = page.getByLabel(ja ? '受信先の URL' :
			    'Receiver\'s address');
			await url.fill(`http://${host}/sodan`);
			await page.getByLabel(ja ? '質問が公開された' :
			    'A question is published').check();
			await Promise.all([page.waitForLoadState('load'),
			    page.getByRole('button', { name: ja ?
			    'Webhook を追加する' : 'Add the webhook' }).click()]);
			assert.match(await page.locator('.form-errors')
			    .innerText(), ja ? /https:\/\/ で始まる必要があります/ :
			    /must start with https:\/\//);
			assert.equal(await url.inputValue(),
			    `http://${host}/sodan`);
			await shot('error');

			// https: added, the secret shown once.
			await url.fill(`https://${host}/sodan`);
			await page.getByLabel(ja ? '質問が公開された' :
			    'A question is published').check();
			await page.getByLabel(ja ? 'スレッドが公式サポートに' +
			    '引き継がれた' : 'A thread is escalated to support')
			    .check();
			await Promise.all([page.waitForLoadState('load'),
			    page.getByRole('button', { name: ja ?
			    'Webhook を追加する' : 'Add the webhook' }).click()]);
			const secret = await page.locator('#hook-secret')
			    .innerText();
			assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
			const row = page.locator('table.hooks tr', {
			    hasText: host });
			assert.match(await row.innerText(), ja ? /有効/ : /On/);
			assert.equal(await overflowX(page), 0, 'fits the window');
			await shot('added');
			const hid = psql(`SELECT id FROM webhooks WHERE url = ` +
			    `'https://${host}/sodan'`);
			assert.ok(!psql(`SELECT secret FROM webhooks WHERE id = ` +
			    `${hid}`).includes(secret.slice(6)), 'sealed');

			// An event: the administrator asks a question.
			await page.goto('/ask');
			await page.getByLabel(ja ? 'タイトル' : 'Title').fill(
			    ja ? '出金の反映が遅いときの確認方法を教えてください' :
			    'How do I check a withdrawal that is slow to arrive?');
			await page.getByLabel(ja ? '詳細（Markdown）' :
			    'Details (Markdown)').fill(ja ?
			    '昨日申請した出金がまだ届きません。どこを確認すれば' +
			    'よいでしょうか。' : 'A withdrawal I made yesterday ' +
			    'has not arrived yet. Where should I look first?');
			await Promise.all([page.waitForURL(
			    /\/t\/\d+(\?posted=\w+)?$/), page.getByRole('button',
			    { name: ja ? '質問を投稿' : 'Post your question' })
			    .click()]);

			// The delivery log: the first attempt and its error
			// (the .example host does not resolve), a retry planned.
			await page.goto(`/admin/webhooks/${hid}`);
			const first = page.locator('tr.delivery').first();
			for (let i = 0; i < 60; i++) {
				const n = await page.locator(
				    'tr.delivery .delivery-attempts').count();
				if (n > 0 && await first.locator(
				    '.delivery-error').innerText() !== '')
					break;
				await page.waitForTimeout(500);
				await page.reload();
			}
			assert.match(await first.innerText(), /question\.created/);
			assert.equal(await first.locator('.delivery-attempts')
			    .innerText(), '1');
			assert.notEqual(await first.locator('.delivery-error')
			    .innerText(), '');
			assert.match(await first.locator('.delivery-state')
			    .innerText(), ja ? /送信待ち|待機|失敗/ :
			    /Waiting|Failed/);
			assert.match(await page.locator('main').innerText(),
			    ja ? /配信ログ/ : /Delivery log/);
			assert.equal(await overflowX(page), 0, 'fits the window');
			await shot('log');
			await assertClean(page);
		} finally {
			psql(`UPDATE users SET lang = 'ja' WHERE username = 'admin'`);
			await closePage(page);
		}
	}
	// the journey's hooks are turned off: nothing more is tried
	psql(`UPDATE webhooks SET enabled = false WHERE url LIKE ` +
	    `'https://hooks-j22-%'`);
});

journey('23. an administrator sets up a fresh forum from the browser alone: a ' +
    'category, official contacts, a block-listed domain and the site name; ' +
    'a visitor then sees them, at 1280 px in Japanese and 390 px in English',
    async () => {
	const page = await openPage(browser, { locale: 'ja-JP', width: 1280,
	    height: 844 });
	let en;
	const slug = unique('j23-');
	const dom = `${unique('j23ex')}.example`;
	const scam = `${unique('j23scam')}.example`;
	const d4 = () => String(1000 + Math.floor(Math.random() * 9000));
	const phone = `03-${d4()}-${d4()}`;
	const site = unique('J23');
	const shot = async (p, name) => {
		if (process.env.SODAN_SHOTS)
			await p.screenshot({ fullPage: true, path:
			    `${process.env.SODAN_SHOTS}/setup-${name}.png` });
	};
	// official(p, q): the verdict class of /official?q=q, polled while
	// the lists are recompiled (every instance follows within seconds).
	const verdict = async (p, q, want) => {
		let got;
		for (let i = 0; i < 60; i++) {
			await p.goto(`/official?q=${encodeURIComponent(q)}`);
			got = await p.locator('.official-result > div')
			    .getAttribute('class');
			if (got === want)
				break;
			await p.waitForTimeout(1000);
		}
		return got;
	};
	try {
		psql(`UPDATE users SET lang = 'ja' WHERE username = 'admin'`);
		await signIn(page, 'admin');

		// A category with its Japanese and English names.
		await page.goto('/admin/categories');
		await assertLabelled(page);
		await page.getByLabel('アドレス名（スラッグ）').fill(slug);
		await page.getByLabel('名前（日本語）').fill('ステーキングの相談');
		await page.getByLabel('名前（英語）').fill('Staking help');
		await page.getByLabel('説明（日本語）').fill('ステーキングの報酬と解除');
		await Promise.all([page.waitForURL(/done=created/),
		    page.getByRole('button', { name: 'カテゴリーを作成する' })
		    .click()]);

		// Official contacts (a domain and a phone number) and a
		// block-listed domain.
		for (const [list, value] of [['official_domain', dom],
		    ['official_phone', phone], ['block_domain', scam]]) {
			await page.goto('/admin/lists');
			await page.getByLabel('リスト').selectOption(list);
			await page.getByLabel('値').fill(value);
			await Promise.all([
			    page.waitForURL(/\/admin\/lists\?added=1$/),
			    page.getByRole('button', { name: '追加',
			    exact: true }).click()]);
		}
		const lists = await page.locator('main').innerText();
		assert.ok(lists.includes(dom) && lists.includes(scam),
		    'both domains are listed');
		assert.equal(psql(`SELECT value FROM mod_list_entries WHERE ` +
		    `list = 'official_phone' AND value = ` +
		    `'+81${phone.slice(1).replace(/-/g, '')}'`),
		    `+81${phone.slice(1).replace(/-/g, '')}`);
		assert.ok(await overflowX(page) <= 0, 'no sideways scroll');
		await shot(page, 'lists-ja-1280');

		// The site's name.
		await page.goto('/admin/settings');
		await assertLabelled(page);
		await page.locator('input[name="name_ja"]').fill(`${site} 相談室`);
		await page.locator('input[name="name_en"]').fill(`${site} Help`);
		await Promise.all([page.waitForURL(/\/admin\/settings\?done=1$/),
		    page.locator('form[action="/admin/settings"] ' +
		    'button[type=submit]').first().click()]);
		await shot(page, 'settings-ja-1280');
		assert.equal(psql(`SELECT count(*) FROM audit_log WHERE ` +
		    `detail LIKE '%${dom}%' OR detail LIKE '%${scam}%'`), '2');

		// In Japanese: the contact domain is official.
		assert.equal(await verdict(page, `https://www.${dom}/help`,
		    'official-official'), 'official-official');
		assert.match(await page.locator('.official-result').innerText(),
		    /公式：取引所の正式な連絡先です/);
		await shot(page, 'official-ja-1280');
		await assertClean(page);

		// A visitor in English on a phone.
		en = await openPage(browser, { locale: 'en-US', width: 390,
		    height: 844 });
		await en.goto('/');
		for (let i = 0; i < 10 && !(await en.title()).includes(site);
		    i++) {
			await en.waitForTimeout(1000);
			await en.goto('/');
		}
		assert.match(await en.title(), new RegExp(`${site} Help`));
		const cat = en.locator(`main a[href="/c/${slug}"]`).first();
		assert.match(await cat.innerText(), /Staking help/);
		assert.ok(await overflowX(en) <= 0, 'no sideways scroll');
		await shot(en, 'home-en-390');
		assert.equal(await verdict(en, phone, 'official-official'),
		    'official-official');
		assert.match(await en.locator('.official-result').innerText(),
		    /Official: this is one of the exchange's own contact/);
		assert.equal(await verdict(en, dom, 'official-official'),
		    'official-official');
		assert.equal(await verdict(en, `https://${scam}/login`,
		    'official-scam'), 'official-scam');
		assert.match(await en.locator('.official-result').innerText(),
		    /block list of known scam and phishing sites/);
		assert.ok(await overflowX(en) <= 0, 'no sideways scroll');
		await shot(en, 'official-en-390');
		await assertClean(en);
	} finally {
		psql(`UPDATE site_settings SET name_ja = '', name_en = '', ` +
		    `version = version + 1`);
		await closePage(page);
		if (en)
			await closePage(en);
	}
});

journey('24. tag synonyms: an administrator makes a tag a synonym of another ' +
    'at /admin/tags (confirmation with the count), a member asks with the ' +
    'synonym and sees the canonical tag; 1280 px in Japanese, 390 px in ' +
    'English', async () => {
	const runs = [
		{ locale: 'ja-JP', width: 1280, lang: 'ja' },
		{ locale: 'en-US', width: 390, lang: 'en' },
	];
	for (const run of runs) {
		const ja = run.lang === 'ja';
		const alias = unique('j24alias');
		const canon = unique('j24tag');
		// a thread tagged with the synonym-to-be, made in SQL
		const old = psql(`INSERT INTO threads (category_id, author_id, ` +
		    `title, tags) SELECT c.id, u.id, 'Journey 24: a thread ` +
		    `tagged ${alias}', '{${alias}}' FROM categories c, users u ` +
		    `WHERE c.slug = 'deposits' AND u.username = 'hanako_w' ` +
		    `RETURNING id`).split('\n')[0];
		const admin = await openPage(browser, { locale: run.locale,
		    width: run.width, height: 844 });
		const member = await openPage(browser, { locale: run.locale,
		    width: run.width, height: 844 });
		const shot = async (page, name) => {
			if (process.env.SODAN_SHOTS)
				await page.screenshot({ fullPage: true, path:
				    `${process.env.SODAN_SHOTS}/tagsyn-${name}-` +
				    `${run.lang}-${run.width}.png` });
		};
		try {
			psql(`UPDATE users SET lang = '${run.lang}' WHERE ` +
			    `username IN ('admin', 'kenji_t')`);
			await signIn(admin, 'admin');
			await admin.goto('/admin/tags');
			await assertLabelled(admin);
			await admin.getByLabel(ja ? '同義語' : 'Synonym',
			    { exact: true }).fill(alias);
			await admin.getByLabel(ja ? '元のタグ' : 'Tag it stands for',
			    { exact: true }).fill(canon);
			await Promise.all([admin.waitForLoadState('load'),
			    admin.getByRole('button', { name: ja ? '同義語を作る' :
			    'Make a synonym' }).click()]);
			// the confirmation: one thread to retag, nothing yet
			assert.equal(await admin.locator('.tagsyn-count')
			    .innerText(), '1');
			assert.equal(psql(`SELECT count(*) FROM tag_synonyms ` +
			    `WHERE alias = '${alias}'`), '0');
			assert.equal(await overflowX(admin), 0, 'fits the window');
			await shot(admin, 'confirm');
			await Promise.all([admin.waitForURL(/done=synonym/),
			    admin.getByRole('button', { name: ja ?
			    '付け替えて同義語を作る' :
			    'Retag and make the synonym' }).click()]);
			const row = admin.locator('table.admin-tagsyn tr',
			    { hasText: alias });
			assert.match(await row.innerText(), new RegExp(canon));
			assert.equal(await overflowX(admin), 0, 'fits the window');
			await shot(admin, 'list');
			assert.equal(psql(`SELECT array_to_string(tags, ' ') FROM ` +
			    `threads WHERE id = ${old}`), canon);

			// A member types the synonym: the question has the tag.
			await signIn(member, 'kenji_t');
			await member.goto('/ask');
			await member.getByLabel(ja ? 'タイトル' : 'Title').fill(ja ?
			    `ステーブルコインの入金が反映されません（${alias}）` :
			    `My stablecoin deposit has not arrived (${alias})`);
			await member.getByLabel(ja ? '詳細（Markdown）' :
			    'Details (Markdown)').fill(ja ?
			    '一時間前に別のウォレットから送りましたが、まだ残高に' +
			    '反映されていません。' : 'I sent it from another ' +
			    'wallet an hour ago and the balance has not changed.');
			await member.getByLabel(ja ? 'カテゴリー' : 'Category')
			    .selectOption('deposits');
			await member.getByLabel(ja ? 'タグ' : 'Tags')
			    .fill(alias.toUpperCase());
			await Promise.all([
			    member.waitForURL(/\/t\/\d+(\?posted=\w+)?$/),
			    member.getByRole('button', { name: ja ? '質問を投稿' :
			    'Post your question' }).click()]);
			const q = member.locator('article.post-question, main');
			assert.ok(await member.locator(`a[href="/tag/${canon}"]`)
			    .count() > 0, 'the question shows the canonical tag');
			assert.equal(await member.locator(
			    `a[href="/tag/${alias}"]`).count(), 0);
			assert.ok(await q.count() > 0);
			assert.equal(await overflowX(member), 0, 'fits the window');
			await shot(member, 'question');
			// the synonym's page leads to the tag's page
			await member.goto(`/tag/${alias}`);
			assert.equal(new URL(member.url()).pathname,
			    `/tag/${canon}`);
			assert.ok(await member.locator('a[href^="/t/"]').count() >= 1,
			    'the question is under the tag');
			await assertClean(admin);
			await assertClean(member);
		} finally {
			psql(`UPDATE users SET lang = 'ja' WHERE ` +
			    `username IN ('admin', 'kenji_t')`);
			await closePage(admin);
			await closePage(member);
		}
	}
});

journey('27. a moderator asks for a training run at /mod/rules and reads its ' +
    'result in their language; 1280 px in Japanese, 390 px in English',
    async () => {
	const runs = [
		{ locale: 'ja-JP', width: 1280, lang: 'ja' },
		{ locale: 'en-US', width: 390, lang: 'en' },
	];
	for (const run of runs) {
		const ja = run.lang === 'ja';
		const mod = await openPage(browser, { locale: run.locale,
		    width: run.width, height: 844 });
		try {
			psql(`UPDATE users SET lang = '${run.lang}' WHERE ` +
			    `username = 'mod_tanaka'`);
			await signIn(mod, 'mod_tanaka');
			await mod.goto('/mod/rules');
			await assertLabelled(mod);
			const before = psql('SELECT coalesce(max(id), 0) FROM ' +
			    'mod_train_runs');
			await Promise.all([mod.waitForURL(/\/mod\/rules$/),
			    mod.getByRole('button', { name: ja ? '今すぐ学習' :
			    'Train now' }).click()]);
			// this server's trainer takes the run within seconds
			const deadline = Date.now() + 30000;
			let state = '';
			while (Date.now() < deadline) {
				state = psql('SELECT state FROM mod_train_runs ' +
				    `WHERE id > ${before} ORDER BY id DESC LIMIT 1`);
				if (state === 'done' || state === 'failed')
					break;
				await mod.waitForTimeout(500);
			}
			assert.ok(state === 'done' || state === 'failed',
			    `run finished (${state})`);
			await mod.reload();
			const result = await mod.locator('.train-result')
			    .innerText();
			if (ja) {
				assert.match(result, /判断|モデル/, result);
				assert.doesNotMatch(result, /decisions|model /,
				    result);
			} else {
				assert.match(result, /decisions|model/, result);
			}
			assert.equal(await overflowX(mod), 0, 'fits the window');
			if (process.env.SODAN_SHOTS)
				await mod.screenshot({ fullPage: true, path:
				    `${process.env.SODAN_SHOTS}/modrules-` +
				    `${run.lang}-${run.width}.png` });
			await assertClean(mod);
		} finally {
			await closePage(mod);
		}
	}
});

journey('25. a moderator makes a token with the stepup scope at ' +
    '/settings/tokens (right after the second factor of the sign-in): ' +
    'shown once, listed with its scope, living one day, and it reaches a ' +
    'moderator route that asks for a recent second factor; 1280 px in ' +
    'Japanese, 390 px in English', async () => {
	const runs = [
		{ locale: 'ja-JP', width: 1280, lang: 'ja' },
		{ locale: 'en-US', width: 390, lang: 'en' },
	];
	for (const run of runs) {
		const ja = run.lang === 'ja';
		const name = unique('j25bot');
		const mod = await openPage(browser, { locale: run.locale,
		    width: run.width, height: 844 });
		const shot = async (name) => {
			if (process.env.SODAN_SHOTS)
				await mod.screenshot({ fullPage: true, path:
				    `${process.env.SODAN_SHOTS}/token-stepup-${name}-` +
				    `${run.lang}-${run.width}.png` });
		};
		try {
			psql(`UPDATE users SET lang = '${run.lang}' WHERE ` +
			    `username = 'mod_tanaka'`);
			await signIn(mod, 'mod_tanaka');
			await mod.goto('/settings/tokens');
			await assertLabelled(mod);
			await mod.getByLabel(ja ? '名前' : 'Name', { exact: true })
			    .fill(name);
			await mod.getByLabel(ja ? 'write（書き込み）' : 'write',
			    { exact: true }).check();
			await mod.getByLabel(ja ? 'stepup（直近の二段階認証）' :
			    'stepup', { exact: true }).check();
			await Promise.all([mod.waitForLoadState('load'),
			    mod.getByRole('button', { name: ja ? 'トークンを作成' :
			    'Create token' }).click()]);
			const tok = (await mod.locator('main').innerText())
			    .match(/sodan_pat_[A-Za-z0-9_-]{43}/);
			assert.ok(tok, 'the new token is shown');
			assert.equal(psql(`SELECT array_to_string(scopes, ' ') ` +
			    `FROM api_tokens WHERE name = '${name}'`),
			    'read write stepup');
			assert.equal(psql(`SELECT expires_at < now() + interval ` +
			    `'25 hours' FROM api_tokens WHERE name = '${name}'`),
			    't', 'lives one day');
			assert.equal(await overflowX(mod), 0, 'fits the window');
			await shot('shown');
			// the list names the scope; the token is not shown again
			await mod.goto('/settings/tokens');
			const row = mod.locator('li, tr', { hasText: name }).last();
			assert.match(await row.innerText(), /stepup/);
			assert.equal((await mod.locator('main').innerText())
			    .match(/sodan_pat_[A-Za-z0-9_-]{43}/), null);
			assert.equal(await overflowX(mod), 0, 'fits the window');
			await shot('list');
			// the token passes the scope check of an undo (then 404:
			// there is no such log entry) where moderate alone does not
			const res = await fetch(`${new URL(mod.url()).origin}` +
			    '/api/v1/mod/log/999999999/' +
			    'undo', { method: 'POST', headers: {
			    Authorization: `Bearer ${tok[0]}`,
			    'Accept-Language': run.lang,
			    'Content-Type': 'application/x-www-form-urlencoded' },
			    body: 'confirm=1' });
			assert.equal(res.status, 404);
			assert.match(res.headers.get('content-type'),
			    /application\/problem\+json/);
			await assertClean(mod);
		} finally {
			psql(`UPDATE api_tokens SET revoked_at = now() WHERE ` +
			    `name = '${name}'`);
			psql(`UPDATE users SET lang = 'ja' WHERE ` +
			    `username = 'mod_tanaka'`);
			await closePage(mod);
		}
	}
});

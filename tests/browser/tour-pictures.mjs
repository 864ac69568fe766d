// tour-pictures.mjs: the pictures as their users meet them, for the
// screenshots of docs/images.md (not part of make test: t210 and journey 9
// test the same paths).  A new member answers with a clean error
// screenshot and with a picture of a fake support number, through the
// file picker, in Japanese and English at 1280 and 390 px; a moderator
// opens the held one.  Run:
//   SODAN_SHOTS=DIR python3 tests/browser/serve.py --no-summary -- \
//       node tests/browser/tour-pictures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closePage, launch, openPage, signIn, unique, psql }
    from './lib/sodan.mjs';

const OUT = process.env.SODAN_SHOTS;
const PICS = mkdtempSync(join(tmpdir(), 'pics-'));
const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
execFileSync('convert', ['-size', '900x360', 'xc:white', '-font', FONT,
    '-pointsize', '34', '-fill', 'black',
    '-annotate', '+30+80', '公式サポート窓口（24時間）',
    '-annotate', '+30+160', '電話：０３－１２３４－５６７８',
    '-annotate', '+30+240', 'Telegram: @exchange_help_desk',
    join(PICS, 'phone-ja.png')]);
execFileSync('convert', ['-size', '900x300', 'xc:#f4f6f8', '-font', FONT,
    '-pointsize', '30', '-fill', '#b00020',
    '-annotate', '+30+80', 'Withdrawal failed', '-fill', 'black',
    '-annotate', '+30+150', 'Error W-1043: network mismatch (TRC20 / ERC20)',
    '-annotate', '+30+210', 'Check the network and try again.',
    join(PICS, 'clean-en.png')]);
const browser = await launch();
const log = (...a) => console.log(...a);

async function upload(page, file) {
	const chooser = page.waitForEvent('filechooser');
	await page.locator('.upload-box button').first().click();
	(await chooser).setFiles(file);
	await page.waitForFunction(() =>
	    /!\[\]\(\/uploads\//.test(document.querySelector(
	    'textarea[name="body"]').value), null, { timeout: 60000 });
}

for (const [lang, width] of [['ja', 390], ['en', 1280], ['ja', 1280],
    ['en', 390]]) {
	const page = await openPage(browser, { width, height: 800,
	    locale: lang === 'en' ? 'en-US' : 'ja-JP' });
	page.context().setDefaultTimeout(60000);
	try {
		await page.goto('/register');
		await page.locator('#username').fill(unique('pic'));
		await page.locator('#display_name').fill(lang === 'ja' ? 'がぞう' : 'Pic');
		await page.locator('#password').fill('kumo-to-sakura-no-umi-77');
		await page.locator('#password2').fill('kumo-to-sakura-no-umi-77');
		await Promise.all([page.waitForURL((u) => u.pathname !== '/register'),
		    page.locator('form[action="/register"] button[type=submit]').click()]);
		await page.goto('/');
		await Promise.all([page.waitForURL(/\/t\/\d+/),
		    page.locator('a.thread-title').first().click()]);
		await page.locator('textarea[name="body"]').fill(
		    lang === 'ja' ? 'この画面のエラーです：\n' : 'This is the error I see:\n');
		await upload(page, join(PICS, 'clean-en.png'));
		await page.screenshot({ path: join(OUT, `clean-editor-${lang}-${width}.png`), fullPage: false });
		await Promise.all([page.waitForLoadState('load'),
		    page.locator('form[action$="/answer"] button[type=submit]').click()]);
		log(lang, width, 'clean answer ->', page.url());
		await page.screenshot({ path: join(OUT, `clean-posted-${lang}-${width}.png`), fullPage: true });

		await page.locator('textarea[name="body"]').fill(
		    lang === 'ja' ? 'ここに連絡すれば戻せます\n' : 'Call them, they fixed mine\n');
		await upload(page, join(PICS, 'phone-ja.png'));
		await Promise.all([page.waitForLoadState('load'),
		    page.locator('form[action$="/answer"] button[type=submit]').click()]);
		log(lang, width, 'phone answer ->', page.url());
		const held = await page.locator('.notice-held').count();
		log(lang, width, 'held notices:', held,
		    (await page.locator('.notice-held').first().innerText().catch(() => '')).slice(0, 200));
		await page.screenshot({ path: join(OUT, `phone-posted-${lang}-${width}.png`), fullPage: true });
	} finally {
		await closePage(page);
	}
}

// The moderator's view of the newest held post with a picture.
for (const width of [1280, 390]) {
	const page = await openPage(browser, { width, height: 900 });
	try {
		await signIn(page, 'mod_tanaka');
		const id = psql("SELECT p.id FROM posts p WHERE p.state = 'held' " +
		    "AND p.body_md LIKE '%/uploads/%' ORDER BY p.id DESC LIMIT 1");
		await page.goto(`/mod/post/${id}`);
		log('mod page', id, await page.locator('h1').first().innerText());
		await page.screenshot({ path: join(OUT, `mod-post-${width}.png`), fullPage: true });
	} finally {
		await closePage(page);
	}
}
await browser.close();

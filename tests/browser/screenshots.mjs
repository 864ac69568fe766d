// tests/browser/screenshots.mjs: the screenshots in docs/screenshots/
// (run by tests/browser/screenshots, `make screenshots`).  Each page is
// taken in Japanese at 1280 px (desktop) and 390 px (phone), full height,
// as NAME-1280.png and NAME-390.png.  A page that cannot be reached is
// reported and left out, and the script then exits non-zero.
import { join } from 'node:path';

import {
	DEMO_PASSWORD, closePage, expectConsole, launch, openPage, psql, signIn,
	unique, register,
} from './lib/sodan.mjs';

const OUT = process.env.SODAN_SHOTS;
const WIDTHS = [1280, 390];

// Each shot: name, and go(page) that signs in if needed and navigates;
// it returns a reason string when the page cannot be shown.
const SHOTS = [
	{ name: 'home', go: async (page) => { await page.goto('/'); } },
	{
		name: 'thread',
		go: async (page) => {
			await page.goto('/');
			const t = page.locator('.thread-item:has(.tag-official) ' +
			    'a.thread-title').first();
			if (await t.count() === 0)
				return 'no thread with an official answer on /';
			await Promise.all([page.waitForURL(/\/t\/\d+/), t.click()]);
		},
	},
	{
		name: 'ask',
		go: async (page) => {
			await signIn(page, 'kenji_t');
			await page.goto('/ask');
			await page.getByLabel('タイトル').pressSequentially(
			    '送金先のネットワークを間違えた時の取り戻し方', { delay: 5 });
			await page.locator('#similar li').first().waitFor();
			await page.locator('textarea[name="body"]').fill(
			    '## 状況\n\n**USDT** を `TRC20` で送ってしまいました。\n\n' +
			    '- 送金額：100 USDT\n- 送金先：別の取引所');
			await page.locator('#preview strong').waitFor();
		},
		keep: true,	// re-taken at 390 px without reloading
	},
	{
		name: 'held-queue',
		setup: async (browser) => {
			// A new account posts a fake support number: held.
			const p = await openPage(browser);
			try {
				await register(p, unique('tasuke'), 'たすける');
				await p.goto('/');
				await Promise.all([p.waitForURL(/\/t\/\d+/),
				    p.locator('a.thread-title').first().click()]);
				await p.locator('textarea[name="body"]').fill(
				    '取引所のサポート窓口に電話すればすぐ戻せます。' +
				    '０３－１２３４－５６７８ に今すぐお電話ください。');
				await Promise.all([p.waitForLoadState('load'),
				    p.locator('form[action$="/answer"] button[type=submit]')
				    .click()]);
			} finally {
				await closePage(p);
			}
		},
		go: async (page) => heldQueue(page, 'mod_tanaka'),
	},
	{
		// The same queue in English: signed in, the language is the
		// account's, so the moderator switches it (and the account
		// keeps it).
		name: 'held-queue-en',
		locale: 'en-US',
		// another moderator: mod_tanaka's code of this 30 s step was
		// just used, and a replayed code is refused
		go: async (page) => {
			const why = await heldQueue(page, 'admin');
			if (why)
				return why;
			await inLanguage(page, 'en');
		},
	},
	{
		// Where a removed answer stood (the demo's withdrawal thread), in
		// Japanese and in English.
		name: 'placeholder',
		go: async (page) => placeholder(page),
	},
	{
		name: 'placeholder-en',
		locale: 'en-US',
		go: async (page) => placeholder(page),
	},
	{
		name: 'profile',
		go: async (page) => {
			// A staff member's profile, as they see it: the staff badge.
			await signIn(page, 'sato_staff');
			const me = page.locator('.nav-user a[href^="/u/"]').first();
			if (await me.count() === 0)
				return 'no link to one\'s profile in the header';
			// (at 390 px the header's links sit behind the Menu)
			await page.goto(await me.getAttribute('href'));
		},
	},
	{
		// The flag form sent with "その他" and no note: the same form,
		// the error at the field, the reported post shown.
		name: 'flag-form',
		go: async (page) => {
			await signIn(page, 'kenji_t');
			const pid = psql("SELECT p.id FROM posts p JOIN users u ON " +
			    "u.id = p.author_id WHERE u.username = 'yuki88' AND " +
			    "p.state = 'visible' ORDER BY p.id LIMIT 1");
			if (!pid)
				return 'no visible post of yuki88';
			await page.goto(`/p/${pid}/flag`);
			await page.getByRole('radio', { name: 'その他' }).check();
			expectConsole(page, /status of 400/);
			await Promise.all([page.waitForLoadState('load'),
			    page.getByRole('button', { name: '通報する' }).click()]);
		},
		keep: true,	// a POST's answer: not reloaded at 390 px
	},
	{
		// The signed-in header's menu, open (at 390 px it is the header).
		name: 'menu',
		go: async (page) => {
			await signIn(page, 'kenji_t');
			await page.goto('/');
			await page.evaluate(() => {
				document.querySelector('.nav-menu').open = true;
			});
		},
		keep: true,
	},
	{
		// The audit log as sentences, details folded.
		name: 'mod-log',
		go: async (page) => {
			await signIn(page, 'mod_tanaka');
			const r = await page.goto('/mod/log');
			if (r.status() !== 200)
				return `/mod/log answered ${r.status()}`;
		},
	},
	{
		// The staff desk (docs/support.md): a question waiting two days
		// breaches its SLA clocks; an escalated case waits for staff.
		name: 'desk',
		setup: async (browser) => {
			psql("UPDATE threads SET created_at = now() - interval " +
			    "'2 days' WHERE id = (SELECT min(id) FROM threads " +
			    "WHERE visible AND answer_count = 0)");
			// a member escalates the demo's withdrawal thread
			const p = await openPage(browser);
			try {
				await signIn(p, 'kenji_t');
				const id = psql("SELECT min(id) FROM threads WHERE " +
				    "author_id = (SELECT id FROM users WHERE " +
				    "username = 'kenji_t')");
				await p.goto(`/t/${id}`);
				await p.locator('summary.support-escalate, ' +
				    '.support-escalate summary').first().click();
				await p.locator('#support-body').fill(
				    '出金ID W-20261204 の件です。確認をお願いします。');
				await Promise.all([p.waitForURL(/\/support\/\d+/),
				    p.locator('form[action$="/escalate"] button')
				    .click()]);
				psql("UPDATE support_cases SET created_at = now() - " +
				    "interval '9 hours' WHERE thread_id = " + id);
			} finally {
				await closePage(p);
			}
		},
		// emma_staff's account is in English; the shot is in Japanese
		go: async (page) => {
			const why = await staffPage(page, 'emma_staff',
			    '/staff/desk');
			if (why)
				return why;
			await inLanguage(page, 'ja');
		},
	},
	{
		// Two-step sign-in: the 6-digit field (the number pad on a
		// phone) and the way to a recovery code.
		name: 'two-step',
		go: async (page) => {
			await page.goto('/login');
			await page.locator('#username').fill('sato_staff');
			await page.locator('#password').fill(DEMO_PASSWORD);
			await Promise.all([page.waitForURL('**/login/2fa'),
			    page.locator('form[action="/login"] ' +
			    'button[type=submit]').click()]);
		},
	},
	{
		name: 'stats',
		setup: async () => {
			// views of the solved demo threads over the last weeks
			psql("INSERT INTO thread_views (thread_id, day, views) " +
			    "SELECT t.id, current_date - d, 5 + (t.id * 7 + d * 3) % 40 " +
			    "FROM threads t, generate_series(0, 60, 3) AS d " +
			    "WHERE t.visible AND (t.accepted_post_id IS NOT NULL " +
			    "OR t.has_official) ON CONFLICT DO NOTHING");
		},
		go: async (page) => staffPage(page, 'sato_staff',
		    '/staff/stats?weeks=12'),
	},
	{
		// a suspended member's appeal, from the sign-in notice
		name: 'appeal-suspension-en',
		locale: 'en-US',
		setup: suspendDemoMember,
		go: async (page) => {
			await page.goto('/login');
			await page.locator('#username').fill('hanako_w');
			await page.locator('#password').fill('sodan-demo-2026');
			expectConsole(page, /status of 403/);
			await Promise.all([page.waitForLoadState('load'),
			    page.locator('form[action="/login"] button[type=submit]')
			    .click()]);
			const a = page.getByRole('link',
			    { name: 'Appeal this suspension' });
			if (await a.count() === 0)
				return 'no appeal link on the suspension notice';
			await Promise.all([page.waitForURL(/\/appeal\/suspension/),
			    a.click()]);
			await page.locator('#body').fill('I only asked about ' +
			    'my own withdrawal; please check again.');
		},
		keep: true,
	},
	{
		name: 'appeals',
		setup: async () => {
			await suspendDemoMember();
			psql("INSERT INTO appeals (kind, user_id, decision_id, " +
			    "removed_by, reason, body) SELECT 'suspension', " +
			    "l.target_id, l.id, l.actor_id, 'suspension', " +
			    "'I only asked about my own withdrawal; please check " +
			    "again.' FROM mod_log l WHERE l.action = 'suspend' " +
			    "AND l.target_text = 'hanako_w' ORDER BY l.id DESC " +
			    "LIMIT 1 ON CONFLICT DO NOTHING");
		},
		go: async (page) => staffPage(page, 'admin', '/mod/queue/appeals'),
	},
];

// hanako_w suspended by mod_tanaka for 30 days, with its log row.
async function suspendDemoMember() {
	psql("UPDATE users SET suspended_until = now() + interval '30 days', " +
	    "suspend_reason = '同じ宣伝の投稿を繰り返したため' " +
	    "WHERE username = 'hanako_w'");
	psql("INSERT INTO mod_log (actor_id, actor_name, action, target_kind, " +
	    "target_id, target_text, target_user, reason, after) SELECT m.id, " +
	    "'mod_tanaka', 'suspend', 'user', u.id, 'hanako_w', u.id, " +
	    "'同じ宣伝の投稿を繰り返したため', '{\"days\": 30}' FROM users m, " +
	    "users u WHERE m.username = 'mod_tanaka' AND u.username = " +
	    "'hanako_w' AND NOT EXISTS (SELECT 1 FROM mod_log WHERE action = " +
	    "'suspend' AND target_text = 'hanako_w')");
}

async function staffPage(page, who, path) {
	await signIn(page, who);
	const r = await page.goto(path);
	if (r.status() !== 200)
		return `${path} answered ${r.status()}`;
}

// inLanguage(page, lang): the header's language switch, when the page is
// in another language (it lands on the same page again).
async function inLanguage(page, lang) {
	if (await page.getAttribute('html', 'lang') === lang)
		return;
	const here = page.url();
	await Promise.all([page.waitForURL(here),
	    page.locator(`form.lang-switch button[value="${lang}"]`).first()
	    .click()]);
	await page.waitForFunction((l) => document.documentElement.lang === l,
	    lang);
}

async function heldQueue(page, moderator) {
	await signIn(page, moderator);
	const r = await page.goto('/mod/queue/held');
	if (r.status() !== 200)
		return `/mod/queue/held answered ${r.status()}`;
}

async function placeholder(page) {
	const id = psql("SELECT id FROM threads WHERE title LIKE " +
	    "'How long does a JPY withdrawal%' ORDER BY id LIMIT 1");
	if (!id)
		return 'no demo withdrawal thread';
	await page.goto(`/t/${id}`);
	if (await page.locator('.post-removed').count() === 0)
		return 'no placeholder on the withdrawal thread';
}

// SODAN_SHOTS_ONLY=desk,stats takes only the shots named.
const ONLY = (process.env.SODAN_SHOTS_ONLY || '').split(',').filter(Boolean);
const browser = await launch();
let missing = 0;
try {
	for (const shot of SHOTS) {
		if (ONLY.length > 0 && !ONLY.includes(shot.name))
			continue;
		if (shot.setup)
			await shot.setup(browser);
		const page = await openPage(browser, { width: WIDTHS[0], height: 800,
		    locale: shot.locale });
		try {
			const why = await shot.go(page);
			if (why) {
				console.log(`screenshots: ${shot.name}: ${why}`);
				missing++;
				continue;
			}
			for (const width of WIDTHS) {
				await page.setViewportSize({ width, height: 800 });
				if (!shot.keep && width !== WIDTHS[0])
					await page.reload();
				await page.evaluate(() => document.fonts.ready);
				const file = join(OUT, `${shot.name}-${width}.png`);
				await page.screenshot({ path: file, fullPage: true });
				console.log(`screenshots: ${file}`);
			}
			const problems = [...page.sodan.problems, ...page.sodan.csp];
			if (problems.length) {
				console.log(`screenshots: ${shot.name}: ${problems.join('; ')}`);
				missing++;
			}
		} catch (e) {
			console.log(`screenshots: ${shot.name}: ${e.message}`);
			missing++;
		} finally {
			await closePage(page);
		}
	}
} finally {
	await browser.close();
}
process.exitCode = missing ? 1 : 0;

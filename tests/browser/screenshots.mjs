// tests/browser/screenshots.mjs: the screenshots in docs/screenshots/
// (run by tests/browser/screenshots, `make screenshots`).  Each page is
// taken in Japanese at 1280 px (desktop) and 390 px (phone), full height,
// as NAME-1280.png and NAME-390.png.  A page whose feature is missing is
// reported and left out; the script then exits non-zero.
import { join } from 'node:path';

import { closePage, launch, openPage } from './lib/sodan.mjs';

const OUT = process.env.SODAN_SHOTS;
const WIDTHS = [1280, 390];

// Each shot: name, and go(page) that navigates (signing in first when the
// page needs it) and returns a reason string if the page cannot be shown.
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
];

const browser = await launch();
let missing = 0;
try {
	for (const shot of SHOTS) {
		for (const width of WIDTHS) {
			const page = await openPage(browser, { width, height: 800 });
			try {
				const why = await shot.go(page);
				if (why) {
					console.log(`screenshots: ${shot.name}: ${why}`);
					missing++;
					break;
				}
				await page.evaluate(() => document.fonts.ready);
				const file = join(OUT, `${shot.name}-${width}.png`);
				await page.screenshot({ path: file, fullPage: true });
				console.log(`screenshots: ${file}`);
			} finally {
				await closePage(page);
			}
		}
	}
} finally {
	await browser.close();
}
process.exitCode = missing ? 1 : 0;

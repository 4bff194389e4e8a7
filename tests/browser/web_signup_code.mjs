// Issue 13, deliverable 4: the sign-up's second step (the code from SMS)
// as a person meets it, in English and Urdu -- labelled, no serious or
// critical axe-core violation, under 30 KB, shot at 360x740 and 1280x800
// into tests/artifacts/pages/ (signup-code-<lang>-*.png).
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, BASE, check, freshPhone, lastCode } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = join(ARTIFACTS, '..', 'pages');
mkdirSync(PAGES, { recursive: true });

const WORDS = {
  en: { name: 'Full name', phone: 'Mobile number', password: 'Password',
    create: 'Create account', code: 'Code from SMS', finish: 'Finish sign-up',
    sent: 'We sent a 6-digit code by SMS' },
  ur: { name: 'پورا نام', phone: 'موبائل نمبر', password: 'پاس ورڈ',
    create: 'اکاؤنٹ بنائیں', code: 'ایس ایم ایس والا کوڈ',
    finish: 'سائن اپ مکمل کریں', sent: 'ہم نے' },
};

export async function testSignupCodeStepIsAccessibleInEnglishAndUrdu(browser) {
  for (const lang of ['en', 'ur']) {
    const w = WORDS[lang];
    const ctx = await browser.newContext({ baseURL: BASE,
      viewport: { width: 360, height: 740 }, javaScriptEnabled: true });
    await ctx.addCookies([{ name: 'lang', value: lang, url: BASE }]);
    const page = await ctx.newPage();
    const phone = freshPhone();
    await page.goto('/signup');
    await page.getByLabel(w.name).fill('Code Step Person');
    await page.getByLabel(w.phone).fill(phone);
    await page.getByLabel(w.password, { exact: true }).fill('tea kettle monsoon');
    const [resp] = await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: w.create }).click()]);
    check(resp.status() === 200, `step one answers ${resp.status()}`);
    check((await page.content()).includes(w.sent), 'says a code was sent');
    check((await resp.body()).length < 30 * 1024, 'under 30 KB');
    const name = `signup-code-${lang}`;
    await page.screenshot({ path: join(PAGES, `${name}-360x740.png`) });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(PAGES, `${name}-1280x800.png`) });
    await page.evaluate(AXE);
    const bad = await page.evaluate(async () => {
      const r = await window.axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
          'best-practice'] });
      return r.violations.filter((v) => v.impact === 'serious' ||
        v.impact === 'critical').map((v) => v.id);
    });
    check(bad.length === 0, `axe: ${bad.join(', ')}`);
    await page.getByLabel(w.code).fill(lastCode(phone));
    await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: w.finish }).click()]);
    check(new URL(page.url()).pathname === '/gigs',
      `lands on /gigs, not ${page.url()}`);
    await ctx.close();
  }
}

// Issue 11, deliverable 7: the browser phone (/phone) without JavaScript,
// in English, Roman Urdu and Urdu, at 360x740 and 1280x800: an SMS typed
// in the form gets its reply (through Kannel) on the next page, a USSD
// dial walks the menu; axe-core finds no serious or critical violation in
// any state; every page is under 30 KB.  Screenshots in
// tests/artifacts/pages/phone-*.png.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, BASE, check } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = join(ARTIFACTS, '..', 'pages');
mkdirSync(PAGES, { recursive: true });

const CODE = process.env.HUNAR_USSD_CODE || '*282#';
const WORDS = {
  en: { send: 'Send', call: 'Call', msg: 'Message to', help: 'HELP',
    reply: 'Hunar: skills and work by SMS', ussd: 'Hunar: choose language',
    answer: 'Your answer', next: 'Your name?' },
  ru: { send: 'Bhejein', call: 'Call karein', msg: 'ko paigham',
    help: 'MADAD', reply: 'Hunar: SMS', ussd: 'Hunar: choose language',
    answer: 'Aap ka jawab', next: 'Apna naam likhein?' },
  ur: { send: 'بھیجیں', call: 'کال کریں', msg: 'کو پیغام', help: 'مدد',
    reply: 'ہنر: ایس ایم ایس پر ہنر اور کام',
    ussd: 'Hunar: choose language', answer: 'آپ کا جواب', next: 'اپنا نام لکھیں؟' },
};
const USSD_LANG = { en: '1', ru: '2', ur: '3' };

async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
        'best-practice'] });
    return r.violations.filter((v) => v.impact === 'serious' ||
      v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  });
}

// Both sizes of the page as it is now, and what axe says about it (axe
// is injected into a copy of the page: the phone's own page stays free
// of script).
async function shootAndCheck(browser, page, name, bad) {
  const html = await page.content();
  const bytes = Buffer.byteLength(html);
  if (bytes > 30 * 1024)
    bad.push(`${name} is ${bytes} bytes (> 30 KB)`);
  for (const [w, h] of [[360, 740], [1280, 800]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: join(PAGES, `phone-${name}-${w}x${h}.png`),
      fullPage: w === 360 });
  }
  const ctx = await browser.newContext({ baseURL: BASE,
    javaScriptEnabled: true, bypassCSP: true });
  const copy = await ctx.newPage();
  await copy.setContent(html);
  for (const v of await axe(copy))
    bad.push(`${name}: ${v}`);
  await ctx.close();
}

export async function testPhoneSmsAndUssdInEveryLanguage(browser) {
  const bad = [];
  for (const lang of ['en', 'ru', 'ur']) {
    const w = WORDS[lang];
    const ctx = await browser.newContext({ baseURL: BASE,
      viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    await ctx.addCookies([{ name: 'lang', value: lang, url: BASE }]);
    const page = await ctx.newPage();
    const r = await page.goto('/phone');
    check(r.status() === 200, `/phone: ${r.status()}`);
    check((await r.body()).length < 30 * 1024, '/phone under 30 KB');
    await shootAndCheck(browser, page, `empty-${lang}`, bad);

    // An SMS, through the form; the reply is on the page it lands on.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByLabel(w.msg).fill(w.help);
    await Promise.all([page.waitForURL(/\/phone(#sms)?$/),
      page.getByRole('button', { name: w.send, exact: true }).first()
        .click()]);
    const thread = page.locator('ol.th');
    check((await thread.innerText()).includes(w.reply),
      `${lang}: the reply came (${await thread.innerText()})`);
    await shootAndCheck(browser, page, `sms-${lang}`, bad);

    // USSD: dial, choose the language, see the next screen.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByLabel(CODE, { exact: false }).fill(CODE);
    await Promise.all([page.waitForURL(/#ussd$/),
      page.getByRole('button', { name: w.call }).click()]);
    check((await page.locator('.scr').innerText()).startsWith(w.ussd),
      `${lang}: the first USSD screen`);
    await page.getByLabel(w.answer).fill(USSD_LANG[lang]);
    await Promise.all([page.waitForURL(/#ussd$/),
      page.locator('form[action="/phone/ussd"] button[value=send]')
        .click()]);
    const scr = await page.locator('.scr').innerText();
    check(scr.startsWith(w.next), `${lang}: the second screen (${scr})`);
    await page.locator('#ussd').scrollIntoViewIfNeeded();
    await shootAndCheck(browser, page, `ussd-${lang}`, bad);
    await ctx.close();
  }
  check(bad.length === 0, 'serious/critical violations or pages over ' +
    '30 KB:\n' + bad.join('\n'));
}

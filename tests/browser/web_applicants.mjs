// Issue 11 (deliverable 3): the employer's applicants page is the compact
// table the ranked candidates are (name, district, stage, day applied),
// the proposal and skills folded under each row, the buttons by stage,
// and hire asking once more -- in English and Urdu, on a 360x740 phone.
// Before, each applicant was a card of bullet lines and buttons.
import { context, shot, check, sql1, BASE } from './lib.mjs';

export async function testApplicantsAreACompactTable(browser) {
  const ctx = await context(browser);
  const r = await ctx.request.post(`${BASE}/api/v1/session`,
    { data: { phone: '03000000003', password: 'hunar-demo' } });
  check(r.status() === 200, 'the employer logs in');
  const tok = (await r.json()).token;
  const orig = sql1("SELECT lang FROM users WHERE phone = '923000000003'");
  await ctx.addCookies([{ name: 'hunar_sid', value: tok, url: BASE }]);
  for (const lang of ['en', 'ur']) {
    const page = await ctx.newPage();
    // The account's language (deliverable 6): chosen, put back below.
    await page.goto(`/lang?l=${lang}&next=/workspace/gigs/G1001`);
    await page.goto('/workspace/gigs/G1001');
    check(await page.locator(`html[lang=${lang}]`).count() === 1,
      `the page is in ${lang}`);
    await shot(page, `applicants-table-${lang}`);
    check(await page.locator('article.applicant').count() === 0,
      `${lang}: no applicant cards`);
    const rows = page.locator('#applicants tbody tr:not(.sub)');
    check(await rows.count() >= 1, `${lang}: a row per applicant`);
    check(await page.locator('#applicants thead th').count() === 4,
      `${lang}: name, district, stage, applied`);
    check(await page.locator('#applicants details[open]').count() === 0,
      `${lang}: proposals folded`);
    const h = await page.evaluate(() =>
      document.querySelector('#applicants').getBoundingClientRect().height);
    const n = await rows.count();
    check(h / n < 260, `${lang}: about a screen line or three per ` +
      `applicant (${Math.round(h / n)} px each)`);
    if (lang === 'en') {
      // Hire asks first: the confirm page, not a hire.
      const hire = page.locator('#applicants button', { hasText: 'Hire' });
      check(await hire.count() >= 1, 'a hire button');
      await Promise.all([page.waitForLoadState(), hire.first().click()]);
      await shot(page, 'applicants-hire-confirm');
      check(await page.locator('input[name=confirm][value="1"]').count()
        === 1, 'hire asks once more');
    }
    await page.close();
  }
  const page = await ctx.newPage();
  await page.goto(`/lang?l=${orig}&next=/`);
  await ctx.close();
}

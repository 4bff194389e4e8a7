// Issue 11 (deliverable 3): the employer's applicants page is the compact
// table the ranked candidates are (name, district, match score, stage
// with the day applied under it: five columns overflowed 360 px),
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
      `${lang}: name, district, score, stage (and the day applied)`);
    check(await page.locator('#applicants tbody tr:not(.sub) time')
      .count() === await rows.count(), `${lang}: each row's day applied`);
    // The match score (as the ranked candidates show it): its column
    // says so in the page's language, and every row has a number out of
    // 100 or a dash that says there is none yet.
    const head = await page.locator('#applicants thead th').nth(2)
      .innerText();
    check(head.trim() === (lang === 'en' ? 'Score' : 'اسکور'),
      `${lang}: the third column is the score (${head})`);
    const cells = await page.locator(
      '#applicants tbody tr:not(.sub) td.num').allInnerTexts();
    check(cells.length === await rows.count(),
      `${lang}: a score cell per applicant`);
    check(cells.every((t) => /^(\d{1,3}|–)$/.test(t.trim()) &&
      (t.trim() === '–' || Number(t) <= 100)),
      `${lang}: scores are 0-100 or a dash (${cells})`);
    check(cells.some((t) => /^\d+$/.test(t.trim())),
      `${lang}: the demo trainees have scores (${cells})`);
    // Readable on the phone: the table fits the 360 px width, no
    // sideways scrolling, and no score breaks over two lines.
    const wide = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      table: document.querySelector('#applicants').scrollWidth,
      lines: Math.max(...[...document.querySelectorAll(
        '#applicants td.num')].map((e) => {
        const r = document.createRange();
        r.selectNodeContents(e);
        return new Set([...r.getClientRects()].map((x) =>
          Math.round(x.top))).size;
      })) }));
    check(wide.doc <= 360 && wide.table <= 360,
      `${lang}: the table fits 360 px (${wide.doc}, ${wide.table})`);
    check(wide.lines === 1,
      `${lang}: a score stays on one line (${wide.lines} lines)`);
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

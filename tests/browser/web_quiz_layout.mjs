// Issue 11: a quiz's radio buttons sit beside their words, at the start
// of the line (the left in English, the right in Urdu), on a 360x740
// phone.  Before the fix every input was width:100%, so each radio took a
// line of its own above its label.
import { context, shot, check, signupForm, BASE } from './lib.mjs';

async function choices(page) {
  return page.locator('#quiz label.choice').evaluateAll((ls) => ls.map(
    (l) => {
      const r = l.querySelector('input[type=radio]').getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(l);
      const rects = [...range.getClientRects()].filter((x) => x.width > 0 &&
        x.left !== r.left);
      const t = rects.reduce((a, x) => ({ left: Math.min(a.left, x.left),
        right: Math.max(a.right, x.right), top: Math.min(a.top, x.top),
        bottom: Math.max(a.bottom, x.bottom) }), { left: 1e9, right: -1e9,
        top: 1e9, bottom: -1e9 });
      return { radio: { left: r.left, right: r.right, top: r.top,
        bottom: r.bottom }, text: t, dir: getComputedStyle(l).direction,
        label: l.innerText };
    }));
}

export async function testQuizRadiosSitBesideTheirLabels(browser) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signupForm(page, { name: 'Quiz Layout', role: 'trainee',
    password: 'quiz-layout-77' });
  await page.goto('/courses/C102');
  await Promise.all([page.waitForLoadState(), page.locator(
    'form[action$="/enroll"] button').click()]);
  for (const lang of ['en', 'ur']) {
    await ctx.addCookies([{ name: 'lang', value: lang, url: BASE }]);
    await page.goto('/lang?l=' + lang + '&next=/courses/C102/lessons/1');
    await page.goto('/courses/C102/lessons/1');
    const cs = await choices(page);
    await shot(page, `quiz-radios-${lang}`);
    check(cs.length >= 2, `${lang}: the quiz has choices (${cs.length})`);
    // The trainer's words read in their own direction inside Urdu pages
    // (the full stop of an English sentence at its end, not its start).
    check(await page.locator('#lesson[dir=auto]').count() === 1 &&
      await page.locator('#quiz legend bdi').count() === 1 &&
      await page.locator('#quiz label.choice bdi').count() === cs.length,
      `${lang}: lesson, question and choices isolated (dir=auto, bdi)`);
    for (const c of cs) {
      const mid = (c.radio.top + c.radio.bottom) / 2;
      check(mid > c.text.top && mid < c.text.bottom,
        `${lang}: "${c.label}": the radio is on its words' line ` +
        JSON.stringify(c));
      if (lang === 'ur')
        check(c.dir === 'rtl' && c.radio.left >= c.text.right - 1,
          `ur: "${c.label}": the radio is at the right, before the words ` +
          JSON.stringify(c));
      else
        check(c.radio.right <= c.text.left + 1,
          `en: "${c.label}": the radio is at the left, before the words ` +
          JSON.stringify(c));
    }
  }
  await ctx.close();
}

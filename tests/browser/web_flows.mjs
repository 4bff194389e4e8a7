// The marketplace in a real browser (JavaScript off, phone-sized):
// sign up -> search -> apply; post a gig -> shortlist -> hire -> review;
// the Urdu switch; page weights.  Screenshots in tests/artifacts/browser/.
import { context, shot, check, signupForm } from './lib.mjs';

const RUN = Math.random().toString(36).slice(2, 8);

async function postGig(page, title) {
  await page.goto('/gigs/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill(
    'Design ten posts for our Facebook page, Urdu and English.');
  await page.getByLabel('Required skills').fill('graphic-design, canva');
  await page.getByLabel('Budget (Rs)').fill('15,000');
  await shot(page, 'web-employer-2-post-gig');
  await Promise.all([page.waitForLoadState(),
    page.getByRole('button', { name: 'Save' }).click()]);
  const code = page.url().match(/\/gigs\/(G[0-9]+)/);
  check(code, 'gig page after posting: ' + page.url());
  return code[1];
}

export async function test_signup_search_apply(browser) {
  const emp = await context(browser);
  const ep = await emp.newPage();
  await signupForm(ep, { name: 'Browser Employer', role: 'employer',
    password: 'browser-pass-1' });
  const title = `Social posts ${RUN}`;
  const code = await postGig(ep, title);
  await emp.close();

  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto('/');
  await shot(page, 'web-freelancer-0-home');
  await signupForm(page, { name: 'Browser Freelancer', role: 'trainee',
    password: 'browser-pass-2' });
  check(page.url().endsWith('/gigs'), 'lands on /gigs: ' + page.url());
  await shot(page, 'web-freelancer-1-signed-up');

  await page.getByLabel('Words to look for').fill(RUN);
  await Promise.all([page.waitForLoadState(),
    page.getByRole('button', { name: 'Search' }).click()]);
  await shot(page, 'web-freelancer-2-search');
  await Promise.all([page.waitForLoadState(),
    page.getByRole('link', { name: title }).click()]);
  check(page.url().endsWith('/gigs/' + code), 'gig page');
  check((await page.content()).includes(`APPLY ${code}`), 'SMS code shown');

  // A too-short proposal: the error is tied to the field.
  await page.getByLabel('Your proposal').fill('too short');
  await Promise.all([page.waitForLoadState(),
    page.getByRole('button', { name: 'Apply' }).click()]);
  const field = page.getByLabel('Your proposal');
  check(await field.getAttribute('aria-invalid') === 'true', 'aria-invalid');
  const desc = await field.getAttribute('aria-describedby');
  const msg = await page.locator('#' + desc.split(' ')[0]).innerText();
  check(msg.includes('at least 20'), 'error says what to fix: ' + msg);
  await shot(page, 'web-freelancer-3-apply-error');

  await field.fill('I design posts every week for shops in Lahore.');
  await Promise.all([page.waitForLoadState(),
    page.getByRole('button', { name: 'Apply' }).click()]);
  check((await page.content()).includes('Your application is sent.'),
    'applied');
  await shot(page, 'web-freelancer-4-applied');
  await page.getByRole('link', { name: 'My applications' }).click();
  await page.waitForLoadState();
  check((await page.locator('.status').first().innerText()) === 'Applied',
    'status shown');
  await shot(page, 'web-freelancer-5-my-applications');
  await ctx.close();
}

export async function test_post_shortlist_hire_review(browser) {
  const emp = await context(browser);
  const ep = await emp.newPage();
  await signupForm(ep, { name: 'Hiring Employer', role: 'employer',
    password: 'browser-pass-3' });
  check(ep.url().endsWith('/workspace'), 'employer lands on workspace');
  await shot(ep, 'web-employer-1-workspace');
  const code = await postGig(ep, `Logo work ${RUN}`);
  await shot(ep, 'web-employer-3-gig');

  const fr = await context(browser);
  const fp = await fr.newPage();
  await signupForm(fp, { name: 'Hired Freelancer', role: 'trainee',
    password: 'browser-pass-4' });
  await fp.goto('/gigs/' + code);
  await fp.getByLabel('Your proposal').fill(
    'Five years of logos and posts; I can start today.');
  await Promise.all([fp.waitForLoadState(),
    fp.getByRole('button', { name: 'Apply' }).click()]);

  await ep.goto('/workspace/gigs/' + code);
  check(await ep.locator('#suggested').count() === 1, 'suggested section');
  check((await ep.locator('.phone').first().textContent()).includes('****'),
    'phone masked before hiring');
  await Promise.all([ep.waitForLoadState(),
    ep.getByRole('button', { name: 'Shortlist' }).click()]);
  check((await ep.locator('.status').first().innerText()) === 'Shortlisted',
    'shortlisted');
  await shot(ep, 'web-employer-4-shortlisted');
  await Promise.all([ep.waitForLoadState(),
    ep.getByRole('button', { name: 'Hire' }).click()]);
  // Hiring asks once more (issue 11): nothing happened yet.
  check((await ep.locator('h1').innerText()) === 'Hire this applicant?',
    'hire asks for confirmation');
  await shot(ep, 'web-employer-4b-confirm-hire');
  await Promise.all([ep.waitForLoadState(),
    ep.getByRole('button', { name: 'Hire' }).click()]);
  check((await ep.locator('.status').first().innerText()) === 'Hired',
    'hired');
  check(!(await ep.locator('.phone').first().textContent()).includes('****'),
    'phone shown once hired');
  await shot(ep, 'web-employer-5-hired');

  await ep.goto('/gigs/' + code);
  await Promise.all([ep.waitForLoadState(),
    ep.getByRole('button', { name: 'Mark work done' }).click()]);
  await ep.getByLabel('Rating (1-5 stars)').selectOption('5');
  await ep.getByLabel('Review').fill('Quick, careful and friendly.');
  await Promise.all([ep.waitForLoadState(),
    ep.getByRole('button', { name: 'Send review' }).click()]);
  check((await ep.content()).includes('your review is saved'), 'review');
  await shot(ep, 'web-employer-6-reviewed');

  await fp.goto('/me/applications');
  await fp.getByLabel('Rating (1-5 stars)').selectOption('4');
  await fp.getByLabel('Review').fill('Clear brief, paid on time.');
  await Promise.all([fp.waitForLoadState(),
    fp.getByRole('button', { name: 'Send review' }).click()]);
  check((await fp.content()).includes('your review is saved'),
    'freelancer review');
  await shot(fp, 'web-freelancer-6-reviewed');
  await emp.close();
  await fr.close();
}

export async function test_urdu_is_right_to_left(browser) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto('/gigs');
  await Promise.all([page.waitForLoadState(),
    page.getByRole('link', { name: 'اردو' }).click()]);
  check(await page.locator('html').getAttribute('dir') === 'rtl', 'rtl');
  check(await page.locator('html').getAttribute('lang') === 'ur', 'lang=ur');
  check((await page.locator('h1').innerText()) === 'کام ڈھونڈیں', 'Urdu h1');
  await shot(page, 'web-urdu-gigs');
  await page.goto('/signup');
  await shot(page, 'web-urdu-signup');
  // The example number reads left to right on the Urdu page, as it is
  // typed: "0300" left of "1234567" (it read "1234567 0300").
  for (const path of ['/signup', '/login', '/claim']) {
    await page.goto(path);
    const xs = await page.evaluate(() => {
      const hint = [...document.querySelectorAll('.hint')].find((e) =>
        e.textContent.includes('1234567'));
      const node = [...hint.childNodes].find((n) =>
        n.nodeType === 3 && n.data.includes('1234567'));
      const at = (w) => {
        const r = document.createRange();
        const i = node.data.indexOf(w);
        r.setStart(node, i);
        r.setEnd(node, i + w.length);
        return r.getBoundingClientRect().left;
      };
      return [at('0300'), at('1234567')];
    });
    check(xs[0] < xs[1], `${path}: 0300 left of 1234567 in Urdu (${xs})`);
  }
  await Promise.all([page.waitForLoadState(),
    page.getByRole('link', { name: 'Roman Urdu' }).click()]);
  check(await page.locator('html').getAttribute('dir') === 'ltr', 'ltr');
  await ctx.close();
}

export async function test_pages_are_light_and_labelled(browser) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  for (const path of ['/', '/gigs', '/gigs/G1001', '/signup', '/login',
    '/claim', '/reset', '/users/3']) {
    const r = await page.goto(path);
    const body = await r.body();
    check(body.length < 30 * 1024, `${path} is ${body.length} bytes`);
    // Every visible control has a <label for>.
    const controls = page.locator(
      'input:not([type=hidden]):not([type=radio]), select, textarea');
    const n = await controls.count();
    for (let i = 0; i < n; i++) {
      const id = await controls.nth(i).getAttribute('id');
      check(id && await page.locator(`label[for="${id}"]`).count() === 1,
        `${path}: control ${i} has a label`);
    }
  }
  await ctx.close();
}

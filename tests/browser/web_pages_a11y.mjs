// Issue 11: every page kind of every module, as each role sees it --
// axe-core finds no serious or critical violation, each page is under
// 30 KB (the largest is printed), and each is shot at 360x740 and
// 1280x800 into tests/artifacts/pages/ (look at them).
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, BASE, check, sql1 } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = join(ARTIFACTS, '..', 'pages');
mkdirSync(PAGES, { recursive: true });

const KINDS = [
  ['anon', 'home', '/'],
  ['anon', 'gigs', '/gigs'],
  ['anon', 'gigs-empty', '/gigs?q=zzzqqqxx'],
  ['anon', 'gigs-filtered', '/gigs?province=PB&sort=budget'],
  ['anon', 'gig', '/gigs/G1001'],
  ['anon', 'courses', '/courses'],
  ['anon', 'course', '/courses/C101'],
  ['anon', 'login', '/login'],
  ['anon', 'signup', '/signup'],
  ['anon', 'claim', '/claim'],
  ['anon', 'reset', '/reset'],
  ['anon', 'profile', '/users/4'],
  ['anon', 'verify', '/verify/XXXX'],
  ['anon', 'not-found', '/nope'],
  ['anon', 'phone', '/phone'],
  ['trainee', 'my-applications', '/me/applications'],
  ['trainee', 'profile-edit', '/me/profile'],
  ['trainee', 'lesson', '/courses/C101/lessons/1'],
  ['trainee', 'gap', '/gap'],
  ['trainee', 'gap-gig', '/gap/G1001'],
  ['employer', 'workspace', '/workspace'],
  ['employer', 'applicants', '/workspace/gigs/G1001'],
  ['employer', 'matches', '/workspace/gigs/G1001/matches'],
  ['employer', 'gig-new', '/gigs/new'],
  ['employer', 'gig-edit', '/gigs/G1001/edit'],
  ['trainer', 'trainer-courses', '/trainer/courses'],
  ['trainer', 'course-new', '/trainer/courses/new'],
  ['trainer', 'course-edit', '/trainer/courses/C101'],
  ['trainer', 'learners', '/trainer/courses/C101/learners'],
  ['trainer', 'lesson-edit', '/trainer/courses/C101/lessons/1'],
  // Issue 11 (deliverable 5): the other modules' page kinds too --
  // certificates, programmes, hubs, dashboards, a person's own data.
  ['anon', 'verify-valid', () => '/verify/' +
    sql1('SELECT code FROM certificates ORDER BY id LIMIT 1')],
  ['anon', 'hubs', '/hubs'],
  ['anon', 'hub', () => '/hubs/' + sql1('SELECT min(id) FROM prog_hubs')],
  ['trainee', 'my-data', '/me/data'],
  ['trainee', 'lesson-quiz', '/courses/C102/lessons/1'],
  ['officer', 'officer', '/officer'],
  ['officer', 'programme', '/officer/programmes/P03'],
  ['officer', 'officer-hub', () => '/officer/hubs/' +
    sql1("SELECT min(h.id) FROM prog_hubs h JOIN districts d ON " +
    "d.id = h.district_id JOIN provinces p ON p.id = d.province_id " +
    "WHERE p.code = 'KP'")],
  ['officer', 'replicate', '/officer/replicate'],
  ['officer', 'dash-province', '/dash/prov/KP'],
  ['officer', 'dash-programme', '/dash/prog/P03'],
];

const PHONES = { trainee: '03000000004', employer: '03000000003',
  trainer: '03000000002', officer: '03000001403' };

async function sid(ctx, role) {
  const r = await ctx.request.post(`${BASE}/api/v1/session`, {
    data: { phone: PHONES[role], password: 'hunar-demo' } });
  check(r.status() === 200, `${role} logs in (${r.status()})`);
  return (await r.json()).token;
}

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

export async function testEveryPageKindIsAccessibleAndShot(browser) {
  const bad = [];
  let largest = ['', 0];
  {
    // The detector itself: an unlabelled field must be reported.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>x</title>' +
      '<main><input type="text"></main></html>');
    const v = await axe(page);
    await ctx.close();
    check(v.some((x) => x.startsWith('label ')), 'axe sees a missing label');
  }
  // The trainee is enrolled in C102, so that its lesson shows the quiz.
  {
    const ctx = await browser.newContext({ baseURL: BASE });
    const r = await ctx.request.post(`${BASE}/api/v1/courses/C102/enroll`,
      { headers: { authorization: 'Bearer ' + await sid(ctx, 'trainee') } });
    check(r.status() < 300, `the trainee enrols in C102 (${r.status()})`);
    await ctx.close();
  }
  const ORIG = {};
  for (const [role, ph] of Object.entries(PHONES))
    ORIG[role] = sql1(`SELECT lang FROM users WHERE phone = '92${ph.slice(1)}'`);
  for (const role of ['anon', 'trainee', 'employer', 'trainer',
    'officer']) {
    for (const lang of ['en', 'ur']) {
      const ctx = await browser.newContext({ baseURL: BASE,
        viewport: { width: 360, height: 740 }, javaScriptEnabled: true });
      const cookies = [{ name: 'lang', value: lang, url: BASE }];
      if (role !== 'anon')
        cookies.push({ name: 'hunar_sid', value: await sid(ctx, role),
          url: BASE });
      await ctx.addCookies(cookies);
      const page = await ctx.newPage();
      // A signed-in person reads in their account's language (issue 11,
      // deliverable 6): choose it as they would; put it back below.
      if (role !== 'anon')
        await page.goto(`/lang?l=${lang}&next=/`);
      for (const [who, kind, where] of KINDS) {
        if (who !== role)
          continue;
        const path = typeof where === 'function' ? where() : where;
        const r = await page.goto(path);
        check(r.status() < 500, `${path}: ${r.status()}`);
        const size = (await r.body()).length;
        if (size > 30 * 1024)
          bad.push(`${path} [${role}, ${lang}] is ${size} bytes (> 30 KB)`);
        if (size > largest[1])
          largest = [`${path} [${role}, ${lang}]`, size];
        const name = `${kind}-${lang}`;
        await page.setViewportSize({ width: 360, height: 740 });
        await page.screenshot({ path: join(PAGES, `${name}-360x740.png`) });
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.screenshot({ path: join(PAGES, `${name}-1280x800.png`) });
        for (const v of await axe(page))
          bad.push(`${path} [${role}, ${lang}] ${v}`);
      }
      if (role !== 'anon')
        await page.goto(`/lang?l=${ORIG[role]}&next=/`);
      await ctx.close();
    }
  }
  console.log(`# largest page: ${largest[0]} ${largest[1]} bytes`);
  check(bad.length === 0, 'serious/critical violations or pages over ' +
    '30 KB:\n' + bad.join('\n'));
}

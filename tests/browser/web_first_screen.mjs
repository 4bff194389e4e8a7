// Issue 11: results come first on a 360x740 phone, and Urdu is drawn with
// the font Hunar serves (no missing-glyph boxes).
import { launch, context, shot, check, BASE } from './lib.mjs';

async function firstCardVisible(browser, path, lang) {
  const ctx = await context(browser);
  await ctx.addCookies([{ name: 'lang', value: lang, url: BASE }]);
  const page = await ctx.newPage();
  await page.goto(path);
  const box = await page.locator('article.card').first().boundingBox();
  await shot(page, `first-screen${path.replace(/\W+/g, '-')}-${lang}`);
  await ctx.close();
  check(box !== null, `${path} (${lang}) shows a result`);
  check(box.y >= 0 && box.y + box.height <= 740,
    `${path} (${lang}): the first result is fully on the first screen ` +
    `(top ${box.y}, bottom ${box.y + box.height})`);
}

export async function testResultsFirstOnAPhone(browser) {
  for (const lang of ['en', 'ur'])
    for (const path of ['/gigs', '/courses'])
      await firstCardVisible(browser, path, lang);
}

export async function testFiltersFoldAndRememberTheirState(browser) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto('/gigs');
  check(await page.locator('details').first().getAttribute('open') === null,
    'filters are folded when none is set');
  await page.goto('/gigs?province=PB');
  check(await page.locator('details').first().getAttribute('open') !== null,
    'filters are open when one is set');
  check(await page.locator('#f-province').inputValue() === 'PB',
    'the province comes back from the URL');
  check(await page.locator('#f-district optgroup').count() >= 4,
    'districts are grouped by province');
  check(await page.locator('#f-skill optgroup').count() >= 2,
    'skills are grouped by category');
  await page.goto('/gigs?q=zzzqqq');
  check(await page.getByRole('link', { name: 'Clear all filters' }).count()
    === 1, 'an empty search says what to try');
  await ctx.close();
}

// Draws each Arabic-script character of the page with the page's font and
// compares it with the missing-glyph box (an unassigned code point): the
// same pixels mean the character fell back to a box.
async function boxedCharacters(page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const font = getComputedStyle(document.body).fontFamily;
    const cv = document.createElement('canvas');
    cv.width = 48; cv.height = 48;
    const g = cv.getContext('2d');
    const draw = (ch) => {
      g.clearRect(0, 0, 48, 48);
      g.font = `32px ${font}`;
      g.fillText(ch, 4, 36);
      return g.getImageData(0, 0, 48, 48).data.join(',');
    };
    const box = draw('\u{10FFFD}');
    const chars = [...new Set(document.body.innerText)]
      .filter((ch) => /[\u0600-\u06FF]/.test(ch));
    const boxed = chars.filter((ch) => draw(ch) === box);
    return { chars: chars.length, boxed, control: draw('\uE000') === box,
      loaded: [...document.fonts].some((f) => f.family.replace(/"/g, '') ===
        'Hunar Urdu' && f.status === 'loaded') };
  });
}

export async function testUrduHasNoMissingGlyphs(browser) {
  const ctx = await context(browser, { js: true });
  await ctx.addCookies([{ name: 'lang', value: 'ur', url: BASE }]);
  const page = await ctx.newPage();
  for (const path of ['/', '/gigs', '/courses', '/login']) {
    await page.goto(path);
    const r = await boxedCharacters(page);
    await shot(page, `urdu${path.replace(/\W+/g, '-')}`);
    check(r.control, 'the box detector sees a box for U+E000');
    check(r.loaded, `${path}: the served Urdu font is loaded`);
    check(r.chars > 10, `${path}: the page has Urdu text`);
    check(r.boxed.length === 0, `${path}: drawn as boxes: ${r.boxed.join(' ')}`);
  }
  const font = await page.request.get('/fonts/urdu.ttf');
  check(font.status() === 200 && /max-age=31536000/.test(
    font.headers()['cache-control']), 'the font is cached for a year');
  await ctx.close();
}

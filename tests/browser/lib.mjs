// Shared by the browser tests (web_*.mjs, course_*.mjs): Debian's
// Chromium through playwright-core, the base URL, screenshots.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = join(here, '..', 'artifacts', 'browser');
export const BASE = `http://127.0.0.1:${process.env.HUNAR_HTTP_PORT || 8888}`;

mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
}

// A phone-sized context; JavaScript off unless asked: the pages must work
// without it.
export async function context(browser, opts = {}) {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: opts.js === true,
    baseURL: BASE,
    locale: opts.locale || 'en-PK',
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`),
    fullPage: true });
}

export function freshPhone() {
  return '0345' + String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
}

export function check(cond, what) {
  if (!cond)
    throw new Error('check failed: ' + what);
}

// One value from the stack's database (test set-up only).
export function sql1(query) {
  return execFileSync('psql', ['-X', '-At', '-h', '127.0.0.1', '-p',
    process.env.HUNAR_PG_PORT || '15432', '-U', 'hunar', '-d', 'hunar',
    '-c', query], { encoding: 'utf8' }).trim().split('\n')[0];
}

// The newest one-time code texted to a phone, as the phone got it: from
// the SMS Kannel delivers to fakesmsc (tests/integration/phone_code.py).
// The outbox masks a code once it is handed over.
export function lastCode(phone) {
  return execFileSync('python3', [join(here, '..', 'integration',
    'phone_code.py'), phone], { encoding: 'utf8' }).trim();
}

// Signs up through the form and the SMS code (issue 13: an account is
// made only when the code proves the number); returns the phone number.
export async function signupForm(page, { name, role, password }) {
  const phone = freshPhone();
  await page.goto('/signup');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByLabel('Password').fill(password);
  await page.locator(`input[name=role][value=${role}]`).check();
  await page.getByLabel('District').selectOption({ label: 'Lahore' });
  await Promise.all([page.waitForLoadState(), page.getByRole('button',
    { name: 'Create account' }).click()]);
  await page.getByLabel('Code from SMS').fill(lastCode(phone));
  await Promise.all([page.waitForLoadState(), page.getByRole('button',
    { name: 'Finish sign-up' }).click()]);
  return phone;
}

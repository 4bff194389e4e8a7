// Runs every exported test* function of tests/browser/*.mjs (web_*.mjs,
// course_*.mjs, ...) in one headless Chromium.  Last line:
// "N passed, N failed".
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] || '';
let passed = 0, failed = 0;

// The courses and gigs the tests make leave with the run (the demo
// catalogue stays the seed's): tests/integration/catalogue.py.
const catalogue = join(here, '..', 'integration', 'catalogue.py');
const mark = execFileSync('python3', [catalogue, 'mark'],
  { encoding: 'utf8' }).trim().split(' ');
const browser = await launch();
try {
  const files = readdirSync(here).filter((f) => f.endsWith('.mjs') &&
    f !== 'run.mjs' && f !== 'lib.mjs').sort();
  for (const f of files) {
    let mod;
    try {
      mod = await import(pathToFileURL(join(here, f)).href);
    } catch (e) {
      console.log(`not ok ${f} (import)\n${e.stack}`);
      failed++;
      continue;
    }
    for (const [name, fn] of Object.entries(mod)) {
      if (!name.startsWith('test') || typeof fn !== 'function')
        continue;
      const full = `${f}:${name}`;
      if (filter && !full.includes(filter))
        continue;
      const t0 = Date.now();
      try {
        await fn(browser);
        console.log(`ok ${full} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
        passed++;
      } catch (e) {
        console.log(`not ok ${full}\n${e.stack}`);
        failed++;
      }
    }
  }
} finally {
  await browser.close();
  process.stdout.write(execFileSync('python3', [catalogue, 'sweep',
    ...mark], { encoding: 'utf8' }));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

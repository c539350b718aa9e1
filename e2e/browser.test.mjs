// End-to-end tests in a real browser: Debian's Chromium driven by playwright-core, against a running glorot
// (GLOROT_URL, e.g. http://127.0.0.1:8080). Screenshots go to SCREENSHOT_DIR (default ../target/screenshots).
// Run by .ci/steps/50-browser.sh; by hand: GLOROT_URL=http://127.0.0.1:8080 npm test
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.GLOROT_URL;
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR || join(import.meta.dirname, '..', 'target', 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// every wait is bounded; a headless page on loopback needs far less
const TIMEOUT = 30_000;

let context;
let profile;

before(async () => {
  assert.ok(BASE, 'set GLOROT_URL to the running service, e.g. http://127.0.0.1:8080');
  mkdirSync(SCREENSHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'glorot-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: TIMEOUT,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(TIMEOUT);
});

after(async () => {
  await context?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
});

/** Waits until the histogram <img> has loaded a picture whose address contains every given text. */
async function histogramShown(page, ...parts) {
  await page.waitForFunction((wanted) => {
    const img = document.getElementById('histogram');
    const loaded = img.getAttribute('data-loaded') || '';
    return img.complete && img.naturalWidth > 0 && wanted.every((part) => loaded.includes(part));
  }, parts, { timeout: TIMEOUT });
}

test('the landing page shows the histogram of the tensor the form describes', async () => {
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', (error) => failures.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
  await page.goto(BASE + '/');
  // the page shows the default tensor at once
  await histogramShown(page, 'shape=256,512', 'seed=42');

  // every control has a label: fill the form through its labels, as a screen reader user would find them
  const unlabelled = await page.$$eval('#tensor-form input, #tensor-form select',
    (controls) => controls.filter((c) => c.labels.length === 0).map((c) => c.id));
  assert.deepEqual(unlabelled, []);
  await page.getByLabel('Shape').fill('64,128');
  await page.getByLabel('Distribution').selectOption('normal');
  await page.getByLabel('Nonlinearity').selectOption('relu');
  assert.equal(await page.getByLabel('Gain').isDisabled(), true, 'a nonlinearity sets the gain');
  await page.getByLabel('Mode').selectOption('fan_in');
  await page.getByLabel('Layout').selectOption('torch');
  await page.getByLabel('Seed').fill('7');
  await page.getByLabel('Element type').selectOption('float16');
  // submit from the keyboard
  await page.getByLabel('Bins').focus();
  await page.keyboard.press('Enter');
  await histogramShown(page, 'shape=64,128', 'seed=7', 'distribution=normal', 'dtype=float16', 'nonlinearity=relu');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('seed 7'));

  // parameters: relu gain sqrt(2), fan_in 128: std = sqrt(2) * sqrt(1/128) = 0.125
  const parameters = await page.locator('#parameters').innerText();
  assert.match(parameters, /fan in\s+128/);
  assert.match(parameters, /fan out\s+64/);
  assert.match(parameters, /std\s+0\.125\b/);
  const statistics = await page.locator('#statistics').innerText();
  assert.match(statistics, /count\s+8192/);

  // the picture is the well-formed SVG of 50 bins of those 8192 values
  const svg = await page.evaluate(async () => {
    const text = await (await fetch(document.getElementById('histogram').src)).text();
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const counts = [...doc.querySelectorAll('rect.bin')].map((r) => Number(r.getAttribute('data-count')));
    return {
      parseError: doc.querySelector('parsererror') !== null,
      bins: counts.length,
      counted: counts.reduce((a, b) => a + b, 0),
      curve: doc.querySelector('polyline.density') !== null,
      title: doc.querySelector('title')?.textContent,
    };
  });
  assert.equal(svg.parseError, false);
  assert.equal(svg.bins, 50);
  assert.ok(svg.counted > 8150 && svg.counted <= 8192, 'bins hold the values within \u00b14 std: ' + svg.counted);
  assert.equal(svg.curve, true);
  assert.equal(svg.title, 'normal weights, shape 64\u00d7128, float16, seed 7');
  const alt = await page.locator('#histogram').getAttribute('alt');
  assert.match(alt, /^Histogram of 8192 normal values/);

  // downloads and code for the same tensor
  const npy = await page.locator('#downloads a', { hasText: 'NumPy' }).getAttribute('href');
  assert.match(npy, /^\/v1\/weights\?shape=64,128&seed=7&distribution=normal&nonlinearity=relu&mode=fan_in&layout=torch&dtype=float16&format=npy$/);
  const download = await page.request.get(BASE + npy);
  assert.equal(download.status(), 200);
  assert.equal(download.headers()['content-type'], 'application/x-npy');
  assert.match(await page.locator('#curl').innerText(), /^curl -fsS -o weights\.npy 'http:\/\/127\.0\.0\.1:\d+\/v1\/weights\?shape=64,128&seed=7&.*format=npy'$/);
  assert.match(await page.locator('#python').innerText(), /np\.load\(io\.BytesIO\(urllib\.request\.urlopen\(".*shape=64,128&seed=7.*"\)\.read\(\)\)\)/);
  assert.equal(await page.locator('a[href="/swagger-ui.html"]').count(), 1);
  await page.screenshot({ path: join(SCREENSHOTS, 'landing.png'), fullPage: true });

  // bad input: the problem is shown and the field marked
  await page.getByLabel('Shape').fill('3,x');
  await page.getByRole('button', { name: 'Show histogram' }).click();
  await page.locator('#problem').waitFor({ state: 'visible' });
  assert.match(await page.locator('#problem').innerText(), /^Invalid shape: 'shape' must be 1 to 8 positive integers/);
  assert.equal(await page.getByLabel('Shape').getAttribute('aria-invalid'), 'true');

  // a narrow screen: one column, nothing wider than the viewport
  await page.setViewportSize({ width: 360, height: 780 });
  await page.getByLabel('Shape').fill('32,32');
  await page.getByRole('button', { name: 'Show histogram' }).click();
  await histogramShown(page, 'shape=32,32');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, 'the page is ' + overflow + ' px wider than a 360 px screen');
  await page.screenshot({ path: join(SCREENSHOTS, 'landing-narrow.png'), fullPage: true });
  assert.deepEqual(failures.filter((f) => !f.includes('400')), [], 'no script errors');
  await page.close();
});

test('Swagger UI tries GET /v1/weights with shape 3,4 and seed 42 and shows the known values', async () => {
  const page = await context.newPage();
  await page.goto(BASE + '/swagger-ui.html');
  const operation = page.locator('#operations-weights-getWeights');
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  // shape is an array (style form, explode false): Swagger UI shows one input per item
  const shape = operation.locator('tr[data-param-name="shape"]');
  await shape.getByRole('button', { name: 'Add integer item' }).click();
  await shape.getByRole('button', { name: 'Add integer item' }).click();
  const items = shape.locator('.json-schema-array input');
  await items.nth(0).fill('3');
  await items.nth(1).fill('4');
  await operation.locator('tr[data-param-name="seed"] input').fill('42');
  await operation.getByRole('button', { name: 'Execute' }).click();
  const live = operation.locator('.live-responses-table');
  const body = live.locator('.response-col_description pre').first();
  await body.waitFor({ state: 'visible' });
  const text = await body.innerText();
  for (const value of ['0.20916106', '-0.058166467', '-0.7902213', '-0.29466715']) {
    assert.ok(text.includes(value), 'the response shows ' + value + ':\n' + text);
  }
  assert.match(await live.locator('.response .response-col_status').first().innerText(), /200/);
  assert.match(await operation.locator('.request-url pre').innerText(), /\/v1\/weights\?shape=3%2C4&seed=42|\/v1\/weights\?shape=3,4&seed=42/);
  // the picture: from the operation's header (with the shape and seed filled in) to the response body
  const from = await operation.locator('.opblock-summary').boundingBox();
  const to = await body.boundingBox();
  const scrolled = await page.evaluate(() => window.scrollY);
  const top = from.y + scrolled - 10;
  await page.screenshot({ path: join(SCREENSHOTS, 'swagger.png'), fullPage: true,
    clip: { x: 0, y: top, width: 1280, height: to.y + scrolled + to.height + 20 - top } });
  await page.close();
});

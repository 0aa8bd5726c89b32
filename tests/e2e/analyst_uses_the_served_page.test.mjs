// An analyst opens the app served from the intranet: the sample report shows at once,
// then they take an export in through the file picker and by dragging it onto the page.
// Nothing leaves the machine: no request goes anywhere but the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';
import { launch, root, outDir, screenshotDir, assertReferenceReport, watchRequests, dropFiles, clearReport, downloadSample } from './helpers.mjs';

let server;
let url;
let browser;
let page;
let foreign;

before(async () => {
  ({ server, url } = await serve(18080));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  foreign = watchRequests(page, (u) => u.startsWith(url));
  await page.goto(url);
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the page opens with the sample report, every figure of 一(一) and 二 as the reference', async () => {
  await assertReferenceReport(page);
  assert.equal(await page.isVisible('#sample-banner'), true);
  // The first worker made January while a helper worker made December.
  const timings = await page.evaluate(() => performance.getEntriesByName('hotline:sample-shown')[0].detail);
  assert.equal(timings.sampleHelped, true, 'a helper worker made the first month');
  await page.screenshot({ path: `${screenshotDir}/served-sample-report.png`, fullPage: true });
});

test('the sample CSV downloads from the page and is a real export file', async () => {
  const path = await downloadSample(page, `${outDir}/sample-from-page.csv`);
  assert.ok(statSync(path).size > 20 * 1048576, 'the sample holds two months of tickets');
  // Made in two workers, a month each (checked above): byte for byte the command line's.
  const cli = `${outDir}/sample-from-cli.csv`;
  execFileSync(`${root}target/debug/hotline`, ['sample', '--out', cli]);
  assert.ok(readFileSync(path).equals(readFileSync(cli)), 'the sample the page made is the one the command line writes');
});

test('an export chosen with the file picker gives the same report', async () => {
  await clearReport(page);
  await page.setInputFiles('#file-input', `${outDir}/sample-from-page.csv`);
  await assertReferenceReport(page);
  assert.equal(await page.isVisible('#sample-banner'), false);
  assert.match(await page.textContent('#accounting-text'), /读入 125,593 行 = 采用 125,593 \+ 拒收 0 \+ 重复 0 \+ 不在统计期 0/);
});

test('an export dragged onto the page gives the same report', async () => {
  await clearReport(page);
  await dropFiles(page, [`${outDir}/sample-from-page.csv`]);
  await assertReferenceReport(page);
  await page.screenshot({ path: `${screenshotDir}/served-dropped-file.png`, fullPage: true });
});

test('no request left the page’s own files', () => {
  assert.deepEqual(foreign, []);
});

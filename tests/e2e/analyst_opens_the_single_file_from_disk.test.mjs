// An analyst double-clicks the single HTML file on their desk (file://): no server, no
// network. The sample report shows, and an export goes in by picker and by drag-and-drop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { launch, root, outDir, screenshotDir, assertReferenceReport, watchRequests, dropFiles, clearReport, downloadSample } from './helpers.mjs';

const fileUrl = `file://${root}dist/hotline-analyzer.html`;
let browser;
let page;
let foreign;

before(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  foreign = watchRequests(page, (u) => u === fileUrl);
  await page.goto(fileUrl);
});

after(async () => {
  await browser?.close();
});

test('the single file opened from disk shows the sample report with its charts', async () => {
  await assertReferenceReport(page);
  // The first worker made January while a helper worker made December.
  const timings = await page.evaluate(() => performance.getEntriesByName('hotline:sample-shown')[0].detail);
  assert.equal(timings.sampleHelped, true, 'a helper worker made the first month');
  await page.screenshot({ path: `${screenshotDir}/single-file-sample-report.png`, fullPage: true });
});

test('an export chosen with the file picker gives the same report', async () => {
  const csv = `${outDir}/sample-from-single-file.csv`;
  if (!existsSync(csv)) await downloadSample(page, csv);
  await clearReport(page);
  await page.setInputFiles('#file-input', csv);
  await assertReferenceReport(page);
});

test('an export dragged onto the page gives the same report', async () => {
  await clearReport(page);
  await dropFiles(page, [`${outDir}/sample-from-single-file.csv`]);
  await assertReferenceReport(page);
  await page.screenshot({ path: `${screenshotDir}/single-file-dropped-file.png`, fullPage: true });
});

test('from disk too, a figure opens its tickets and a ticket its original row', async () => {
  await page.locator('[data-id="intake.overall"] .figure-link').first().click();
  await page.waitForSelector('#explorer .explorer-row[data-ticket]', { timeout: 30000 });
  await page.locator('#explorer .explorer-row[data-ticket]').first().click();
  await page.waitForSelector('#explorer .explorer-original', { timeout: 30000 });
  assert.match(await page.textContent('#explorer .explorer-source'), /^来源：sample-from-single-file\.csv 第 [\d,]+ 行$/);
  assert.ok((await page.locator('#explorer .explorer-original th').allTextContents()).includes('来电号码'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
});

test('nothing was requested but the file itself', () => {
  assert.deepEqual(foreign, []);
});

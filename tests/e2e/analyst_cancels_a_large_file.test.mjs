// An analyst drops a year-sized export by mistake: the page stays responsive, shows the
// bytes and rows read advancing, 取消 stops it at once, and the sample then loads fully.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { openApp, closeApp, root, outDir, assertReferenceReport, clearReport } from './helpers.mjs';

let app;
let page;
const large = `${outDir}/four-months-double.csv`;

before(async () => {
  if (!existsSync(large)) {
    execFileSync(`${root}target/debug/hotline`, ['sample', '--months', '4', '--scale', '2', '--out', large]);
  }
  app = await openApp(18120);
  page = app.page;
});

after(() => closeApp(app));

test('progress advances on a large file, 取消 stops it, and the sample then loads', async () => {
  assert.ok(statSync(large).size > 100 * 1048576, 'the file is large enough to take seconds');
  await clearReport(page);
  await page.setInputFiles('#file-input', large);
  await page.waitForSelector('#progress:not([hidden])');
  const readings = [];
  const read = async () => Number((await page.textContent('#progress-label')).match(/已读取 ([\d.]+) MB/)?.[1] ?? NaN);
  await page.waitForFunction(() => /已读取 [\d.]+ MB/.test(document.getElementById('progress-label').textContent), null, { timeout: 30000 });
  readings.push(await read());
  await page.waitForFunction((first) => {
    const m = document.getElementById('progress-label').textContent.match(/已读取 ([\d.]+) MB/);
    return m && Number(m[1]) > first;
  }, readings[0], { timeout: 30000 });
  readings.push(await read());
  assert.ok(readings[1] > readings[0], `progress advanced: ${readings}`);
  // The main thread answers while the worker reads.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  const started = Date.now();
  await page.click('#cancel-button');
  await page.waitForSelector('#progress', { state: 'hidden' });
  // Generous bound: a functional check that cancel does not wait for the file (seconds).
  assert.ok(Date.now() - started < 2000, 'cancel does not wait for the file');
  assert.match(await page.textContent('#error'), /已取消/);
  assert.equal(await page.$('[data-id="intake.overall"]'), null, 'no half report');
  await page.click('#sample-button');
  await assertReferenceReport(page);
});

// An analyst drops the export as their system gives it: an Excel workbook with a title
// row and date cells, or a GBK CSV from Chinese Windows. The page reads both as they are
// and shows the reference report, with the format and header row it found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openApp, closeApp, root, outDir, screenshotDir, assertReferenceReport, dropFiles, clearReport } from './helpers.mjs';

let app;
let page;

function sample(format) {
  const path = `${outDir}/sample.${format}`;
  execFileSync(`${root}target/debug/hotline`, ['sample', '--format', format, '--out', path]);
  return path;
}

before(async () => {
  app = await openApp(18110);
  page = app.page;
});

after(() => closeApp(app));

test('an Excel workbook with a title row and date cells gives the reference report', async () => {
  await clearReport(page);
  await page.setInputFiles('#file-input', sample('xlsx'));
  await assertReferenceReport(page);
  await page.click('#files-details summary');
  const facts = await page.textContent('.file-facts');
  assert.match(facts, /Excel（工作表“工单明细”），表头在第 2 行，数据 125,593 行/);
  await page.screenshot({ path: `${screenshotDir}/excel-export.png` });
});

test('a GBK CSV from Chinese Windows gives the reference report', async () => {
  await clearReport(page);
  await dropFiles(page, [sample('gbk')]);
  await assertReferenceReport(page);
  assert.match(await page.textContent('.file-facts'), /CSV（GBK\/GB18030），表头在第 2 行/);
});

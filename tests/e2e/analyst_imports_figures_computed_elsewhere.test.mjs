// A provincial data office computes the month's figures on its own engine (the SQL in
// src/sql/, here on DuckDB) and sends the figures JSON: the analyst imports it and gets the same report,
// charts and Word file as from the tickets, told plainly that no tickets stand behind it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  openApp, closeApp, root, outDir, screenshotDir, assertReferenceReport, dropFiles, clearReport, downloadFrom, zipEntry,
} from './helpers.mjs';

let app;
let page;

/**
 * The sample's figures as a province's run of the SQL sends them: the tickets exported as
 * Parquet, the report's SQL run on DuckDB (`scripts/figures_sql.py`). No selections in them.
 */
function figuresFile() {
  const csv = `${outDir}/figures-sample.csv`;
  const parquet = `${outDir}/figures-sample-parquet`;
  const hotline = `${root}target/debug/hotline`;
  execFileSync(hotline, ['sample', '--out', csv]);
  rmSync(parquet, { recursive: true, force: true });
  // What goes wrong (a missing duckdb, say) shows in the test's output.
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(hotline, ['export', '--parquet', parquet, csv], quiet);
  const path = `${outDir}/2021年1月统计结果.json`;
  execFileSync('python3', [`${root}scripts/figures_sql.py`, '--engine', 'duckdb', parquet, '--out', path], quiet);
  return path;
}

before(async () => {
  app = await openApp(18176);
  page = app.page;
});

after(() => closeApp(app));

test('imported figures give the reference report, without tickets to open', async () => {
  const figures = figuresFile();
  await clearReport(page);
  await page.setInputFiles('#figures-input', figures);
  await assertReferenceReport(page);
  // Every paragraph and table line of the letter is the golden report's, word for word
  // (the attachment list, one block on the page, is several lines of the text).
  const goldenText = readFileSync(`${root}tests/reference/golden-report.txt`, 'utf8');
  const golden = new Set(goldenText.split('\n'));
  const unspaced = (text) => text.replace(/\s+/g, '');
  const paragraphs = await page.$$eval('#report [data-id]', (blocks) => blocks.map((b) => b.textContent.trim()));
  const rows = await page.$$eval('#report .attachment table', (tables) =>
    tables.flatMap((table) => [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent).join('\t'))));
  assert.ok(paragraphs.length > 20, `${paragraphs.length} paragraphs`);
  // The letter's date is the day it is written: the text has none.
  const letter = paragraphs.filter((p) => !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(p));
  assert.equal(letter.length, paragraphs.length - 1);
  for (const line of letter) assert.ok(unspaced(goldenText).includes(unspaced(line)), `not in the golden report: ${line}`);
  for (const line of rows) assert.ok(golden.has(line), `not in the golden report: ${line}`);
  // Where the numbers came from, said first; nothing pretends to open tickets.
  const first = await page.$eval('#notices li', (li) => ({ code: li.dataset.code, text: li.textContent }));
  assert.equal(first.code, 'imported_figures');
  assert.match(first.text, /本报告由导入的统计结果「2021年1月统计结果\.json」生成/);
  assert.equal(await page.textContent('#accounting-text'), '—（由统计结果导入，无工单明细）');
  assert.equal(await page.$$eval('#report .figure-link', (links) => links.length), 0);
  assert.ok(!(await page.isVisible('#view-tabs')), 'no trends without tickets');
  assert.ok(!(await page.isVisible('#files-details')));
  // The attachments are all there, the scorecard among them.
  const attachments = await page.$$eval('.attachments-title', (titles) => titles.length);
  assert.ok(attachments >= 5, `${attachments} attachments`);

  for (const [width, height] of [[1440, 900], [1280, 720]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/imported-figures-${width}.png` });
  }
  await page.setViewportSize({ width: 1400, height: 1000 });

  // The Word file has the letter and its drawn charts, as from the tickets.
  const { path } = await downloadFrom(page, '#export-docx', `${outDir}/imported.docx`);
  const body = await zipEntry(path, 'word/document.xml');
  assert.ok(body.includes('关于2021年1月份群众诉求分析研判情况的通报'));
  assert.equal((body.match(/<pic:pic/g) || []).length, 9, 'the nine charts, drawn by the page');
});

test('a figures file dropped on the page is imported too', async () => {
  await clearReport(page);
  await dropFiles(page, [`${outDir}/2021年1月统计结果.json`]);
  await assertReferenceReport(page);
  assert.equal(await page.$eval('#notices li', (li) => li.dataset.code), 'imported_figures');
});

test('a file that is not figures says what is wrong, in Chinese', async () => {
  const broken = `${outDir}/不是统计结果.json`;
  writeFileSync(broken, JSON.stringify({ period: { month: { year: 2021, month: 1 } } }));
  await page.setInputFiles('#figures-input', broken);
  await page.waitForSelector('#error:not([hidden])');
  const message = await page.textContent('#error');
  assert.match(message, /「不是统计结果\.json」：统计结果文件“period”处缺少字段“start”/);
  await page.screenshot({ path: `${screenshotDir}/imported-figures-error.png` });
  // A ticket file afterwards is analysed as ever, with its tickets to open.
  await page.click('#sample-button');
  await page.waitForSelector('#report .figure-link', { timeout: 60000 });
  assert.ok(await page.isVisible('#tab-trends'));
});

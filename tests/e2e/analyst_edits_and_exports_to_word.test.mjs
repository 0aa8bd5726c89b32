// An analyst rewrites a recommendation in the report, narrows a topic's categories and
// keywords in the settings (the report re-computes at once), and exports: the Word file carries both, the
// Excel file the seven attachment tables (the sample has callers and addresses, so the
// scorecard and the repeats' lists follow the four of the reference), and the settings survive a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApp, closeApp, root, outDir, screenshotDir, zipEntry, downloadFrom, referenceFigures } from './helpers.mjs';

let app;
let page;
const advice = '意见建议：请自然资源部门会同属地政府开展非法采砂专项整治，每月通报进展。';
const counterfeit = referenceFigures().economic.tobacco.counterfeit;

before(async () => {
  app = await openApp(18100);
  page = app.page;
  await page.waitForSelector('[data-id="hotspots.livelihood.recommendation"]', { timeout: 60000 });
});

after(() => closeApp(app));

test('the attachment tables show each cell as the core words it', async () => {
  // The page prints the text the core sends with each typed cell: every line of the seven
  // tables is a line of the golden report text (counts, 94.39%, a full 100%).
  const golden = new Set(readFileSync(`${root}tests/reference/golden-report.txt`, 'utf8').split('\n'));
  const lines = await page.$$eval('#report .attachment table', (tables) =>
    tables.flatMap((table) => [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent).join('\t'))),
  );
  assert.equal(await page.locator('#report .attachment table').count(), 7);
  assert.ok(lines.length > 20, `${lines.length} lines`);
  for (const line of lines) assert.ok(golden.has(line), `not in the golden report: ${line}`);
  assert.ok(lines.includes('1\t赤坎区\t570\t570\t100%\t94.39%\t100%\t99.77%\t32'), lines.slice(0, 3).join('\n'));
});

test('a recommendation is edited in place', async () => {
  const paragraph = page.locator('[data-id="hotspots.livelihood.recommendation"]');
  await paragraph.fill(advice);
  assert.equal(await paragraph.textContent(), advice);
  assert.match(await paragraph.getAttribute('class'), /edited/);
});

test('narrowing a topic re-computes the report at once, keeping the edit', async () => {
  await page.click('#settings summary');
  // Only the counterfeit-cigarette category and words: the topic shrinks to exactly that
  // sub-topic (by its category 烟草专卖品, the topic also held the unlicensed sales).
  assert.equal(await page.inputValue('textarea[name="economic.topic.categories"]'), '烟草专卖品');
  await page.fill('textarea[name="economic.topic.categories"]', '假冒卷烟');
  await page.fill('textarea[name="economic.topic.keywords"]', '假烟、假冒香烟');
  // A sub-topic line carries its categories after a bar.
  await page.fill('textarea[name="economic.topic.subtopics"]', '售卖假烟：假烟｜分类：假冒卷烟');
  const expected = `烟类相关商品涉嫌存在违法行为举报工单${counterfeit}宗`;
  await page.waitForFunction(
    (text) => document.querySelector('[data-id="hotspots.economic.topic"]')?.textContent.includes(text),
    expected,
    { timeout: 30000 },
  );
  const topic = await page.textContent('[data-id="hotspots.economic.topic"]');
  assert.ok(topic.includes(`售卖假烟（${counterfeit}宗，占烟类相关商品举报工单100%）`), topic);
  assert.equal(await page.textContent('[data-id="hotspots.livelihood.recommendation"]'), advice);
  await page.screenshot({ path: `${screenshotDir}/settings-and-edits.png` });
});

test('the Word export carries the edited recommendation and the re-computed topic', async () => {
  const { path, name } = await downloadFrom(page, '#export-docx', `${outDir}/report.docx`);
  assert.equal(name, '关于2021年1月份群众诉求分析研判情况的通报.docx');
  const xml = await zipEntry(path, 'word/document.xml');
  assert.ok(xml.includes(advice), 'edited recommendation in the DOCX');
  assert.ok(xml.includes(`烟类相关商品涉嫌存在违法行为举报工单${counterfeit}宗`), 're-computed topic in the DOCX');
  assert.equal((xml.match(/<w:drawing[\s>]/g) || []).length, 9, "nine charts as images");
  assert.equal((xml.match(/<w:tbl>/g) || []).length, 7, 'seven attachment tables');
  const media = await zipEntry(path, 'word/_rels/document.xml.rels');
  assert.equal((media.match(/Target="media\//g) || []).length, 9, "nine images in the package");
});

test('the Excel export holds the seven attachment tables', async () => {
  const { path } = await downloadFrom(page, '#export-xlsx', `${outDir}/attachments.xlsx`);
  const workbook = await zipEntry(path, 'xl/workbook.xml');
  for (const n of [1, 2, 3, 4, 5, 6, 7]) assert.ok(workbook.includes(`附件${n}`), `sheet 附件${n}`);
  const strings = await zipEntry(path, 'xl/sharedStrings.xml');
  assert.ok(strings.includes('廉江市') && strings.includes('市住房和城乡建设局'));
  // Sent back from the page as typed cells: 赤坎区's 94.39% on-time rate is the number 0.9439.
  const counties = await zipEntry(path, 'xl/worksheets/sheet1.xml');
  assert.match(counties, /<c r="F3"[^>]*><v>0\.9439<\/v><\/c>/);
});

test('settings are kept across a reload and can be reset', async () => {
  await page.reload();
  await page.waitForSelector('[data-id="hotspots.economic.topic"]', { timeout: 60000 });
  assert.ok((await page.textContent('[data-id="hotspots.economic.topic"]')).includes(`工单${counterfeit}宗`));
  await page.click('#settings summary');
  assert.equal(await page.inputValue('textarea[name="economic.topic.keywords"]'), '假烟、假冒香烟');
  assert.equal(await page.inputValue('textarea[name="economic.topic.categories"]'), '假冒卷烟');
  assert.equal(await page.inputValue('textarea[name="economic.topic.subtopics"]'), '售卖假烟：假烟｜分类：假冒卷烟');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('hotline-analyzer.settings.v1')).sections.economic.topic);
  assert.deepEqual(saved.subtopics, [{ name: '售卖假烟', categories: ['假冒卷烟'], keywords: ['假烟'], exclusion_words: [] }]);
  await page.click('#settings-reset');
  await page.waitForFunction(() => document.querySelector('textarea[name="economic.topic.keywords"]')?.value.includes('烟草'));
  assert.equal(await page.inputValue('textarea[name="economic.topic.categories"]'), '烟草专卖品');
});

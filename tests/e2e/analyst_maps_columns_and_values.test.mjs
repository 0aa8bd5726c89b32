// An analyst's export names a column the page does not know, writes a channel no group
// holds, or scores satisfaction in digits. The page does not guess: it says what it could
// not place, the analyst decides in the page, and the choice is remembered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { openApp, closeApp, root, outDir, screenshotDir, assertReferenceReport, dropFiles, clearReport, downloadSample } from './helpers.mjs';

let app;
let page;

before(async () => {
  app = await openApp(18130);
  page = app.page;
});

after(() => closeApp(app));

async function showFiles() {
  await page.evaluate(() => { document.getElementById('files-details').open = true; });
}

async function dropAndWait(path, selector) {
  await clearReport(page);
  await page.evaluate(() => { document.getElementById('error').hidden = true; });
  await dropFiles(page, [path]);
  await page.waitForSelector(selector, { timeout: 60000 });
}

test('a column the page does not know is mapped in the page, and the mapping is remembered', async () => {
  const sample = readFileSync(await downloadSample(page, `${outDir}/sample-for-mapping.csv`), 'utf8');
  const path = `${outDir}/新系统导出.csv`;
  writeFileSync(path, sample.replace('受理时间', '派单时间'));

  await dropAndWait(path, '#error:not([hidden])');
  assert.match(await page.textContent('#error'), /文件「新系统导出\.csv」第1行：缺少“受理时间”列，无法统计/);
  assert.equal(await page.isVisible('#files .mapping'), true, 'the columns are shown to map');
  assert.equal(await page.isHidden('#report'), true);
  const select = page.locator('#files tr', { hasText: '派单时间' }).locator('select');
  assert.equal(await select.inputValue(), '', 'not guessed');
  await page.screenshot({ path: `${screenshotDir}/mapping-missing-column.png` });

  await select.selectOption({ label: '受理时间' });
  await assertReferenceReport(page);
  assert.equal(await page.isHidden('#error'), true);
  await showFiles();
  const row = page.locator('#files tr', { hasText: '派单时间' });
  assert.equal(await row.locator('select').inputValue(), 'intake_time');
  assert.match(await row.textContent(), /手动/);
  await page.screenshot({ path: `${screenshotDir}/mapping-edited.png`, fullPage: false });

  // The rule is saved with the settings: the same headers work after a reload.
  await page.reload();
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
  await dropAndWait(path, '[data-id="intake.overall"]');
  await assertReferenceReport(page);
});

test('a column can be left out of the analysis from the page', async () => {
  await showFiles();
  // The row whose header cell is 满意度 (every row's choices also name the field).
  const row = page.locator('#files tr').filter({ has: page.locator('td:first-child', { hasText: /^满意度$/ }) });
  await row.locator('select').selectOption('');
  await page.waitForFunction(() => !document.querySelector('#report').textContent.includes('满意率'), null, { timeout: 60000 });
  assert.match(await page.textContent('#notices'), /服务满意率从略/);
  await showFiles();
  await row.locator('button', { hasText: '恢复自动' }).click();
  await page.waitForFunction(() => document.querySelector('#report').textContent.includes('满意率'), null, { timeout: 60000 });
});

const SMALL_HEADER = '工单编号,受理时间,诉求类型,诉求渠道,办理方式,满意度';

test('a channel in no group is listed and assigned to a group in the page', async () => {
  const path = `${outDir}/抖音渠道.csv`;
  writeFileSync(path, [SMALL_HEADER, 'C1,2021-01-05 09:00,咨询,电话,直接答复,满意', 'C2,2021-01-06 10:00,投诉,抖音,转办,不满意', 'C3,2021-01-07 11:00,投诉,抖音,转办,'].join('\n'));
  await dropAndWait(path, '#notices select.assign');
  const notice = page.locator('#notices li', { hasText: '渠道“抖音”（2宗）不属于任何渠道分组' });
  assert.equal(await notice.count(), 1);
  await page.screenshot({ path: `${screenshotDir}/assign-channel.png` });
  await notice.locator('select').selectOption({ label: '归入“微信、网站、APP等”' });
  await page.waitForFunction(() => !document.querySelector('#notices').textContent.includes('抖音'), null, { timeout: 60000 });
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('hotline-analyzer.settings.v1')));
  assert.ok(stored.channel_groups[1].channels.includes('抖音'), 'the assignment is saved');
  assert.match(await page.textContent('#report'), /微信公众号、网站和安卓版手机app等2宗/);
});

test('a numeric satisfaction scale is not guessed: each value is set in the page', async () => {
  const path = `${outDir}/数字满意度.csv`;
  writeFileSync(path, [SMALL_HEADER, 'D1,2021-01-05 09:00,投诉,电话,转办,3', 'D2,2021-01-06 10:00,投诉,电话,转办,0', 'D3,2021-01-07 11:00,投诉,电话,转办,3'].join('\n'));
  await dropAndWait(path, '#notices select.assign');
  for (const [value, choice] of [['3', '算满意'], ['0', '算不满意']]) {
    const notice = page.locator('#notices li', { hasText: `满意度取值“${value}”` });
    await notice.locator('select').selectOption({ label: choice });
    await page.waitForFunction((v) => !document.querySelector('#notices').textContent.includes(`满意度取值“${v}”`), value, { timeout: 60000 });
  }
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('hotline-analyzer.settings.v1')));
  assert.ok(stored.satisfaction.satisfied.includes('3') && stored.satisfaction.unsatisfied.includes('0'));
  assert.match(await page.textContent('#report'), /服务满意率66\.67%/);
});

test('the value dictionaries are editable in the settings', async () => {
  await page.click('#settings summary');
  const aliases = page.locator('textarea[name="ticket_types.aliases"]');
  assert.match(await aliases.inputValue(), /感谢=表扬/);
  await page.selectOption('select[name="satisfaction.preset"]', 'numeric');
  assert.equal(await page.inputValue('textarea[name="satisfaction.satisfied"]'), '2、3');
  await page.locator('#value-dictionaries').screenshot({ path: `${screenshotDir}/value-dictionaries.png` });
  await page.click('#settings summary');
});

test('a workbook with two ticket sheets offers the choice', async () => {
  await dropAndWait(`${root}tests/fixtures/两张工单表.xlsx`, '[data-id="intake.overall"]');
  await showFiles();
  assert.match(await page.textContent('.file-facts'), /Excel（工作表“抽样”），表头在第 1 行，数据 20 行/);
  const choice = page.locator('.sheet-choice select');
  assert.deepEqual(await choice.locator('option').allTextContents(), ['抽样', '全部工单']);
  await page.screenshot({ path: `${screenshotDir}/sheet-choice.png` });
  await choice.selectOption('全部工单');
  await page.waitForFunction(() => document.querySelector('.file-facts')?.textContent.includes('全部工单'), null, { timeout: 60000 });
  assert.match(await page.textContent('.file-facts'), /数据 491 行/);
});

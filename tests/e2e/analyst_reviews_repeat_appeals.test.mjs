// 重复诉求与办理质量: the built-in sample carries callers and addresses, so the letter has the
// part. The analyst opens the largest cluster's tickets, narrows the window in the settings
// and sees the counts change, sorts the scorecard on the page, and exports the Word letter
// with the scorecard as 附件5.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, closeApp, outDir, screenshotDir, downloadFrom, zipEntry } from './helpers.mjs';

let app;
let page;

before(async () => {
  app = await openApp(18174);
  page = app.page;
  await page.waitForSelector('[data-id="quality.repeats"]', { timeout: 60000 });
});

after(() => closeApp(app));

const number = (text) => Number(text.replace(/,/g, ''));

test('the sample letter has the part, and the largest cluster opens its tickets', async () => {
  const repeats = page.locator('[data-id="quality.repeats"]');
  assert.match(await repeats.textContent(), /^1月份，\d+宗有效工单与三十天内的其他工单来自同一来电人、涉及同一地点或同一问题，共\d+组，其中重复诉求\d+组/);
  assert.match(await page.textContent('#report'), /[四五]、重复诉求与办理质量/);
  const top = page.locator('[data-id="quality.top"]');
  await top.scrollIntoViewIfNeeded();
  for (const [width, height] of [[1440, 900], [1280, 720]]) {
    await page.setViewportSize({ width, height });
    await top.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/repeats-${width}x${height}.png` });
  }
  // The first cluster's count: its first link of digits only (a place before it is a link too).
  const first = top.locator('.figure-link', { hasText: /^\d+$/ }).first();
  const count = (await first.textContent()).trim();
  await first.click();
  await page.waitForSelector('#explorer .explorer-row[data-ticket]', { timeout: 60000 });
  assert.equal((await page.textContent('#explorer .explorer-count strong')).replace(/,/g, ''), count);
  assert.ok((await page.textContent('#explorer .explorer-conditions')).includes('重复诉求组：第1组'));
  await page.screenshot({ path: `${screenshotDir}/repeats-largest-cluster.png` });
  await page.keyboard.press('Escape');
});

test('the scorecard sorts on the page and its rows open their tickets', async () => {
  const table = page.locator('#report table.sortable');
  await table.scrollIntoViewIfNeeded();
  const units = () => table.locator('tr td:nth-child(2)').allTextContents();
  const before = await units();
  assert.ok(before.length >= 10, `${before.length} units`);
  assert.equal(before.at(-1), '全市平均', 'the average closes the table');
  // 转办工单, largest first, then the other way.
  const header = table.locator('th', { hasText: '转办工单' });
  await header.click();
  const counts = async () => (await table.locator('tr td:nth-child(3)').allTextContents()).slice(0, -1).map(number);
  const down = await counts();
  assert.deepEqual(down, [...down].sort((a, b) => b - a));
  await header.click();
  const up = await counts();
  assert.deepEqual(up, [...up].sort((a, b) => a - b));
  assert.equal((await units()).at(-1), '全市平均', 'the average stays last');
  await page.screenshot({ path: `${screenshotDir}/repeats-scorecard.png` });
});

test('the false closures open their tickets, and 复现来件 finds every ticket that came back', async () => {
  const paragraph = page.locator('[data-id="quality.false_closures"]');
  await paragraph.scrollIntoViewIfNeeded();
  const link = paragraph.locator('.figure-link', { hasText: /^\d+$/ }).first();
  const count = (await link.textContent()).trim();
  await link.click();
  await page.waitForSelector('#explorer .explorer-row[data-ticket]', { timeout: 60000 });
  assert.equal((await page.textContent('#explorer .explorer-count strong')).replace(/,/g, ''), count);
  // The returns as 附件 lists them (a return may follow two closures: counted once).
  const table = page.locator('#report table.doc-table', { has: page.locator('caption', { hasText: '疑似虚假办结明细表' }) });
  const returns = new Set(await table.locator('tr td:nth-child(5)').allTextContents());
  const facets = page.locator('#explorer .explorer-facets-box');
  if (!(await facets.evaluate((d) => d.open))) await page.click('#explorer .explorer-facets-box summary');
  const facet = page.locator('#explorer .facet', { has: page.locator('h4', { hasText: '疑似虚假办结' }) });
  const counted = async () => (await page.textContent('#explorer .explorer-count strong')).replace(/,/g, '');
  const choose = async (label) => {
    const before = await counted();
    await facet.locator('.facet-value', { has: page.locator('.facet-label', { hasText: new RegExp(`^${label}$`) }) }).click();
    await page.waitForFunction((b) => document.querySelector('#explorer .explorer-count strong')?.textContent.replace(/,/g, '') !== b, before, { timeout: 60000 });
  };
  await choose('办结后问题复现'); // off: the month's tickets
  await choose('复现来件');
  assert.equal(Number(await counted()), returns.size, 'every return, one closed again among them');
  await page.screenshot({ path: `${screenshotDir}/repeats-returns.png` });
  await page.keyboard.press('Escape');
});

test('a shorter window in the settings finds fewer repeats', async () => {
  const clusters = async () => number((await page.textContent('[data-id="quality.repeats"]')).match(/共([\d,]+)组/)[1]);
  const before = await clusters();
  await page.click('#settings summary');
  await page.fill('input[name="quality.window_days"]', '3');
  await page.locator('input[name="quality.window_days"]').blur();
  await page.waitForFunction(
    () => document.querySelector('[data-id="quality.repeats"]')?.textContent.includes('与三天内的其他工单'),
    null,
    { timeout: 60000 },
  );
  const after = await clusters();
  assert.ok(after < before, `${after} clusters in 3 days, ${before} in 30`);
  await page.fill('input[name="quality.window_days"]', '30');
  await page.locator('input[name="quality.window_days"]').blur();
  await page.waitForFunction(
    () => document.querySelector('[data-id="quality.repeats"]')?.textContent.includes('与三十天内的其他工单'),
    null,
    { timeout: 60000 },
  );
});

test('the Word letter carries the part and the scorecard as 附件5', async () => {
  const { path } = await downloadFrom(page, '#export-docx', `${outDir}/repeats.docx`);
  const xml = await zipEntry(path, 'word/document.xml');
  assert.ok(xml.includes('重复诉求与办理质量') && xml.includes('疑似虚假办结'));
  assert.match(xml, /5\.[^<]*承办单位办理质量考核表/, 'listed fifth among the attachments');
  assert.ok(xml.includes('附件5'), 'the scorecard is 附件5');
  const { path: book } = await downloadFrom(page, '#export-xlsx', `${outDir}/repeats.xlsx`);
  const workbook = await zipEntry(book, 'xl/workbook.xml');
  assert.ok(workbook.includes('附件5'), 'a sheet for the scorecard');
});

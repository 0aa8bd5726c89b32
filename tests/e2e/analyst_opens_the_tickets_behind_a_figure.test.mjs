// Behind every number: the analyst clicks a count in the report and sees exactly the
// tickets that make it, with the conditions that select them; a percentage shows its
// numerator's tickets and the count it is taken of.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, closeApp, screenshotDir, referenceFigures, downloadFrom, zipEntry, outDir } from './helpers.mjs';

let app;
let page;

before(async () => {
  app = await openApp(18170);
  page = app.page;
});

after(() => closeApp(app));

const explorerCount = async () => {
  await page.waitForSelector('#explorer:not([hidden]) .explorer-count', { timeout: 30000 });
  return page.textContent('#explorer .explorer-count');
};

test('clicking a hot topic count lists exactly its tickets, with the conditions', async () => {
  const mining = referenceFigures().livelihood.illegal_mining.total;
  const link = page.locator('[data-id="hotspots.livelihood"] .figure-link', { hasText: new RegExp(`^${mining}$`) });
  await link.click();
  assert.match(await explorerCount(), new RegExp(`^${mining} 宗工单`));
  await page.waitForSelector('#explorer .explorer-row[data-ticket]');
  const conditions = await page.textContent('#explorer .explorer-conditions');
  for (const condition of ['统计月份：2021-01', '转办类别：民生诉求', '一级分类：城市建设', '热点（民生诉求类）：全部']) {
    assert.ok(conditions.includes(condition), conditions);
  }
  // Every listed ticket is about the topic: the list is scrolled to its end, page by page.
  const seen = new Map();
  for (let step = 0; step < 200 && seen.size < mining; step++) {
    const rows = await page.$$eval('#explorer .explorer-row[data-ticket]', (rows) => rows.map((r) => [r.dataset.index, r.querySelector('.cell-content').textContent]));
    for (const [index, text] of rows) seen.set(index, text);
    await page.locator('#explorer .explorer-scroll').evaluate((s) => (s.scrollTop += s.clientHeight));
    await page.waitForTimeout(50);
  }
  assert.equal(seen.size, mining, 'each ticket listed once, scrolled through');
  assert.ok(seen.has(String(mining - 1)));
  const contents = [...seen.values()];
  assert.ok(contents.every((text) => /采|沙|砂|石/.test(text)), contents.find((text) => !/采|沙|砂|石/.test(text)));
  await page.locator('#explorer .explorer-scroll').evaluate((s) => (s.scrollTop = 0));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/explorer-topic-1440x900.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${screenshotDir}/explorer-topic-1280x720.png` });
  await page.keyboard.press('Escape');
  assert.ok(await page.locator('#explorer').isHidden());
});

test('a percentage opens its numerator and shows the count it is taken of', async () => {
  // 廉江市（72宗，占45.28%）: the share of the topic's 159 tickets.
  const share = page.locator('[data-id="hotspots.livelihood"] .figure-link', { hasText: '%' }).nth(4);
  const shown = await share.textContent();
  await share.click();
  const count = await explorerCount();
  const [, numerator, denominator] = count.match(/^(\d[\d,]*) 宗工单（占 (\d[\d,]*) 宗/) || [];
  assert.ok(numerator && denominator, count);
  const percent = (100 * Number(numerator.replace(/,/g, ''))) / Number(denominator.replace(/,/g, ''));
  assert.equal(percent.toFixed(2).replace(/\.00$/, ''), shown.replace('%', '').replace(/\.00$/, ''), `${shown}: ${count}`);
  await page.keyboard.press('Escape');
});

test('a chart bar and an attachment cell open their tickets too', async () => {
  const figures = referenceFigures();
  const [topName, topCount] = figures.livelihood.top3[0];
  const chart = page.locator('#chart-livelihood-top');
  await chart.scrollIntoViewIfNeeded();
  await page.waitForSelector('#chart-livelihood-top canvas');
  const box = await chart.boundingBox();
  // The first bar, clicked where ECharts draws it.
  const [x, y] = await page.evaluate(() => {
    const chart = echarts.getInstanceByDom(document.getElementById('chart-livelihood-top'));
    return chart.convertToPixel({ seriesIndex: 0 }, [0, 10]);
  });
  await page.mouse.click(box.x + x, box.y + y);
  assert.match(await explorerCount(), new RegExp(`^${topCount.toLocaleString('zh-CN')} 宗工单`));
  assert.ok((await page.textContent('#explorer .explorer-conditions')).includes(`一级分类：${topName}`));
  await page.keyboard.press('Escape');

  // 附件1, 赤坎区's 转办工单.
  const cell = page.locator('.attachment').first().locator('tr', { hasText: '赤坎区' }).locator('.figure-link').first();
  const shown = (await cell.textContent()).trim();
  await cell.click();
  assert.match(await explorerCount(), new RegExp(`^${Number(shown).toLocaleString('zh-CN')} 宗工单`));
  assert.ok((await page.textContent('#explorer .explorer-conditions')).includes('区县：赤坎区'));
  await page.keyboard.press('Escape');
});

test('the analyst narrows by a facet, searches two words, and a reload brings the view back', async () => {
  const mining = referenceFigures().livelihood.illegal_mining;
  const [region, regionCount] = mining.top3_regions[0];
  await page.locator('[data-id="hotspots.livelihood"] .figure-link', { hasText: new RegExp(`^${mining.total}$`) }).click();
  await page.waitForSelector('#explorer .explorer-facets-box', { timeout: 30000 });
  // The facets fold away on a short screen; the analyst unfolds them.
  if (!(await page.locator('#explorer .explorer-facets-box').evaluate((d) => d.open))) await page.click('#explorer .explorer-facets-box summary');
  await page.locator('#explorer .facet', { hasText: '区县' }).locator('.facet-value', { hasText: region }).click();
  await page.waitForFunction((n) => document.querySelector('#explorer .explorer-count')?.textContent.startsWith(n + ' '), String(regionCount), { timeout: 30000 });
  // The other facets count within the narrowed selection: the towns add up to the region's count.
  const towns = await page.locator('#explorer .facet', { hasText: '镇街' }).locator('.facet-count').allTextContents();
  const more = await page.locator('#explorer .facet', { hasText: '镇街' }).locator('.facet-more').count();
  if (!more) assert.equal(towns.reduce((sum, t) => sum + Number(t.replace(/,/g, '')), 0), regionCount);

  await page.fill('#explorer input[type=search]', '海沙 沙滩');
  await page.press('#explorer input[type=search]', 'Enter');
  await page.waitForFunction(() => document.querySelector('#explorer .explorer-conditions')?.textContent.includes('内容含：海沙 沙滩'), null, { timeout: 30000 });
  const found = Number((await page.textContent('#explorer .explorer-count strong')).replace(/,/g, ''));
  assert.ok(found > 0 && found < regionCount, `${found} of ${regionCount}`);
  const contents = await page.locator('#explorer .explorer-row[data-ticket] .cell-content').allTextContents();
  assert.equal(contents.length, Math.min(found, contents.length));
  assert.ok(contents.length > 0 && contents.every((text) => text.includes('海沙') && text.includes('沙滩')));
  assert.ok((await page.locator('#explorer .explorer-row mark').count()) >= 2 * contents.length, 'both words marked in each row');

  // Newest first: the list sorts by intake time, the other way on a second click.
  await page.click('#explorer .explorer-sort[data-column="time"]');
  await page.waitForSelector('#explorer .explorer-sort.sorted[data-column="time"]', { timeout: 30000 });
  await page.click('#explorer .explorer-sort[data-column="time"]');
  await page.waitForFunction(() => document.querySelector('#explorer .explorer-sort.sorted')?.textContent.includes('▼'), null, { timeout: 30000 });
  await page.waitForSelector('#explorer .explorer-row[data-ticket]');
  const times = await page.locator('#explorer .explorer-row[data-ticket] .cell-time').allTextContents();
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');

  // A ticket's detail: every column of its original row, with its file and row number.
  await page.locator('#explorer .explorer-row[data-ticket]').first().click();
  await page.waitForSelector('#explorer .explorer-original', { timeout: 30000 });
  const source = await page.textContent('#explorer .explorer-source');
  assert.match(source, /^来源：示例数据-湛江12345-2021年1月\.csv 第 [\d,]+ 行$/);
  const headers = await page.locator('#explorer .explorer-original th').allTextContents();
  for (const column of ['工单编号', '受理时间', '来电号码', '诉求内容']) assert.ok(headers.includes(column), headers.join(','));
  const detailContent = await page.locator('#explorer .explorer-original tr', { hasText: '诉求内容' }).locator('td').textContent();
  assert.ok(detailContent.includes('海沙') && detailContent.includes('沙滩'), detailContent);
  await page.click('#explorer .explorer-detail button:has-text("返回列表")');

  // Copied as a table: a header and one line per ticket, ready for Word, WPS or Excel.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('#explorer button[data-action="copy"]');
  await page.waitForFunction(() => document.querySelector('#explorer .explorer-note')?.textContent.startsWith('已复制'), null, { timeout: 30000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.split('\n').length, found + 1);
  assert.ok(copied.startsWith('受理时间\t工单编号'), copied.slice(0, 40));

  // The selection as a workbook: its conditions, the header, and one row per ticket.
  const { path, name } = await downloadFrom(page, '#explorer .explorer-exports button[data-format="xlsx"]', `${outDir}/工单明细.xlsx`);
  assert.equal(name, '工单明细.xlsx');
  const sheet = await zipEntry(path, 'xl/worksheets/sheet1.xml');
  assert.equal((sheet.match(/<row /g) || []).length, found + 2);
  // With every column of the original file, and where each row came from.
  for (const column of ['来电号码', '来源文件', '来源行号']) assert.ok(sheet.includes(`>${column}</t>`), column);

  await page.reload();
  await page.waitForSelector('#explorer:not([hidden]) .explorer-count', { timeout: 60000 });
  assert.equal(Number((await page.textContent('#explorer .explorer-count strong')).replace(/,/g, '')), found);
  assert.equal(await page.inputValue('#explorer input[type=search]'), '海沙 沙滩');
  // The order came back too.
  await page.waitForFunction(() => document.querySelector('#explorer .explorer-sort.sorted')?.textContent.includes('▼'), null, { timeout: 30000 });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/explorer-narrowed-1440x900.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${screenshotDir}/explorer-narrowed-1280x720.png` });
  // Back (twice: before the two sorts), then the view before the search.
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await page.waitForFunction((n) => document.querySelector('#explorer .explorer-count')?.textContent.startsWith(n + ' '), String(regionCount), { timeout: 30000 });
  await page.keyboard.press('Escape');
});

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
  assert.equal(await page.locator('#explorer tbody tr').count(), mining);
  const conditions = await page.textContent('#explorer .explorer-conditions');
  for (const condition of ['统计月份：2021-01', '转办类别：民生诉求', '一级分类：城市建设', '热点（民生诉求类）：全部']) {
    assert.ok(conditions.includes(condition), conditions);
  }
  // Every listed ticket is about the topic.
  const contents = await page.locator('#explorer tbody tr td:last-child').allTextContents();
  assert.ok(contents.every((text) => /采|沙|砂|石/.test(text)), contents.find((text) => !/采|沙|砂|石/.test(text)));
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
  const contents = await page.locator('#explorer tbody tr td:last-child').allTextContents();
  assert.equal(contents.length, found);
  assert.ok(contents.every((text) => text.includes('海沙') && text.includes('沙滩')));
  assert.ok((await page.locator('#explorer tbody mark').count()) >= 2 * found, 'both words marked in each row');

  // The selection as a workbook: its conditions, the header, and one row per ticket.
  const { path, name } = await downloadFrom(page, '#explorer .explorer-exports button[data-format="xlsx"]', `${outDir}/工单明细.xlsx`);
  assert.equal(name, '工单明细.xlsx');
  const sheet = await zipEntry(path, 'xl/worksheets/sheet1.xml');
  assert.equal((sheet.match(/<row /g) || []).length, found + 2);

  await page.reload();
  await page.waitForSelector('#explorer:not([hidden]) .explorer-count', { timeout: 60000 });
  assert.equal(Number((await page.textContent('#explorer .explorer-count strong')).replace(/,/g, '')), found);
  assert.equal(await page.inputValue('#explorer input[type=search]'), '海沙 沙滩');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/explorer-narrowed-1440x900.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${screenshotDir}/explorer-narrowed-1280x720.png` });
  // Back: the view before the search.
  await page.goBack();
  await page.waitForFunction((n) => document.querySelector('#explorer .explorer-count')?.textContent.startsWith(n + ' '), String(regionCount), { timeout: 30000 });
  await page.keyboard.press('Escape');
});

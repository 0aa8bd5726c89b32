// Memory across months: an analyst analyses February, then March, each exported alone. When
// April's file alone is dropped, the page still draws three months of trends and warns of the
// town whose tickets tripled, because this browser remembered the earlier months' counts.
// The memory is listed, one month deleted, all cleared (the trends go), exported and
// imported again (they come back); months counted under other settings are marked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { openApp, closeApp, root, outDir, screenshotDir, dropFiles, downloadFrom } from './helpers.mjs';

const dir = `${outDir}/months-planted`;
const file = (month) => `${dir}/工单-${month}.csv`;
let app;
let page;

before(async () => {
  if (!existsSync(file('2020-04'))) {
    execFileSync(`${root}target/debug/hotline`, ['sample', '--planted', '--months', '25', '--scale', '0.3', '--split', dir]);
  }
  app = await openApp(18172);
  page = app.page;
  page.on('dialog', (dialog) => dialog.accept());
});

after(() => closeApp(app));

const kept = () => page.$$eval('#memory-body tr[data-month]', (rows) => rows.map((r) => r.dataset.month));
const keptAre = (months) =>
  page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('#memory-body tr[data-month]')].map((r) => r.dataset.month)) === want,
    JSON.stringify(months),
    { timeout: 60000 },
  );
const analysed = (month) =>
  page.waitForFunction((m) => document.getElementById('period-text').textContent.startsWith(m), month, { timeout: 60000 });
const report = () => page.textContent('#report');
// The job under way (a re-run after a settings change, the sample) has shown its report.
const finished = () => page.waitForFunction(() => document.getElementById('progress').hidden, null, { timeout: 60000 });

async function openTrends() {
  await page.click('#tab-trends');
  await page.waitForSelector('#trends .trends-title', { timeout: 60000 });
  return page.textContent('#trends');
}

test('April alone, after February and March were analysed, has three months of trends and warns of the tripled town', async () => {
  await dropFiles(page, [file('2020-02')]);
  await analysed('2020年2月');
  await keptAre(['2020-02']);
  await dropFiles(page, [file('2020-03')]);
  await analysed('2020年3月');
  await keptAre(['2020-03', '2020-02']);
  assert.ok(!(await report()).includes('预警提示'), 'two months are too few for a warning');

  await dropFiles(page, [file('2020-04')]);
  await analysed('2020年4月');
  await page.waitForFunction(() => document.querySelector('#report')?.textContent.includes('预警提示'), null, { timeout: 60000 });
  const warning = await page.textContent('#report [data-id^="warning.alert"]:has-text("雷城街道")');
  assert.match(warning, /镇街“雷城街道”4月份有效工单\d+宗，按前2个月的中位数预计约\d+宗/);
  const notice = await page.textContent('#notices [data-code="remembered_months"]');
  assert.ok(notice.includes('2020-02、2020-03'), notice);
  await keptAre(['2020-04', '2020-03', '2020-02']);

  const trends = await openTrends();
  assert.ok(trends.includes('2020-02 至 2020-04，共3个统计月'), trends);
  assert.ok(trends.includes('其中 2020-02、2020-03 是本机记住的汇总数'), trends);
  await page.selectOption('#trends-dimension', '镇街');
  await page.waitForSelector('[id^="chart-trend-line-"] canvas');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.locator('[id^="chart-trend-line-"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/trends-1440x900.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator('#trends .trends-title').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/trends-1280x720.png` });
  await page.setViewportSize({ width: 1400, height: 1000 });
  // April's point of 雷城街道's line opens its tickets.
  await page.locator('[id^="chart-trend-line-"]').scrollIntoViewIfNeeded();
  const point = await page.evaluate(() => {
    const node = document.querySelector('[id^="chart-trend-line-"]');
    const chart = echarts.getInstanceByDom(node);
    const series = chart.getOption().series;
    const index = series.findIndex((s) => s.name === '雷城街道');
    const [x, y] = chart.convertToPixel({ seriesIndex: index }, [2, series[index].data[2]]);
    const box = node.getBoundingClientRect();
    return { x: box.left + x, y: box.top + y, count: series[index].data[2] };
  });
  await page.mouse.click(point.x, point.y);
  await page.waitForSelector('#explorer .explorer-row[data-ticket]', { timeout: 60000 });
  assert.equal(Number((await page.textContent('#explorer .explorer-count strong')).replace(/,/g, '')), point.count);
  const conditions = await page.textContent('#explorer .explorer-conditions');
  assert.ok(conditions.includes('镇街：雷城街道') && conditions.includes('统计月份：2020-04'), conditions);
  await page.keyboard.press('Escape');
  await page.click('#tab-report');
});

test('the memory is listed, a month deleted, all cleared (the trends go), and exported and imported again', async () => {
  await page.evaluate(() => (document.getElementById('memory').open = true));
  const rows = await page.$$eval('#memory-body tr[data-month]', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(rows.length, 3);
  assert.ok(rows[0].includes('工单-2020-04.csv'), rows[0]);
  await page.locator('#memory').scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/memory-1440x900.png` });
  await page.setViewportSize({ width: 1400, height: 1000 });

  const { path, name } = await downloadFrom(page, '#memory-export', `${outDir}/memory.json`);
  assert.equal(name, '12345热线各月汇总.json');
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(exported.kind, '12345-hotline-memory');
  assert.deepEqual(exported.months.map((m) => m.summary.month), ['2020-04', '2020-03', '2020-02']);
  // Counts only: not a ticket's id, caller or words.
  const aprilIds = readFileSync(file('2020-04'), 'utf8').split('\n').slice(1, 50).map((line) => line.split(',')[0]);
  const text = readFileSync(path, 'utf8');
  assert.ok(aprilIds.every((id) => !id || !text.includes(id)), 'no ticket id is kept');

  // Deleting February: April now has one remembered month, too few for a warning.
  await page.click('#memory-body tr[data-month="2020-02"] button');
  await keptAre(['2020-04', '2020-03']);
  await page.waitForFunction(() => !document.querySelector('#report')?.textContent.includes('预警提示'), null, { timeout: 60000 });

  const keptBefore = await page.evaluate(() => window.hotlineMonthsKept || 0);
  await page.click('#memory-clear');
  await keptAre([]);
  assert.equal((await page.textContent('#memory-body')).includes('目前没有记住任何月份'), true);
  const alone = await openTrends();
  assert.ok(alone.includes('只有一个统计月的数据，看不出趋势'), alone);
  // The worker answers in order: months it kept after the re-analysis would have reached the
  // page before the trends did; give their saving a moment, then none may have come.
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.hotlineMonthsKept || 0), keptBefore, 'the re-analysis after clearing keeps nothing');
  assert.deepEqual(await kept(), []);

  await page.setInputFiles('#memory-import', path);
  await keptAre(['2020-04', '2020-03', '2020-02']);
  await page.waitForFunction(() => document.querySelector('#trends')?.textContent.includes('共3个统计月'), null, { timeout: 60000 });
  await page.click('#tab-report');
  await page.waitForFunction(() => document.querySelector('#report')?.textContent.includes('预警提示'), null, { timeout: 60000 });
});

test('months counted under other settings are marked and set aside, and a foreign file is refused in words', async () => {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.fill('input[name="start_day"]', '1');
  await page.locator('input[name="start_day"]').blur();
  await page.waitForSelector('#memory-body tr.other-settings', { timeout: 60000 });
  await page.waitForSelector('#notices [data-code="remembered_under_other_settings"]', { timeout: 60000 });
  // April's file read by calendar months covers neither March nor April whole: nothing new
  // is kept, and the three months kept before are all marked.
  const marked = await page.$$eval('#memory-body tr.other-settings', (trs) => trs.map((tr) => tr.dataset.month));
  assert.deepEqual(marked, ['2020-04', '2020-03', '2020-02']);
  assert.match(await page.textContent('#memory-body tr[data-month="2020-02"]'), /设置不同/);
  await page.click('#settings-reset');
  await page.waitForFunction(() => !document.querySelector('#memory-body tr.other-settings'), null, { timeout: 60000 });
  await finished();

  await page.setInputFiles('#memory-import', file('2020-02'));
  await page.waitForFunction(() => !document.getElementById('error').hidden, null, { timeout: 10000 });
  assert.match(await page.textContent('#error'), /无法导入：文件不是有效的 JSON/);
});

test('a foreign file refused while a report is being made stays told after the report comes', async () => {
  // The sample is being analysed when the file is refused: its report, arriving after the
  // refusal, must not clear it (it once did, so the analyst never saw why nothing came in).
  await page.evaluate(() => {
    document.getElementById('sample-button').click();
    const input = document.getElementById('memory-import');
    const chosen = new DataTransfer();
    chosen.items.add(new File(['工单编号,受理时间\n1,2021-01-05\n'], '工单-外来.csv', { type: 'text/csv' }));
    input.files = chosen.files;
    input.dispatchEvent(new Event('change'));
  });
  const refused = () => !document.getElementById('error').hidden && document.getElementById('error').textContent.includes('工单-外来.csv');
  await page.waitForFunction(refused, null, { timeout: 10000 });
  assert.ok(!(await page.isHidden('#progress')), 'the refusal came while the sample was still being analysed');
  await finished();
  assert.ok(await page.isVisible('#error'), 'the refusal is still shown after the report came');
  assert.match(await page.textContent('#error'), /文件「工单-外来\.csv」无法导入：文件不是有效的 JSON/);
});

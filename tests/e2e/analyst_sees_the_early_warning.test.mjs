// 预警提示: an analyst drops two years of tickets and asks for a month in which a category's
// complaints tripled. The letter's fourth part names it with its expected count and opens
// its tickets; the attachment and the Word letter carry it; switched off in the settings,
// the part goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { openApp, closeApp, root, outDir, screenshotDir, dropFiles, downloadFrom, zipEntry } from './helpers.mjs';

const data = `${outDir}/two-years-planted.csv`;
const truthFile = `${outDir}/two-years-truth.json`;
let app;
let page;

before(async () => {
  if (!existsSync(data)) {
    execFileSync(`${root}target/debug/hotline`, ['sample', '--planted', '--months', '25', '--scale', '0.3', '--out', data, '--truth', truthFile]);
  }
  app = await openApp(18171);
  page = app.page;
});

after(() => closeApp(app));

const reportText = () => page.textContent('#report');

test('a month with a planted spike gets a warning part naming it, whose count opens its tickets', async () => {
  const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
  const spike = truth.find((a) => a.dimension === 'category' && a.month === '2020-10');
  const category = spike.value.split(' / ')[2];
  await dropFiles(page, [data]);
  await page.waitForFunction(() => document.querySelector('#report')?.textContent.includes('预警提示'), null, { timeout: 120000 });
  // The month asked for in the settings.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.fill('input[name="month"]', spike.month);
  await page.locator('input[name="month"]').blur();
  await page.waitForFunction((c) => document.querySelector('#report')?.textContent.includes(`“${c}”`), category, { timeout: 120000 });
  const line = page.locator('#report [data-id^="warning.alert"]', { hasText: `“${category}”` });
  const text = await line.textContent();
  assert.match(text, /有效工单\d+宗，按去年同期（\d+宗）和近三个月走势预计约\d+宗（正常范围\d+至\d+宗），是预计的[\d.]+倍，属异常增多。/);
  await line.scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/warning-1440x900.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await line.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/warning-1280x720.png` });

  const count = (await line.locator('.figure-link').first().textContent()).trim();
  await line.locator('.figure-link').first().click();
  await page.waitForSelector('#explorer .explorer-row[data-ticket]', { timeout: 60000 });
  assert.equal((await page.textContent('#explorer .explorer-count strong')).replace(/,/g, ''), count);
  assert.ok((await page.textContent('#explorer .explorer-conditions')).includes(`三级分类：${category}`));
  await page.keyboard.press('Escape');

  // The attachment lists it; the Word letter has the part.
  assert.ok((await page.textContent('#report')).includes('预警提示明细表'));
  const { path } = await downloadFrom(page, '#export-docx', `${outDir}/warning.docx`);
  const body = await zipEntry(path, 'word/document.xml');
  assert.ok(body.includes('预警提示') && body.includes(category), 'the Word letter warns too');
});

test('switched off in the settings, the warning part goes', async () => {
  await page.uncheck('input[name="warning.enabled"]');
  await page.waitForFunction(() => !document.querySelector('#report')?.textContent.includes('预警提示'), null, { timeout: 120000 });
  assert.ok(!(await reportText()).includes('异常变化'));
  await page.check('input[name="warning.enabled"]');
  await page.waitForFunction(() => document.querySelector('#report')?.textContent.includes('预警提示'), null, { timeout: 120000 });
});

// An analyst's export has two channels no group holds, 抖音 and 快手. She assigns the first
// to a group from its notice, then the second, then changes a number in the settings panel.
// Every choice is kept: saved in the browser, shown in the settings panel, and still there
// after a reload. Typing in the panel keeps the field's focus while the report re-computes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { openApp, closeApp, outDir, screenshotDir, dropFiles, clearReport } from './helpers.mjs';

const STORAGE_KEY = 'hotline-analyzer.settings.v1';
const ONLINE = '微信、网站、APP等';
const path = `${outDir}/抖音和快手.csv`;

let app;
let page;

before(async () => {
  app = await openApp(18150);
  page = app.page;
  writeFileSync(path, [
    '工单编号,受理时间,诉求类型,诉求渠道,办理方式,满意度',
    'K1,2021-01-05 09:00,咨询,电话,直接答复,满意',
    'K2,2021-01-06 10:00,投诉,抖音,转办,不满意',
    'K3,2021-01-07 11:00,投诉,快手,转办,满意',
    'K4,2021-01-08 12:00,咨询,抖音,直接答复,',
  ].join('\n'));
});

after(() => closeApp(app));

const stored = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key)), STORAGE_KEY);
const onlineChannels = async () => (await stored()).channel_groups.find((g) => g.short_label === ONLINE).channels;
const panelChannels = () => page.inputValue('textarea[name="channel_groups.1.channels"]');

async function dropExport() {
  await clearReport(page);
  await dropFiles(page, [path]);
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
}

/** Assigns `channel` to the online group from its notice and waits for the new report. */
async function assign(channel) {
  const notice = page.locator('#notices li', { hasText: `渠道“${channel}”` });
  await notice.locator('select').selectOption({ label: `归入“${ONLINE}”` });
  await page.waitForFunction((c) => !document.querySelector('#notices').textContent.includes(`渠道“${c}”`), channel, { timeout: 60000 });
}

async function openSettings() {
  await page.evaluate(() => { document.getElementById('settings').open = true; });
}

test('two channels assigned one after the other, then a settings edit: both are kept', async () => {
  await dropExport();
  assert.match(await page.textContent('#notices'), /渠道“抖音”（2宗）不属于任何渠道分组/);
  assert.match(await page.textContent('#notices'), /渠道“快手”（1宗）不属于任何渠道分组/);
  await assign('抖音');
  await assign('快手');
  assert.match(await page.textContent('#report'), /微信公众号、网站和安卓版手机app等3宗/);

  // Any number in the settings panel: 咨询类排名前 5 → 6.
  await openSettings();
  await page.fill('input[name="consultation.top_n"]', '6');
  await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key)).sections.consultation.top_n === 6, STORAGE_KEY, { timeout: 30000 });

  const saved = await onlineChannels();
  assert.ok(saved.includes('抖音') && saved.includes('快手'), `both assignments are saved: ${saved.join('、')}`);
  const shown = await panelChannels();
  assert.ok(shown.includes('抖音') && shown.includes('快手'), `the panel shows both: ${shown}`);
  await page.locator('#value-dictionaries').screenshot({ path: `${screenshotDir}/every-assignment-kept.png` });

  await page.reload();
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
  const reloaded = await onlineChannels();
  assert.ok(reloaded.includes('抖音') && reloaded.includes('快手'), `both survive a reload: ${reloaded.join('、')}`);
  assert.equal((await stored()).sections.consultation.top_n, 6, 'and so does the panel edit');
  await openSettings();
  const shownAfterReload = await panelChannels();
  assert.ok(shownAfterReload.includes('抖音') && shownAfterReload.includes('快手'), `the panel shows both after a reload: ${shownAfterReload}`);
  assert.equal(await page.inputValue('input[name="consultation.top_n"]'), '6');

  // The same export again: nothing left to assign.
  await dropExport();
  assert.doesNotMatch(await page.textContent('#notices'), /抖音|快手/);
  assert.match(await page.textContent('#report'), /微信公众号、网站和安卓版手机app等3宗/);
});

test('typing in a settings field keeps its focus while each pause saves and re-computes', async () => {
  await openSettings();
  const field = page.locator('input[name="consultation.topic.description"]');
  await field.click();
  await field.press('End');
  // Each pause is longer than the panel's 400 ms: every character is saved on its own.
  await field.pressSequentially('（本月）', { delay: 600 });
  await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key)).sections.consultation.topic.description.endsWith('（本月）'), STORAGE_KEY, { timeout: 30000 });
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'consultation.topic.description', 'the field kept the focus');
  assert.equal(await field.inputValue(), (await stored()).sections.consultation.topic.description, 'what is shown is what is saved');
});

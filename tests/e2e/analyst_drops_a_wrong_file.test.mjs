// An analyst drops the wrong thing (a picture, an empty file, a sheet without ticket
// columns): the page says in Chinese what is wrong with which file, stays usable, and the
// right file then works without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';
import { launch, outDir, screenshotDir, assertReferenceReport, dropFiles, clearReport, downloadSample } from './helpers.mjs';

let server;
let browser;
let page;

before(async () => {
  const served = await serve(18090);
  server = served.server;
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await page.goto(served.url);
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function errorAfterDropping(name, bytes) {
  const path = `${outDir}/${name}`;
  writeFileSync(path, bytes);
  await page.evaluate(() => { document.getElementById('error').hidden = true; });
  await dropFiles(page, [path]);
  await page.waitForSelector('#error:not([hidden])', { timeout: 30000 });
  return page.textContent('#error');
}

test('a picture is refused with a message naming the file', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x9c, 0x00, 0x00]);
  const message = await errorAfterDropping('现场照片.png', png);
  assert.match(message, /文件「现场照片\.png」是PNG 图片，不是工单导出表格/);
  await page.screenshot({ path: `${screenshotDir}/wrong-file-message.png` });
});

test('random bytes are refused as neither text nor a workbook', async () => {
  const message = await errorAfterDropping('乱码.dat', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x13, 0x37]));
  assert.match(message, /文件「乱码\.dat」：内容不是可识别的文本或表格/);
});

test('an empty file is refused as empty', async () => {
  assert.match(await errorAfterDropping('空文件.csv', ''), /文件「空文件\.csv」是空文件/);
});

test('a sheet without ticket columns says which headers it looked for', async () => {
  const message = await errorAfterDropping('花名册.csv', '姓名,电话,住址\n张三,1380000,霞山\n');
  assert.match(message, /文件「花名册\.csv」：前\d+行中找不到工单表头/);
});

test('after the errors the right file works without a reload', async () => {
  const csv = await downloadSample(page, `${outDir}/sample-after-errors.csv`);
  await clearReport(page);
  await dropFiles(page, [csv]);
  await assertReferenceReport(page);
  assert.equal(await page.isHidden('#error'), true);
});

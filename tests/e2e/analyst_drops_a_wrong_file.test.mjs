// An analyst drops the wrong thing (a picture, an empty file, a sheet without ticket
// columns): the page says in Chinese what is wrong with which file, stays usable, and the
// right file then works without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { openApp, closeApp, root, outDir, screenshotDir, assertReferenceReport, dropFiles, clearReport, downloadSample } from './helpers.mjs';

let app;
let page;

before(async () => {
  app = await openApp(18090);
  page = app.page;
});

after(() => closeApp(app));

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

test('a PDF is refused as a document, not an export', async () => {
  const message = await errorAfterDropping('上月通报.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'));
  assert.match(message, /文件「上月通报\.pdf」是PDF 文档，不是工单导出表格/);
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

test('a password-protected workbook is refused with how to open it', async () => {
  const message = await errorAfterDropping('加密工作簿.xlsx', readFileSync(`${root}tests/fixtures/加密工作簿.xlsx`));
  assert.match(message, /文件「加密工作簿\.xlsx」无法打开：工作簿设置了打开密码，请在 Excel 中取消密码后另存再试/);
  await page.screenshot({ path: `${screenshotDir}/password-workbook.png` });
});

test('a corrupt workbook is refused as damaged', async () => {
  const message = await errorAfterDropping('损坏.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300, 7)]));
  assert.match(message, /文件「损坏\.xlsx」无法打开：文件已损坏或不是 Excel 工作簿/);
});

test('a header without any ticket rows is refused as header only', async () => {
  assert.match(await errorAfterDropping('只有表头.csv', '工单编号,受理时间,诉求类型,诉求渠道\n'), /文件「只有表头\.csv」：只有表头，没有工单数据行/);
});

test('after the errors the right file works without a reload', async () => {
  const csv = await downloadSample(page, `${outDir}/sample-after-errors.csv`);
  await clearReport(page);
  await dropFiles(page, [csv]);
  await assertReferenceReport(page);
  assert.equal(await page.isHidden('#error'), true);
});

/** Drops a CSV of `lines`, waits for its rejected rows, and gives the accounting line and
 *  the rejected-rows CSV the page offers for download. */
async function dropWithRejectedRows(name, lines) {
  const path = `${outDir}/${name}.csv`;
  writeFileSync(path, lines.join('\n'));
  await clearReport(page);
  await dropFiles(page, [path]);
  await page.waitForSelector('#rejected:not([hidden])', { timeout: 30000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#rejected-download')]);
  const saved = `${outDir}/${name}-拒收行.csv`;
  await download.saveAs(saved);
  return { accounting: await page.textContent('#accounting-text'), csv: readFileSync(saved, 'utf8') };
}

test('rows the page cannot use are counted, explained and downloadable', async () => {
  const { accounting, csv } = await dropWithRejectedRows('有问题的行', [
    '湛江市12345工单明细表',
    '工单编号,受理时间,诉求类型,诉求渠道,诉求内容',
    'A1,2021-01-05 09:00,咨询,电话,正常',
    'A2,明天上午,投诉,电话,=HYPERLINK("http://x")',
    'A1,2021-01-05 09:00,咨询,电话,重复',
    ',,,,',
    'A3,2021-01-06 10:00,投诉,网站,正常',
    '合计,,,,',
  ]);
  assert.match(accounting, /读入 6 行 = 采用 2 \+ 拒收 3 \+ 重复 1 \+ 不在统计期 0/);
  assert.match(await page.textContent('#rejected-text'), /首个：文件「有问题的行\.csv」第 4 行“受理时间”列：受理时间无法识别：“明天上午”/);
  assert.ok(csv.startsWith('\ufeff文件,行号,列,原因,原第1列,原第2列,原第3列,原第4列,原第5列'));
  assert.match(csv, /有问题的行\.csv,4,受理时间,受理时间无法识别：“明天上午”,A2,明天上午,投诉,电话,"'=HYPERLINK/, 'each cell in its column, formulas neutralised');
  assert.match(csv, /,6,,空行\n/, "a blank row keeps no cells");
  assert.match(csv, /,8,,合计行（不是工单）,合计/);
  await page.screenshot({ path: `${screenshotDir}/rejected-rows.png` });
});

test('ragged rows, an unterminated quote and impossible dates are each accounted for', async () => {
  const { accounting, csv } = await dropWithRejectedRows('参差的行', [
    '工单编号,受理时间,诉求类型,诉求渠道,诉求内容',
    'B1,2021-01-05 09:00,咨询,电话,正常',
    'B2,2021-02-30 09:00,投诉,电话,二月没有30日',
    'B3,2021-01-32 09:00,投诉,电话,一月没有32日',
    'B4',
    'B5,2021-01-06 10:00,投诉,网站,多出来的列,还有一列',
    'B6,2021-01-07 10:00,投诉,网站,"没有结束的引号',
    'B7,2021-01-08 10:00,咨询,电话,不被吞进上一格',
    'B8,2021-01-09 10:00,咨询,电话,也不被吞进上一格',
  ]);
  // B6's quote never closes: B6 alone is refused, B7 and B8 are rows of their own.
  assert.match(accounting, /读入 8 行 = 采用 4 \+ 拒收 4 \+ 重复 0 \+ 不在统计期 0/);
  assert.match(csv, /参差的行\.csv,3,受理时间,受理时间无法识别：“2021-02-30 09:00”/);
  assert.match(csv, /参差的行\.csv,4,受理时间,受理时间无法识别：“2021-01-32 09:00”/);
  assert.match(csv, /参差的行\.csv,5,受理时间,本行只有1列（表头有5列），缺少“受理时间”/);
  assert.match(csv, /参差的行\.csv,7,诉求内容,引号没有闭合：这一格以英文双引号开头，却没有相应的结束引号/);
  await page.screenshot({ path: `${screenshotDir}/ragged-rows.png` });
});

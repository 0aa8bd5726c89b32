// An analyst (or a colleague's file) feeds the page something hostile: settings that are not
// settings, files named like JavaScript's own object keys, a file whose every row is bad
// after one with a few bad rows, more bad rows than the download holds, a new file while a
// long one is read, a crash in the core. Each time the page says in Chinese what happened,
// keeps nothing of the previous file, and the sample still loads afterwards.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import {
  openApp, closeApp, root, outDir, screenshotDir, assertReferenceReport, clearReport, dropFiles, downloadFrom,
} from './helpers.mjs';

const STORAGE_KEY = 'hotline-analyzer.settings.v1';
const dir = `${outDir}/hostile`;
mkdirSync(dir, { recursive: true });

let app;
let page;

before(async () => {
  app = await openApp(18140);
  page = app.page;
});

after(() => closeApp(app));

// After every case the page must still make the sample's report.
afterEach(async () => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await clearReport(page);
  await page.click('#sample-button');
  await assertReferenceReport(page);
});

const write = (name, text) => {
  const path = `${dir}/${name}`;
  writeFileSync(path, text);
  return path;
};

/** A small export that makes a report: `rows` tickets in January 2021. */
function validCsv(rows = 6) {
  const lines = ['工单编号,受理时间,诉求类型,诉求渠道,诉求内容'];
  for (let i = 1; i <= rows; i++) lines.push(`N${i},2021-01-${String(5 + i).padStart(2, '0')} 10:00:00,咨询,电话,第${i}条`);
  return lines.join('\n') + '\n';
}

async function hideError() {
  await page.evaluate(() => { document.getElementById('error').hidden = true; });
}

async function errorText() {
  await page.waitForSelector('#error:not([hidden])', { timeout: 30000 });
  return page.textContent('#error');
}

async function importSettings(name, text) {
  await hideError();
  await page.setInputFiles('#settings-import', write(name, text));
  return errorText();
}

const stored = () => page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);

async function screenshots(name) {
  for (const [width, height] of [[1440, 900], [1280, 720]]) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${screenshotDir}/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
}

const noEnglish = (message) => assert.doesNotMatch(message, /expected|invalid type|line \d+ column|unreachable/i, message);

test('imported settings with a month that is not one are refused, and the old settings stay', async () => {
  const before = await stored();
  const message = await importSettings('坏月份.json', '{"period":{"month":"abc"}}');
  assert.match(message, /设置文件「坏月份\.json」无法使用，原有设置未改变。设置「统计月份」应为“2021-01”这样的年月（或留空，按数据自动识别），收到“abc”。/);
  noEnglish(message);
  await screenshots('settings-refused');
  assert.equal(await stored(), before, 'nothing was saved');
  assert.equal(await page.inputValue('input[name="month"]'), '', 'the month field keeps the old setting');
  assert.match(await importSettings('十三月.json', '{"period":{"month":"2021-13"}}'), /设置「统计月份」应为“2021-01”这样的年月.*收到“2021-13”/);
  // Nothing was saved, so a reload still makes the sample's report.
  await page.reload();
  await assertReferenceReport(page);
});

test('a value of the wrong kind is told in Chinese, naming the field', async () => {
  const message = await importSettings('类型不对.json', '{"period":{"start_day":"abc"}}');
  assert.match(message, /设置「每月起始日」应为不小于 0 的整数，收到“abc”。/);
  noEnglish(message);
  const broken = await importSettings('坏JSON.json', '{\n  "city": "茂名市"\n  "hotline": "x"\n}');
  assert.match(broken, /设置文件不是有效的 JSON：第3行第3列附近格式有误/);
  noEnglish(broken);
});

test('settings that would make every run slow or crash are refused at once', async () => {
  const template = '{topic}'.repeat(200000);
  const started = Date.now();
  const long = await importSettings('长模板.json', JSON.stringify({ sections: { consultation: { recommendation: template } } }));
  assert.match(long, /设置「咨询类·意见建议模板」太长：1400000 个字，最多 2000 个字。/);
  const keywords = Array.from({ length: 200000 }, (_, i) => `k${i}`);
  const topic = { name: '疫情', keywords, subtopics: [], other: '其他' };
  const many = await importSettings('关键词太多.json', JSON.stringify({ sections: { consultation: { topic } } }));
  assert.match(many, /设置「咨询类·热点·关键词」有 200000 项，最多 500 项/);
  assert.ok(Date.now() - started < 10000, 'refused without running anything');
  // A real change still goes through: the month, written the Chinese way, is kept as 2021-01.
  await hideError();
  await page.setInputFiles('#settings-import', write('指定月份.json', '{"period":{"month":"2021年1月"}}'));
  await page.waitForFunction((key) => (localStorage.getItem(key) || '').includes('"month":"2021-01"'), STORAGE_KEY);
  assert.equal(await page.inputValue('input[name="month"]'), '2021-01');
  await page.evaluate(() => { document.getElementById('settings').open = true; });
  await page.click('#settings-reset');
  await page.waitForFunction((key) => (localStorage.getItem(key) || '').includes('"month":""'), STORAGE_KEY);
});

test('saved settings that cannot be used give way to the defaults, with a notice', async () => {
  await page.evaluate((key) => localStorage.setItem(key, '{"period":{"month":"abc"}}'), STORAGE_KEY);
  await page.reload();
  await assertReferenceReport(page);
  const notice = await errorText();
  assert.match(notice, /上次保存在本机的设置无法使用，已改用默认设置。原因：设置「统计月份」应为“2021-01”这样的年月/);
  assert.equal(await page.getAttribute('#error', 'class'), 'error info');
  assert.doesNotMatch(await stored(), /abc/, 'the defaults replaced them');
});

test('files named constructor, hasOwnProperty and __proto__ are read like any other', async () => {
  mkdirSync(`${dir}/names`, { recursive: true });
  const named = (name) => {
    const path = `${dir}/names/${name}`;
    writeFileSync(path, validCsv());
    return path;
  };
  for (const names of [['constructor', 'hasOwnProperty'], ['__proto__'], ['toString']]) {
    await clearReport(page);
    await hideError();
    await dropFiles(page, names.map(named));
    await page.waitForSelector('[data-id="intake.overall"]', { timeout: 30000 });
    assert.equal(await page.isHidden('#error'), true, `no error for ${names}: ${await page.textContent('#error')}`);
    assert.deepEqual(await page.$$eval('#files .file-name', (nodes) => nodes.map((n) => n.textContent)), names);
  }
});

test('a file whose every row is refused shows its own rows, not the last file\'s', async () => {
  const some = ['工单编号,受理时间,诉求类型,诉求渠道'];
  for (let i = 1; i <= 20; i++) some.push(i <= 17 ? `S${i},不是日期,咨询,电话` : `S${i},2021-01-0${i - 15} 10:00:00,咨询,电话`);
  await clearReport(page);
  await dropFiles(page, [write('十七行拒收.csv', some.join('\n'))]);
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 30000 });
  assert.match(await page.textContent('#rejected-text'), /^拒收 17 行/);

  const all = ['工单编号,受理时间,诉求类型,诉求渠道', 'A1,明天,咨询,电话', 'A2,后天,咨询,电话', 'A3,,咨询,电话'];
  await dropFiles(page, [write('全部拒收.csv', all.join('\n'))]);
  const message = await errorText();
  assert.match(message, /文件「全部拒收\.csv」中没有可统计的工单：读入的 3 行都被拒收了/);
  assert.match(await page.textContent('#accounting-text'), /读入 3 行 = 采用 0 \+ 拒收 3 \+ 重复 0 \+ 不在统计期 0/);
  assert.match(await page.textContent('#rejected-text'), /^拒收 3 行.*首个：文件「全部拒收\.csv」第 2 行/);
  assert.equal(await page.isHidden('#report'), true, 'the last file\'s report is gone');
  assert.equal(await page.isHidden('#export'), true);
  assert.equal(await page.isHidden('#files-details'), true, 'no files to map');
  const { path } = await downloadFrom(page, '#rejected-download', `${dir}/全部拒收-拒收行.csv`);
  const csv = readFileSync(path, 'utf8');
  assert.equal(csv.trim().split('\n').length, 1 + 3, csv);
  assert.doesNotMatch(csv, /十七行拒收/);
  await screenshots('all-rows-refused');
});

test('more rejected rows than the download holds are said to be capped', async () => {
  const lines = ['工单编号,受理时间,诉求类型,诉求渠道', 'G1,2021-01-05 10:00:00,咨询,电话', 'G2,2021-01-06 10:00:00,咨询,电话'];
  for (let i = 1; i <= 25000; i++) lines.push(`B${i},不是日期,咨询,电话`);
  await clearReport(page);
  await dropFiles(page, [write('两万五千行拒收.csv', lines.join('\n'))]);
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
  const text = await page.textContent('#rejected-text');
  assert.match(text, /^拒收 25,000 行（前 20,000 行中：受理时间无法识别 20,000 行）/);
  assert.match(text, /下载的拒收行清单只含前 20,000 行，其余 5,000 行只计入了拒收数。/);
  await screenshots('rejected-rows-capped');
  const { path } = await downloadFrom(page, '#rejected-download', `${dir}/两万五千行-拒收行.csv`);
  const listed = readFileSync(path, 'utf8').split('\n').filter((line) => line.startsWith('两万五千行拒收.csv,'));
  assert.equal(listed.length, 20000);
});

test('a new file supersedes a long one at once', async () => {
  // A workbook is read in one long call once its bytes are in: the worker cannot take the
  // next job until that call returns, so the new file must replace the worker.
  const large = `${outDir}/six-months-double.xlsx`;
  if (!existsSync(large)) {
    execFileSync(`${root}target/debug/hotline`, ['sample', '--months', '6', '--scale', '2', '--format', 'xlsx', '--out', large]);
  }
  assert.ok(statSync(large).size > 50 * 1048576, 'the long file takes seconds');
  // Until (nearly) all its bytes are in; then the worker reads the workbook's rows in one call.
  const bytesIn = () => page.waitForFunction(() => {
    const label = document.getElementById('progress-label').textContent;
    const m = label.match(/已读取 ([\d.]+) MB \/ ([\d.]+) MB，([\d,]+) 行/);
    return m && (Number(m[1]) >= 0.9 * Number(m[2]) || m[3] !== '0');
  }, null, { timeout: 60000, polling: 20 });
  // How long that call takes alone: the time a new file used to wait.
  await clearReport(page);
  await page.setInputFiles('#file-input', large);
  await bytesIn();
  let started = Date.now();
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
  const alone = Date.now() - started;
  await clearReport(page);
  await page.setInputFiles('#file-input', large);
  await bytesIn();
  started = Date.now();
  await dropFiles(page, [write('小文件.csv', validCsv())]);
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
  const took = Date.now() - started;
  assert.ok(alone > 1500, `the workbook's rows take a while to read (${alone} ms)`);
  assert.ok(took < alone / 2, `the small file's report came after ${took} ms, not after the workbook's ${alone} ms`);
  assert.deepEqual(await page.$$eval('#files .file-name', (nodes) => nodes.map((n) => n.textContent)), ['小文件.csv']);
  assert.equal(await page.isHidden('#progress'), true);
  assert.equal(await page.isHidden('#error'), true);
});

test('a crash in the core is told in Chinese with its file and row, and the page recovers', async () => {
  await page.evaluate(() => window.hotlineTesting.crash('坏文件.csv', 3));
  const message = await errorText();
  assert.match(message, /^文件「坏文件\.csv」第3行：读取时程序出错（测试用的程序错误，src\/web\.rs:\d+），这一行以后未能读取。请把此文件反馈给维护人员。$/);
  assert.equal(await page.isHidden('#progress'), true);
  await screenshots('crash-message');
  // The trapped worker was replaced: a file reads at once.
  await clearReport(page);
  await dropFiles(page, [write('崩溃之后.csv', validCsv())]);
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 30000 });
  assert.equal(await page.isHidden('#error'), true);
});

test('the CSV that once crashed the reader gives a report with its bad row refused', async () => {
  const csv = write('坏引号.csv', [
    '工单编号,受理时间,诉求渠道,诉求类型',
    '1001,2021-01-05 10:00:00,电话,咨询,"',
    '1002,2021-01-06 10:00:00,电话,咨询',
    '1003,2021-01-07 10:00:00,电话,咨询',
    '',
  ].join('\n'));
  await clearReport(page);
  await hideError();
  await dropFiles(page, [csv]);
  await page.waitForSelector('[data-id="intake.overall"], #error:not([hidden])', { timeout: 30000 });
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  assert.match(await page.textContent('#accounting-text'), /读入 3 行 = 采用 2 \+ 拒收 1 \+ 重复 0 \+ 不在统计期 0/);
  assert.match(await page.textContent('#rejected-text'), /首个：文件「坏引号\.csv」第 2 行/);
});

/** A workbook of a few KB whose sheet inflates to `megabytes` MB of spaces (python's zipfile). */
function zipBomb(name, megabytes) {
  const path = `${dir}/${name}`;
  const script = `
import sys, zipfile
parts = {
  '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
  '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text)
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as sheet:
        sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        block = b' ' * (1 << 20)
        for _ in range(int(sys.argv[2])):
            sheet.write(block)
        sheet.write(b'</sheetData></worksheet>')
`;
  execFileSync('python3', ['-c', script, path, String(megabytes)]);
  return path;
}

test('a small workbook that inflates to gigabytes is refused as too large, at once', async () => {
  const path = zipBomb('解压炸弹.xlsx', 2048);
  assert.ok(statSync(path).size < 4 << 20, `a small file: ${statSync(path).size} bytes`);
  await hideError();
  const started = Date.now();
  await dropFiles(page, [path]);
  const message = await errorText();
  assert.match(message, /文件「解压炸弹\.xlsx」：文件太大，其中的工作表“明细”解压后超过/);
  assert.doesNotMatch(message, /内部错误|capacity overflow/);
  noEnglish(message);
  assert.ok(Date.now() - started < 15000, `refused in ${Date.now() - started} ms`);
  await screenshots('hostile-zip-bomb');
});

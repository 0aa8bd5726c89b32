// Shared by the end-to-end tests: the browser, the reference figures, and the checks an
// analyst would make by reading the page.
import { readFileSync, mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const root = new URL('../../', import.meta.url).pathname;
export const outDir = `${root}tests/e2e/out`;
export const screenshotDir = `${root}tests/e2e/screenshots`;
mkdirSync(outDir, { recursive: true });
mkdirSync(screenshotDir, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Reads the simple `key = value` lines of figures.toml (one-line arrays are JSON). */
export function referenceFigures() {
  const figures = {};
  let section = figures;
  for (const raw of readFileSync(`${root}tests/reference/figures.toml`, 'utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const header = line.match(/^\[([\w.]+)\]$/);
    if (header) {
      section = header[1].split('.').reduce((node, key) => (node[key] ??= {}), figures);
      continue;
    }
    const pair = line.match(/^(\w+)\s*=\s*(.+)$/);
    if (!pair) continue;
    try {
      section[pair[1]] = JSON.parse(pair[2]);
    } catch {
      // multi-line values (the roster) are not needed here
    }
  }
  return figures;
}

/** A percentage as the report prints it, from basis points. */
export function percentText(bp) {
  return bp === 10000 ? '100%' : `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

/** 比上月增长/减少 x%, computed independently of the core (round half up). */
export function change(current, previous) {
  const diff = current - previous;
  if (diff === 0) return '与上月持平';
  const bp = Math.floor((Math.abs(diff) * 20000 + previous) / (2 * previous));
  return `${diff > 0 ? '比上月增长' : '比上月减少'}${percentText(bp)}`;
}

const pct = (value) => percentText(Math.round(value * 100));

/** Every figure of sections 一(一) and 二 as the report text must state it. */
export function expectedSentences() {
  const f = referenceFigures();
  const i = f.intake;
  const t = f.tickets;
  const tr = f.transferred;
  return {
    'intake.overall': [
      `共收到群众诉求${i.total}宗`,
      `群众来电${i.phone}宗，${change(i.phone, i.phone_prev)}，日均话务量${i.phone_daily_avg}宗`,
      `微信公众号、网站和安卓版手机app等${i.online}宗，${change(i.online, i.online_prev)}`,
      `湛江市政府网留言中心${i.city_site}宗，${change(i.city_site, i.city_site_prev)}`,
      `广东省政务服务咨询投诉平台${i.province_platform}宗，${change(i.province_platform, i.province_platform_prev)}`,
      `），${change(i.total, i.total_prev)}，即时解答率${pct(i.instant_answer_rate)}，按时办结${pct(i.on_time_rate)}，服务满意率${pct(i.satisfaction_rate)}。`,
    ],
    'tickets.overall': [
      `共形成有效工单${t.valid}宗，${change(t.valid, t.valid_prev)}`,
      ...t.by_type.map(([name, count, share]) => `${name}工单${count}宗，占${pct(share)}`),
      `转办工单${t.transferred}宗，占${pct(t.transferred_share)}`,
    ],
    'tickets.transferred': [
      `转办工单${tr.total}宗，已办结${tr.closed}宗，回复率${pct(tr.reply_rate)}，办结率${pct(tr.close_rate)}，群众满意率${pct(tr.satisfaction_rate)}。`,
      `转办工单量排名依次为：${tr.by_category.map(([name]) => `${name}类`).join('、')}。`,
      ...tr.by_category.map(([name, count, share]) => `${name}工单${count}宗，占${pct(share)}`),
    ],
  };
}

/** Waits for a report and checks every expected sentence, the title and the charts. */
export async function assertReferenceReport(page) {
  await page.waitForSelector('[data-id="tickets.transferred"]', { timeout: 60000 });
  assert.equal(await page.textContent('.doc-title'), '关于2021年1月份群众诉求分析研判情况的通报');
  for (const [id, sentences] of Object.entries(expectedSentences())) {
    const text = await page.textContent(`[data-id="${id}"]`);
    for (const sentence of sentences) assert.ok(text.includes(sentence), `${id} lacks “${sentence}”:\n${text}`);
  }
  // Charts off screen are drawn when the page is idle (www/charts.js): all of them, unscrolled.
  await page.waitForFunction(() => [...document.querySelectorAll('.chart-canvas')].every((n) => n.querySelector('canvas')), null, { timeout: 10000 });
  const charts = await page.$$eval('.chart-canvas', (nodes) => nodes.map((n) => ({ id: n.id, canvas: !!n.querySelector('canvas') })));
  assert.deepEqual(charts.map((c) => c.id), [
    'chart-intake-by-channel', 'chart-secondary-platforms', 'chart-tickets-by-type', 'chart-transferred-by-category',
    'chart-consultation-top', 'chart-livelihood-top', 'chart-consumer-categories', 'chart-economic-top',
    'chart-admin-efficiency-regions',
  ]);
  assert.ok(charts.every((c) => c.canvas), 'every chart draws a canvas');
  assert.match(await page.textContent('#period-text'), /2020年12月21日至2021年1月20日，31天/);
}

/** Records every request that leaves the page's own files. */
export function watchRequests(page, isOwn) {
  const foreign = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!isOwn(url) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  return foreign;
}

/** Drops files on the drop zone the way a browser does after a real drag. */
export async function dropFiles(page, paths) {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'drag-source';
    input.hidden = true;
    document.body.append(input);
  });
  await page.setInputFiles('#drag-source', paths);
  await page.evaluate(() => {
    const source = document.getElementById('drag-source');
    const data = new DataTransfer();
    for (const file of source.files) data.items.add(file);
    source.remove();
    const zone = document.getElementById('drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
}

/** Clears the report so the next check sees a fresh one. */
export async function clearReport(page) {
  await page.evaluate(() => document.getElementById('report').replaceChildren());
}

/** Saves the sample CSV through the page's own download link. */
export async function downloadSample(page, path) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#sample-download')]);
  await download.saveAs(path);
  return path;
}

/** The text of one member of a zip archive (a .docx or .xlsx), read with node's inflate. */
export async function zipEntry(path, name) {
  const { inflateRawSync } = await import('node:zlib');
  const zip = readFileSync(path);
  // The end-of-central-directory record holds where the directory starts.
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, `${path} is not a zip archive`);
  let at = zip.readUInt32LE(end + 16);
  const count = zip.readUInt16LE(end + 10);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entry = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entry === name) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + size);
      return (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${path} has no ${name}`);
}

/** Saves what clicking `selector` downloads. */
export async function downloadFrom(page, selector, path) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click(selector)]);
  await download.saveAs(path);
  return { path, name: download.suggestedFilename() };
}

/** Serves the app on `port`, opens it in a fresh browser and waits for the sample report. */
export async function openApp(port) {
  const { server, url } = await serve(port);
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  await page.goto(url);
  await page.waitForSelector('[data-id="intake.overall"]', { timeout: 60000 });
  return { server, url, browser, page };
}

export async function closeApp(app) {
  await app?.browser?.close();
  app?.server?.close();
}

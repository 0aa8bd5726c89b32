// Runs the wasm core off the main thread: messages in, progress and results out.
// Served build: loaded as www/worker.js and imports the glue. Single-file build: the glue
// is prepended to this text and the worker starts from a Blob URL.
'use strict';

if (typeof wasm_bindgen === 'undefined') {
  importScripts('../pkg/hotline_analyzer.js');
}

let ready = null;
// The sample's CSV, generated once and re-read when settings change.
let sampleBytes = null;
const SAMPLE_NAME = '示例数据-湛江12345-2021年1月.csv';

function sample() {
  if (!sampleBytes) sampleBytes = wasm_bindgen.sampleCsv();
  return sampleBytes;
}

// At most one progress message per 100 ms (the page wants 5+ a second, not thousands).
function progressReporter(id, sizes) {
  let last = 0;
  return (file, bytes, rows) => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    postMessage({ type: 'progress', id, file, bytes, rows, size: sizes ? sizes[file] : 0 });
  };
}

// Bytes per slice: the next is read (on the browser's file thread) while the core parses
// this one, so a slice need only be large enough to keep the core busy meanwhile; each
// slice is held twice (here and in the core), so no larger.
const CHUNK = 4 << 20;

// Feeds the files to a core session slice by slice, reading ahead asynchronously.
async function analyzeStreamed(files, sheets, settings, progress) {
  const session = new wasm_bindgen.Session(settings);
  try {
    for (let index = 0; index < files.length; index++) {
      const file = files[index];
      session.beginFile(index, file.name, (sheets && sheets[file.name]) || '');
      const read = (start) => file.slice(start, start + CHUNK).arrayBuffer()
        .catch((e) => { throw `文件「${file.name}」无法读取（${e && e.message ? e.message : e}），请确认文件仍在原处、未被其他程序占用。`; });
      let next = read(0);
      for (let start = 0; start < file.size; start += CHUNK) {
        const chunk = new Uint8Array(await next);
        if (start + CHUNK < file.size) next = read(start + CHUNK);
        session.push(chunk, progress);
      }
      session.endFile(progress);
    }
  } catch (error) {
    session.free();
    throw error;
  }
  return session.finish();
}

// The core's own errors are HotlineError objects with a Chinese message.
const isOurs = (error) => typeof error === 'string' || (error && error.name === 'HotlineError');

function describe(error) {
  if (typeof error === 'string') return error;
  if (isOurs(error)) return error.message;
  // A trap (e.g. a panic under panic=abort) is not one of our messages: say so plainly.
  console.error(error);
  return '内部错误：分析过程意外中止（' + (error && error.message ? error.message : String(error)) + '）。请刷新页面后重试；如仍出现，请把文件类型和此消息反馈给维护人员。';
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'init') {
    ready = wasm_bindgen({ module_or_path: message.module });
    try {
      await ready;
      postMessage({ type: 'ready' });
    } catch (error) {
      postMessage({ type: 'error', id: 0, message: describe(error), fatal: true });
    }
    return;
  }
  await ready;
  const id = message.id;
  try {
    if (message.type === 'sample') {
      const bytes = sample();
      const file = { name: SAMPLE_NAME, size: bytes.length, read: (start, end) => bytes.subarray(start, end) };
      const analysis = wasm_bindgen.analyzeFiles([file], message.settings, progressReporter(id, [bytes.length]));
      postMessage({ type: 'result', id, analysis, sample: true });
    } else if (message.type === 'files') {
      const sizes = message.files.map((f) => f.size);
      const started = performance.now();
      const analysis = await analyzeStreamed(message.files, message.sheets, message.settings, progressReporter(id, sizes));
      // The core's own time (reading, statistics, report model, handing the result to
      // JavaScript), which the benchmark shows beside the page's.
      const coreMs = performance.now() - started;
      postMessage({ type: 'result', id, analysis, sample: false, coreMs });
    } else if (message.type === 'sample-csv') {
      const bytes = sample().slice();
      postMessage({ type: 'sample-csv', id, bytes }, [bytes.buffer]);
    }
  } catch (error) {
    // A header the core could not map comes back with its cells, for the page to offer.
    const mapping = error && error.columns ? { file: error.file, columns: error.columns } : null;
    postMessage({ type: 'error', id, message: describe(error), mapping, fatal: !isOurs(error) });
  }
};

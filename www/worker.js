// Runs the wasm core off the main thread: messages in, progress and results out.
// Served build: loaded as www/worker.js and imports the glue. Single-file build: the glue
// is prepended to this text and the worker starts from a Blob URL.
'use strict';

if (typeof wasm_bindgen === 'undefined') {
  importScripts('../pkg/hotline_analyzer.js');
}

let ready = null;
// Above this much wasm memory (a file of millions of rows was read), the worker is replaced
// once its work is done, so the browser gets the memory back.
const RELEASE_ABOVE_BYTES = 1 << 30;
// The sample's CSV (a promise of its bytes), made once and re-read when settings change.
let sampleBytes = null;
// While the page opens, a helper worker (www/boot.js) makes the sample's first month as this
// one makes the rest, on the machine's other core; `firstPartFromPage` resolves with its
// bytes (null if the helper failed: the part is then made here). Used once, then let go.
let firstPartFromPage = null;
let receivePart = null;
// Whether the last sample was made with the helper (the page-open benchmark and e2e test).
let sampleHelped = false;

// How long making it took (for the page-open benchmark's breakdown).
let sampleMs = 0;
function sample() {
  if (!sampleBytes) {
    sampleBytes = makeSample();
    sampleBytes.catch(() => (sampleBytes = null)); // tried again by the next job
  }
  return sampleBytes;
}

async function makeSample() {
  const started = performance.now();
  let bytes;
  sampleHelped = false;
  if (!firstPartFromPage) {
    bytes = wasm_bindgen.sampleCsv();
  } else {
    const rest = [];
    for (let part = 1; part < wasm_bindgen.samplePartCount(); part++) rest.push(wasm_bindgen.samplePart(part));
    const first = await firstPartFromPage;
    firstPartFromPage = receivePart = null;
    sampleHelped = !!first;
    const parts = [first || wasm_bindgen.samplePart(0), ...rest];
    bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
  }
  sampleMs = performance.now() - started;
  return bytes;
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

// Bytes per slice. Two slices take turns: one parsed here while the reader fills the other.
const CHUNK = 4 << 20;
const SLICES = 2;

// A File is read on a thread of its own: a worker busy in wasm does not pump its own
// pending reads, so reading here would take turns with parsing instead of overlapping it.
// The reader is a nested worker started from this function's source. It fills the same
// few buffers over and over (a BYOB stream reader) and hands them back and forth with
// their ownership: a fresh buffer per slice would leave tens of MB to the garbage
// collector, which the page's memory showed.
function readerMain() {
  const spare = [];
  let job = null; // { generation, stream reader or null, offset, file, finished }
  let pumping = false;

  // Fills `buffer` from the stream until it is full or the file ends.
  async function fill(stream, buffer) {
    let filled = 0;
    while (filled < buffer.byteLength) {
      const { value, done } = await stream.read(new Uint8Array(buffer, filled, buffer.byteLength - filled));
      if (!value) return { buffer: new ArrayBuffer(CHUNK), filled: 0, done: true }; // cancelled
      buffer = value.buffer;
      if (done) return { buffer, filled, done: true };
      filled += value.byteLength;
    }
    return { buffer, filled, done: false };
  }

  // Without BYOB streams (older browsers): a new buffer per slice.
  async function slice(job) {
    const buffer = await job.file.slice(job.offset, job.offset + CHUNK).arrayBuffer();
    job.offset += buffer.byteLength;
    return { buffer, filled: buffer.byteLength, done: job.offset >= job.file.size };
  }

  async function pump() {
    if (pumping || !job) return;
    pumping = true;
    const mine = job;
    while (job === mine && !mine.finished && spare.length) {
      const buffer = spare.pop();
      try {
        const read = mine.stream ? await fill(mine.stream, buffer) : await slice(mine);
        if (job !== mine) {
          spare.push(read.buffer);
          break;
        }
        mine.finished = read.done;
        const message = { generation: mine.generation, buffer: read.buffer, length: read.filled, last: read.done };
        postMessage(message, [read.buffer]);
      } catch (e) {
        mine.finished = true;
        postMessage({ generation: mine.generation, error: String((e && e.message) || e) });
      }
    }
    pumping = false;
    if (job !== mine) pump();
  }

  self.onmessage = (event) => {
    const m = event.data;
    if (m.file) {
      if (job && job.stream) job.stream.cancel().catch(() => {});
      let stream = null;
      try {
        stream = m.file.stream().getReader({ mode: 'byob' });
      } catch (e) {
        stream = null;
      }
      job = { generation: m.generation, file: m.file, stream, offset: 0, finished: false };
      // Buffers kept by a file that failed half-way are not coming back.
      while (spare.length < m.slices) spare.push(new ArrayBuffer(CHUNK));
    } else if (m.buffer && spare.length < SLICES_MAX) {
      spare.push(m.buffer);
    }
    pump();
  };
}

let reader; // undefined until first needed; null when nested workers are unavailable
let readerGeneration = 0;
let readerInbox = null; // takes the next message for the current generation

function startReader() {
  try {
    const source = `const CHUNK = ${CHUNK}, SLICES_MAX = ${SLICES};\n(${readerMain.toString()})();`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    worker.onmessage = (event) => {
      if (event.data.generation === readerGeneration && readerInbox) readerInbox(event.data);
    };
    return worker;
  } catch (error) {
    return null; // no nested workers here: slices are read in this worker instead
  }
}

// Yields a file's slices in order, read on the reader thread when there is one.
async function* slicesOf(file) {
  const failed = (e) => `文件「${file.name}」无法读取（${e}），请确认文件仍在原处、未被其他程序占用。`;
  if (reader === undefined) reader = startReader();
  if (!reader) {
    const read = (start) => file.slice(start, start + CHUNK).arrayBuffer()
      .catch((e) => { throw failed((e && e.message) || e); });
    let next = read(0);
    for (let start = 0; start < file.size; start += CHUNK) {
      const buffer = await next;
      if (start + CHUNK < file.size) next = read(start + CHUNK);
      yield new Uint8Array(buffer);
    }
    return;
  }
  const generation = ++readerGeneration;
  const arrived = [];
  let waiting = null;
  readerInbox = (m) => (waiting ? (waiting(m), (waiting = null)) : arrived.push(m));
  reader.postMessage({ file, generation, slices: SLICES });
  for (;;) {
    const m = arrived.length ? arrived.shift() : await new Promise((resolve) => (waiting = resolve));
    if (m.error) throw failed(m.error);
    if (m.length) yield new Uint8Array(m.buffer, 0, m.length);
    // Parsed: the buffer goes back to be filled again.
    reader.postMessage({ generation, buffer: m.buffer }, [m.buffer]);
    if (m.last) return;
  }
}

// Feeds the files to a core session slice by slice; the reader reads ahead meanwhile.
// `sheets` maps a file name to the sheet chosen for it (a Map: a name is user text, and a
// file called "constructor" or "__proto__" must not find what a plain object inherits).
async function analyzeStreamed(files, sheets, settings, remembered, progress) {
  const session = new wasm_bindgen.Session(settings);
  try {
    session.remember(JSON.stringify(remembered || []));
    for (let index = 0; index < files.length; index++) {
      const file = files[index];
      const sheet = sheets instanceof Map ? sheets.get(file.name) : undefined;
      session.beginFile(index, file.name, typeof sheet === 'string' ? sheet : '', file.size);
      for await (const chunk of slicesOf(file)) {
        // The slice is copied straight into the core's buffer, then taken in.
        session.pushRoom(chunk.length).set(chunk);
        session.pushWritten(chunk.length, progress);
      }
      session.endFile(progress);
    }
  } catch (error) {
    // After our own error the session is intact and is freed. After a trap it may still be
    // borrowed by the call that trapped: freeing it would throw and hide the real error,
    // and the instance is replaced anyway (the page restarts this worker).
    if (isOurs(error)) {
      try {
        session.free();
      } catch (ignored) {
        /* the original error is the one to report */
      }
    }
    throw error;
  }
  return session.finish();
}

// The files of the last analysis, by the core's file number: a ticket's original row is
// read again from them (the detail, exports with every original column).
let sources = [];

const unreadable = (file, e) => `文件「${file.name}」无法重新读取（${(e && e.message) || e}），可能已被移走或修改；请重新选择文件分析后再查看原始数据。`;

async function sliceOf(file, start, end) {
  try {
    return new Uint8Array(await file.slice(start, end).arrayBuffer());
  } catch (e) {
    throw unreadable(file, e);
  }
}

// Which analysis `sources` and the core's tickets belong to: a question begun for one
// must not be answered from the next (a ticket's number means another row there).
let analysisNumber = 0;
const stillCurrent = (asked) => {
  if (asked !== analysisNumber) throw '已开始新的分析，请在新的结果上重新查看。';
};

/** A ticket's row as its file has it: read from near it, or the file read again whole. */
async function originalRow(ticket) {
  const asked = analysisNumber;
  const place = wasm_bindgen.ticketPlace(ticket);
  const file = sources[place.file];
  if (!file) throw '原始文件已不在本页，请重新选择文件分析后再查看原始数据。';
  if (place.from !== null && place.from !== undefined) {
    // Sixty-four rows of an export are some 20 KB: one read, rarely two.
    for (let length = 32 << 10; ; length *= 4) {
      const end = Math.min(file.size, place.from + length);
      const bytes = await sliceOf(file, place.from, end);
      stillCurrent(asked);
      const row = wasm_bindgen.ticketOriginal(ticket, bytes, end >= file.size);
      if (row) return row;
      if (end >= file.size) throw unreadable(file, '找不到这一行');
    }
  }
  const reread = wasm_bindgen.Reread.forTickets(new Uint32Array([ticket]));
  await rereadFiles(reread, asked);
  return reread.rows()[0];
}

/** Hands each file the reread asks for over, slice by slice, as an analysis does. */
async function rereadFiles(reread, asked) {
  try {
    for (const index of reread.files()) {
      const file = sources[index];
      if (!file) throw '原始文件已不在本页，请重新选择文件分析后再查看原始数据。';
      reread.beginFile(index);
      // Read no further than the last row asked for.
      for (let start = 0; start < file.size && reread.wantsMore(); start += CHUNK) {
        const bytes = await sliceOf(file, start, Math.min(file.size, start + CHUNK));
        stillCurrent(asked);
        reread.pushRoom(bytes.length).set(bytes);
        reread.pushWritten(bytes.length);
      }
      reread.endFile();
    }
  } catch (error) {
    reread.free();
    throw error;
  }
}

/** The selection's tickets as a file, with every column their files had. */
async function exportTickets(selection, sort, format) {
  if (!sources.length) return wasm_bindgen.exportTickets(selection, format);
  const asked = analysisNumber;
  const reread = wasm_bindgen.Reread.forSelection(selection, sort);
  await rereadFiles(reread, asked);
  return reread.export(selection, format);
}

// After an analysis the explorer's facet keys are made one facet at a time, each step a
// task of its own, so a question or a new job that comes meanwhile waits for one step at
// most. A new analysis stops the steps (`warming` moves on).
let warming = 0;

function warmExplorer() {
  const mine = ++warming;
  let index = 0;
  const step = () => {
    if (mine !== warming) return;
    let more = false;
    try {
      more = wasm_bindgen.warmTickets(index++);
    } catch (error) {
      more = false; // the explorer makes the keys when asked, and says why it cannot
    }
    if (more) setTimeout(step, 0);
    else postMessage({ type: 'warmed' });
  };
  setTimeout(step, 0);
}

// What the page keeps of an analysis (each full month's counts, never a ticket), made in a
// task of its own after the report is shown.
function keepMonths(id) {
  const mine = analysisNumber;
  setTimeout(() => {
    if (mine !== analysisNumber) return;
    try {
      postMessage({ type: 'summaries', id, summaries: wasm_bindgen.monthSummaries() });
    } catch (error) {
      postMessage({ type: 'summaries', id, error: describe(error) });
    }
  }, 0);
}

// The core's own errors are HotlineError objects with a Chinese message.
const isOurs = (error) => typeof error === 'string' || (error && error.name === 'HotlineError');

// Where the core's panic hook leaves the Chinese message of a crash (see web.rs): read
// after the trap without calling into the wasm instance again.
const CRASH_MESSAGE_KEY = 'hotlineCrashMessage';

function describe(error) {
  if (typeof error === 'string') return error;
  if (isOurs(error)) return error.message;
  console.error(error);
  // A panic (a trap under panic=abort) left its message, naming the file and row.
  const crash = self[CRASH_MESSAGE_KEY];
  if (typeof crash === 'string' && crash) return crash;
  // Any other trap (out of memory, say): a Chinese sentence first, the detail after it.
  return '分析过程意外中止：程序出错（' + (error && error.message ? error.message : String(error)) + '）。后台计算已重新启动，可以重试或换一个文件；如仍出现，请把文件类型和此消息反馈给维护人员。';
}

/** The core compiled from what the page sent (see www/boot.js): a module compiled already,
 *  its address, or its gzipped bytes (unzipped as they compile). A module compiled here
 *  goes back to the page. */
async function compiledCore(core) {
  if (core instanceof WebAssembly.Module) return core;
  let module;
  if (core.url) {
    module = await WebAssembly.compile(await (await fetch(core.url)).arrayBuffer());
  } else {
    const unzipped = new Blob([core.gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
    module = await WebAssembly.compileStreaming(new Response(unzipped, { headers: { 'Content-Type': 'application/wasm' } }));
  }
  postMessage({ type: 'compiled', module });
  return module;
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'sample-part') {
    // The helper's part, passed on by the page: taken at once, never queued behind a job.
    if (receivePart) receivePart(message.bytes || null);
    return;
  }
  if (message.type === 'init') {
    if (message.partFromPage) firstPartFromPage = new Promise((resolve) => (receivePart = resolve));
    ready = compiledCore(message.core).then((module) => wasm_bindgen({ module_or_path: module }));
    try {
      await ready;
      postMessage({ type: 'ready' });
      // The page's first job will be the sample's report: its file is made before the job
      // arrives (the job then awaits the same promise).
      if (message.prepareSample) sample();
    } catch (error) {
      postMessage({ type: 'error', id: 0, message: describe(error), fatal: true });
    }
    return;
  }
  const core = await ready;
  if (message.type === 'make-sample-part') {
    // This worker is the helper of the page's opening: one part of the sample, then it ends.
    try {
      const bytes = wasm_bindgen.samplePart(message.part);
      postMessage({ type: 'sample-part', bytes }, [bytes.buffer]);
    } catch (error) {
      console.error(error);
      postMessage({ type: 'sample-part', bytes: null });
    }
    return;
  }
  if (message.type === 'query') {
    // The explorer's question about the last analysis: answered at once, never a job.
    try {
      const started = performance.now();
      const page = wasm_bindgen.queryTickets(message.selection, message.sort || '', message.offset, message.limit, !!message.facets);
      postMessage({ type: 'query-result', qid: message.qid, page, ms: performance.now() - started });
    } catch (error) {
      postMessage({ type: 'query-result', qid: message.qid, error: describe(error) });
    }
    return;
  }
  if (message.type === 'trends') {
    try {
      postMessage({ type: 'trends', qid: message.qid, view: wasm_bindgen.trendsView() });
    } catch (error) {
      postMessage({ type: 'trends', qid: message.qid, error: describe(error) });
    }
    return;
  }
  if (message.type === 'explorer-memory') {
    try {
      postMessage({ type: 'explorer-memory', memory: wasm_bindgen.explorerMemory() });
    } catch (error) {
      postMessage({ type: 'explorer-memory', error: describe(error) });
    }
    return;
  }
  if (message.type === 'ticket-detail') {
    try {
      const started = performance.now();
      const row = await originalRow(message.ticket);
      postMessage({ type: 'ticket-detail', qid: message.qid, row, ms: performance.now() - started });
    } catch (error) {
      postMessage({ type: 'ticket-detail', qid: message.qid, error: describe(error) });
    }
    return;
  }
  if (message.type === 'export-tickets') {
    try {
      const started = performance.now();
      const bytes = await exportTickets(message.selection, message.sort || '', message.format);
      postMessage({ type: 'export-tickets', format: message.format, bytes, ms: performance.now() - started }, [bytes.buffer]);
    } catch (error) {
      postMessage({ type: 'export-tickets', format: message.format, error: describe(error) });
    }
    return;
  }
  // Wasm memory never shrinks: after a huge file the page is told to start a fresh worker.
  const releaseMemory = () => core.memory.buffer.byteLength > RELEASE_ABOVE_BYTES;
  const id = message.id;
  self[CRASH_MESSAGE_KEY] = undefined;
  try {
    if (message.type === 'sample' || message.type === 'files') {
      sources = [];
      analysisNumber++;
      warming++;
    }
    if (message.type === 'sample') {
      const bytes = await sample();
      const generated = performance.now();
      const file = { name: wasm_bindgen.sampleFileName(), size: bytes.length, read: (start, end) => bytes.subarray(start, end) };
      const analysis = wasm_bindgen.analyzeFiles([file], message.settings, progressReporter(id, [bytes.length]));
      sources = [new File([bytes], file.name)];
      const timings = { sampleMs, sampleHelped, analyzeMs: performance.now() - generated };
      postMessage({ type: 'result', id, analysis, sample: true, timings });
      warmExplorer();
    } else if (message.type === 'files') {
      const sizes = message.files.map((f) => f.size);
      const started = performance.now();
      const analysis = await analyzeStreamed(message.files, message.sheets, message.settings, message.remembered, progressReporter(id, sizes));
      // The core's own time (reading, statistics, report model, handing the result to
      // JavaScript), which the benchmark shows beside the page's.
      const coreMs = performance.now() - started;
      sources = Array.from(message.files);
      postMessage({ type: 'result', id, analysis, sample: false, coreMs, releaseMemory: releaseMemory() });
      if (message.keep) keepMonths(id);
      warmExplorer();
    } else if (message.type === 'figures') {
      // Figures computed elsewhere (a province's SQL): the report without tickets.
      sources = [];
      analysisNumber++;
      warming++;
      const analysis = wasm_bindgen.reportFromFigures(message.name, message.text, message.settings);
      postMessage({ type: 'result', id, analysis, sample: false, imported: true });
    } else if (message.type === 'sample-csv') {
      const bytes = (await sample()).slice();
      postMessage({ type: 'sample-csv', id, bytes }, [bytes.buffer]);
    } else if (message.type === 'crash-test') {
      // The end-to-end tests' stand-in for a bug in reading (see crashForTesting).
      wasm_bindgen.crashForTesting(message.file, message.row);
    }
  } catch (error) {
    const ours = isOurs(error);
    // A header the core could not map comes back with its cells, for the page to offer;
    // files whose every row was refused come back with their accounting and those rows.
    const mapping = ours && error.columns ? { file: error.file, columns: error.columns } : null;
    const accounting = ours && error.accounting ? error.accounting : null;
    const rejectedCsv = ours && error.rejectedCsv ? error.rejectedCsv : '';
    // A trap leaves the instance unusable: the page replaces this worker (fatal).
    postMessage({ type: 'error', id, message: describe(error), mapping, accounting, rejectedCsv, fatal: !ours, releaseMemory: releaseMemory() });
  }
};

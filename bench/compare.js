// The tools the analyzer is compared with, each timed from a chosen File to finished
// statistics, on the main thread as a page would run them (DuckDB in its own worker).
'use strict';

const chosen = () => document.getElementById('file').files[0];
const wasmReady = wasm_bindgen({ module_or_path: '../pkg/hotline_analyzer_bg.wasm' });

/** The floor: read the bytes and count the newlines in wasm with SIMD. */
window.benchFloor = async () => {
  await wasmReady;
  const t0 = performance.now();
  const bytes = new Uint8Array(await chosen().arrayBuffer());
  const lines = wasm_bindgen.countNewlines(bytes);
  return { ms: performance.now() - t0, summary: { lines } };
};

/** Papa Parse streaming the File in chunks, statistics in a plain JS loop. */
window.benchPapa = (encoding) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    let acc = null;
    Papa.parse(chosen(), {
      encoding: encoding || 'utf-8',
      skipEmptyLines: true,
      chunk(results) {
        let rows = results.data;
        if (!acc) {
          const headerAt = rows.findIndex((r) => r.includes('受理时间'));
          acc = StatisticsAccumulator(rows[headerAt]);
          rows = rows.slice(headerAt + 1);
        }
        for (const row of rows) acc.add(row);
      },
      complete: () => resolve({ ms: performance.now() - t0, summary: acc.finish() }),
      error: (e) => reject(String(e)),
    });
  });

/** SheetJS reading the whole workbook, then the same loop over its rows. */
window.benchSheetJS = async () => {
  const t0 = performance.now();
  const workbook = XLSX.read(new Uint8Array(await chosen().arrayBuffer()), { type: 'array', dense: true });
  for (const name of workbook.SheetNames) {
    const rows = XLSX.utils.sheet_to_json(workbook.Sheets[name], { header: 1, raw: true, defval: '' });
    const headerAt = rows.findIndex((r, i) => i < 30 && r.includes('受理时间'));
    if (headerAt < 0) continue;
    const acc = StatisticsAccumulator(rows[headerAt]);
    for (let i = headerAt + 1; i < rows.length; i++) acc.add(rows[i]);
    return { ms: performance.now() - t0, summary: acc.finish() };
  }
  throw new Error('SheetJS found no ticket sheet');
};

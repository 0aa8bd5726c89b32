// The page: drop zone, progress, summary and the report view. No statistics here: every
// number comes from the wasm core (in a worker); this file only shows what it returns.
// Ticket text is always inserted as text (textContent), never as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const embeddedWasm = document.getElementById('embedded-wasm');
  const embeddedWorker = document.getElementById('embedded-worker');

  let wasmModule = null;
  let worker = null;
  let jobId = 0;
  let settingsJson = '';

  // ---------- start-up ----------

  async function compileWasm() {
    if (embeddedWasm) {
      const text = atob(embeddedWasm.textContent.trim());
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      return WebAssembly.compile(bytes);
    }
    const response = await fetch('pkg/hotline_analyzer_bg.wasm');
    return WebAssembly.compile(await response.arrayBuffer());
  }

  function startWorker() {
    const w = embeddedWorker
      ? new Worker(URL.createObjectURL(new Blob([embeddedWorker.textContent], { type: 'text/javascript' })))
      : new Worker('www/worker.js');
    w.onmessage = onWorkerMessage;
    w.onerror = (event) => {
      event.preventDefault();
      showError('内部错误：后台计算线程出错（' + (event.message || '未知原因') + '）。已重新启动，请重试。');
      restartWorker();
    };
    w.postMessage({ type: 'init', module: wasmModule });
    return w;
  }

  function restartWorker() {
    if (worker) worker.terminate();
    worker = startWorker();
  }

  function today() {
    const d = new Date();
    return d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日';
  }

  async function init() {
    try {
      wasmModule = await compileWasm();
      await wasm_bindgen({ module_or_path: wasmModule });
    } catch (error) {
      showError('页面组件加载失败（' + error + '）。请确认使用较新版本的 Chrome、Edge 或 Firefox 打开。');
      return;
    }
    const settings = JSON.parse(wasm_bindgen.defaultSettings());
    settings.letter.date = today();
    settingsJson = JSON.stringify(settings);
    worker = startWorker();
    wireInputs();
    runSample();
  }

  // ---------- inputs ----------

  function wireInputs() {
    const zone = $('drop-zone');
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('dragging');
      const files = [...e.dataTransfer.files];
      if (files.length) runFiles(files);
    });
    // Dropping outside the zone must not navigate away from the page.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
    $('file-input').addEventListener('change', (e) => {
      const files = [...e.target.files];
      e.target.value = '';
      if (files.length) runFiles(files);
    });
    $('sample-button').addEventListener('click', runSample);
    $('cancel-button').addEventListener('click', cancel);
    $('sample-download').addEventListener('click', (e) => {
      e.preventDefault();
      const id = ++jobId;
      showProgress('正在生成示例CSV…', null);
      worker.postMessage({ type: 'sample-csv', id });
    });
  }

  function runSample() {
    const id = ++jobId;
    showProgress('正在生成并分析示例数据…', null);
    worker.postMessage({ type: 'sample', id, settings: settingsJson });
  }

  function runFiles(files) {
    const id = ++jobId;
    const total = files.reduce((sum, f) => sum + f.size, 0);
    showProgress('正在读取 ' + files.map((f) => f.name).join('、') + '…', total);
    worker.postMessage({ type: 'files', id, files, settings: settingsJson });
  }

  function cancel() {
    jobId++;
    restartWorker();
    hideProgress();
    showError('已取消。可以重新选择文件。', 'info');
  }

  // ---------- worker messages ----------

  function onWorkerMessage(event) {
    const m = event.data;
    if (m.type === 'ready') return;
    if (m.id !== jobId) return; // a cancelled or superseded job
    if (m.type === 'progress') {
      updateProgress(m);
    } else if (m.type === 'result') {
      hideProgress();
      hideError();
      showAnalysis(m.analysis, m.sample);
    } else if (m.type === 'sample-csv') {
      hideProgress();
      download(new Blob([m.bytes], { type: 'text/csv' }), $('sample-download').getAttribute('download'));
    } else if (m.type === 'error') {
      hideProgress();
      showError(m.message);
      if (m.fatal) restartWorker();
    }
  }

  // ---------- progress and errors ----------

  let progressTotal = null;

  function showProgress(label, total) {
    progressTotal = total;
    $('progress-label').textContent = label;
    const bar = $('progress-bar');
    if (total) {
      bar.max = total;
      bar.value = 0;
    } else {
      bar.removeAttribute('value');
    }
    $('progress').hidden = false;
    document.body.classList.add('busy');
  }

  function updateProgress(m) {
    const bar = $('progress-bar');
    const mb = (m.bytes / 1048576).toFixed(1);
    if (progressTotal) {
      bar.value = Math.min(m.bytes, progressTotal);
      $('progress-label').textContent = '已读取 ' + mb + ' MB / ' + (progressTotal / 1048576).toFixed(1) + ' MB，' + m.rows.toLocaleString('zh-CN') + ' 行';
    } else {
      $('progress-label').textContent = '已处理 ' + m.rows.toLocaleString('zh-CN') + ' 行';
    }
  }

  function hideProgress() {
    $('progress').hidden = true;
    document.body.classList.remove('busy');
  }

  function showError(message, tone) {
    const box = $('error');
    box.textContent = message;
    box.className = tone === 'info' ? 'error info' : 'error';
    box.hidden = false;
  }

  function hideError() {
    $('error').hidden = true;
  }

  function download(blob, name) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  // ---------- summary ----------

  function cnDate(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    return y + '年' + m + '月' + d + '日';
  }

  function days(period) {
    return Math.round((Date.parse(period.end) - Date.parse(period.start)) / 86400000) + 1;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showAnalysis(analysis, isSample) {
    $('summary').hidden = false;
    $('sample-banner').hidden = !isSample;
    const p = analysis.period;
    $('period-text').textContent = p.month.year + '年' + p.month.month + '月（' + cnDate(p.start) + '至' + cnDate(p.end) + '，' + days(p) + '天）';
    $('previous-text').textContent = analysis.previous
      ? cnDate(analysis.previous.start) + '至' + cnDate(analysis.previous.end)
      : '数据中没有上月记录，不计算环比';
    const a = analysis.accounting;
    const n = (x) => x.toLocaleString('zh-CN');
    $('accounting-text').textContent =
      '读入 ' + n(a.input_rows) + ' 行 = 采用 ' + n(a.accepted) + ' + 拒收 ' + n(a.rejected) + ' + 重复 ' + n(a.duplicates) + ' + 不在统计期 ' + n(a.outside_period);

    const notices = $('notices');
    notices.replaceChildren(...analysis.notices.map((text) => el('li', null, text)));

    const files = $('files');
    files.replaceChildren();
    const template = $('file-template');
    for (const file of analysis.files) {
      const node = template.content.cloneNode(true);
      node.querySelector('.file-name').textContent = file.name;
      node.querySelector('.file-facts').textContent =
        file.format + '，表头在第 ' + file.header_row + ' 行，数据 ' + n(file.rows) + ' 行';
      const body = node.querySelector('tbody');
      for (const column of file.columns) {
        const row = el('tr');
        row.append(el('td', null, column.header), el('td', column.field ? null : 'unmapped', column.field_label || '（未使用）'));
        body.append(row);
      }
      files.append(node);
    }
    renderReport(analysis.document);
  }

  // ---------- report ----------

  const CHART_WIDTH = 640;
  const CHART_HEIGHT = 340;

  function renderReport(doc) {
    const report = $('report');
    report.replaceChildren();
    report.append(el('h1', 'doc-title', doc.title), el('p', 'addressees', doc.addressees));
    const charts = [];
    for (const block of doc.blocks) {
      if (block.block === 'heading') {
        report.append(el(block.level === 1 ? 'h2' : 'h3', 'doc-heading level-' + block.level, block.text));
      } else if (block.block === 'paragraph') {
        const para = el('p', 'doc-paragraph', block.text);
        para.dataset.id = block.id;
        report.append(para);
      } else if (block.block === 'chart') {
        const figure = el('figure', 'doc-chart');
        const canvas = el('div', 'chart-canvas');
        canvas.id = 'chart-' + block.id;
        canvas.style.width = CHART_WIDTH + 'px';
        canvas.style.height = CHART_HEIGHT + 'px';
        figure.append(canvas, el('figcaption', null, block.caption));
        report.append(figure);
        charts.push(block);
      } else if (block.block === 'table') {
        report.append(renderTable(block));
      }
    }
    report.append(el('p', 'signature', doc.signature), el('p', 'issue-date', doc.date));
    report.hidden = false;
    for (const chart of charts) {
      try {
        wasm_bindgen.renderChart('chart-' + chart.id, chart, CHART_WIDTH, CHART_HEIGHT);
      } catch (error) {
        document.getElementById('chart-' + chart.id).replaceChildren(el('p', 'chart-error', String(error)));
      }
    }
  }

  function renderTable(block) {
    const table = el('table', 'doc-table');
    table.append(el('caption', null, block.caption));
    const head = el('tr');
    for (const cell of block.header) head.append(el('th', null, cell));
    table.append(head);
    for (const row of block.rows) {
      const tr = el('tr');
      for (const cell of row) tr.append(el('td', null, cell));
      table.append(tr);
    }
    return table;
  }

  init();
})();

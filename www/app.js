// The page: drop zone, progress, summary and the report view. No statistics here: every
// number comes from the wasm core (in a worker); this file only shows what it returns.
// Ticket text is always inserted as text (textContent), never as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  let wasmModule = null;
  let worker = null;
  let jobId = 0;
  // The job the worker is busy with (0: idle). A new job supersedes it at once: the busy
  // worker is replaced, as 取消 does, rather than left to finish work nobody will see.
  let running = 0;
  // The worker's memory grew past what it should keep once no analysis needs it.
  let heavyWorker = false;
  // What the latest job is ('files', 'sample', 'sample-csv' …).
  let jobType = '';
  // Told after the next report replaces the progress (e.g. saved settings were unusable).
  let noticeAfterRun = null;
  let defaults = null;
  // The settings are SettingsStore's (www/settings-store.js): read with get() when needed,
  // changed only through update(), never kept here.
  // [{field, label}]: what a column can feed, for the mapping editor.
  let fieldChoices = [];
  // What the report was last made from, so a settings change can re-compute it.
  let lastRun = { type: 'sample' };
  let currentDocument = null;
  // When the current file run started; the benchmark reads window.hotlineTimings.
  let runStarted = 0;
  window.hotlineTimings = [];
  // Whether the message box was written since the current job was posted: a report clears
  // only messages older than its own job, so one told while it ran (a memory file refused,
  // say) stays until the analyst acts again.
  let messageSinceJob = false;
  // Paragraph edits by id; kept while the generated text they replaced is unchanged.
  const edits = new Map();

  // ---------- start-up ----------

  /** Takes a worker into the page's hands: its messages and errors come here. */
  function adopt(w) {
    w.takeOver(onWorkerMessage, (event) => {
      event.preventDefault();
      showError('内部错误：后台计算线程出错（' + (event.message || '未知原因') + '）。已重新启动，请重试。');
      restartWorker();
    });
    return w;
  }

  /** A new worker (the first one HotlineBoot started while the page was still loading). */
  function startWorker() {
    return adopt(HotlineBoot.newWorker(wasmModule));
  }

  function restartWorker() {
    heavyWorker = false;
    if (worker) worker.terminate();
    HotlineBoot.stopHelping();
    // Questions the old worker had not answered never will be.
    Explorer.workerRestarted();
    running = 0;
    worker = startWorker();
  }

  /** Hands a job to the worker; one still running is superseded (its worker replaced). */
  function post(message) {
    // A worker holding a huge file's tickets (for the explorer) gives its memory back when
    // the next analysis starts (the sample's download needs no fresh worker).
    if (running || (heavyWorker && message.type !== 'sample-csv')) restartWorker();
    running = message.id;
    jobType = message.type;
    messageSinceJob = false;
    if (currentView === 'trends' && (message.type === 'files' || message.type === 'sample')) Trends.waiting();
    worker.postMessage(message);
  }

  async function init() {
    try {
      // The first worker (www/boot.js) compiled the core and is making the sample.
      wasmModule = await HotlineBoot.module;
      performance.mark('hotline:compiled');
      worker = adopt(HotlineBoot.firstWorker);
      await wasm_bindgen({ module_or_path: wasmModule });
    } catch (error) {
      showError('页面组件加载失败（' + error + '）。请确认使用较新版本的 Chrome、Edge 或 Firefox 打开。');
      return;
    }
    defaults = wasm_bindgen.defaultSettings();
    fieldChoices = wasm_bindgen.fieldChoices();
    noticeAfterRun = SettingsStore.open({ defaults, normalise: (json) => wasm_bindgen.normaliseSettings(json) });
    await MemoryStore.open();
    MemoryPanel.mount($('memory-body'), {
      current: () => wasm_bindgen.memoryFingerprint(settingsForRun()),
      error: (message) => showError(message),
      download,
    });
    // Months deleted, cleared or imported: the report and trends of the files shown follow
    // (without keeping their months again, which would undo a deletion).
    MemoryStore.subscribe((cause) => {
      if (cause !== 'keep' && lastRun.type === 'files') runFiles(lastRun.files, { keepEdits: true, sheets: lastRun.sheets, keep: false });
    });
    SettingsPanel.mount($('settings-form'), SettingsStore, wasm_bindgen.describeSections(), (message) => showError(message));
    // Whoever changed the settings, the report follows.
    SettingsStore.subscribe(rerun);
    // Marks of months kept under other settings follow the settings.
    SettingsStore.subscribe(() => MemoryPanel.render());
    // The explorer asks whichever worker is current (a restart replaces it).
    Explorer.mount((message) => worker.postMessage(message));
    Trends.mount($('trends'), (message) => worker.postMessage(message));
    $('tab-report').addEventListener('click', () => showView('report'));
    $('tab-trends').addEventListener('click', () => showView('trends'));
    // For the benchmark: asks the worker what the explorer's indexes take.
    window.hotlineAskExplorerMemory = () => worker.postMessage({ type: 'explorer-memory' });
    $('report').addEventListener('click', (event) => {
      const link = event.target.closest('.figure-link');
      // An edited paragraph's numbers are the analyst's: they no longer open tickets.
      if (link && link.figureLink && !link.closest('.edited')) Explorer.open(link.figureLink);
    });
    wireInputs();
    runSample();
  }

  /** Settings as the worker gets them (the core dates the letter today unless the user set a date). */
  function settingsForRun() {
    return JSON.stringify(SettingsStore.get());
  }

  // ---------- settings ----------

  /** Edits the settings through the store (`edit(draft)`); the core's refusal is shown. */
  function editSettings(edit, from) {
    try {
      SettingsStore.update(edit, from);
    } catch (error) {
      showError(String(error));
    }
  }

  /** Replaces the settings with `json` (import, reset); refused ones leave them as they were. */
  function adoptSettings(json, source, from) {
    try {
      SettingsStore.update(json, from);
    } catch (error) {
      showError(source + '无法使用，原有设置未改变。' + error);
    }
  }

  function rerun() {
    if (lastRun.type === 'files') runFiles(lastRun.files, { keepEdits: true, sheets: lastRun.sheets });
    else if (lastRun.type === 'figures') runFigures(lastRun.file, { keepEdits: true });
    else runSample({ keepEdits: true });
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
      // One .json file is figures computed elsewhere; anything else is tickets.
      if (files.length === 1 && /\.json$/i.test(files[0].name)) runFigures(files[0]);
      else if (files.length) runFiles(files);
    });
    // Dropping outside the zone must not navigate away from the page.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
    $('file-input').addEventListener('change', (e) => {
      const files = [...e.target.files];
      e.target.value = '';
      if (files.length) runFiles(files);
    });
    $('figures-input').addEventListener('change', (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) runFigures(file);
    });
    $('sample-button').addEventListener('click', () => runSample());
    $('cancel-button').addEventListener('click', cancel);
    $('export-docx').addEventListener('click', exportDocx);
    $('export-xlsx').addEventListener('click', exportXlsx);
    $('print-button').addEventListener('click', () => {
      Charts.drawAll();
      window.print();
    });
    $('settings-export').addEventListener('click', () => {
      download(new Blob([JSON.stringify(SettingsStore.get(), null, 2)], { type: 'application/json' }), '12345热线分析设置.json');
    });
    $('settings-import').addEventListener('change', async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) adoptSettings(await file.text(), '设置文件「' + file.name + '」', 'import');
    });
    $('settings-reset').addEventListener('click', () => adoptSettings(defaults, '默认设置', 'reset'));
    $('rejected-download').addEventListener('click', () => {
      download(new Blob([rejectedCsv], { type: 'text/csv' }), '拒收行.csv');
    });
    $('sample-download').addEventListener('click', (e) => {
      e.preventDefault();
      const id = ++jobId;
      showProgress('正在生成示例CSV…', null);
      post({ type: 'sample-csv', id });
    });
  }

  // For the end-to-end tests: a crash in the core, as a bug in reading row `row` of
  // `file` would make, to check that the analyst is told and the page recovers.
  window.hotlineTesting = {
    crash(file, row) {
      const id = ++jobId;
      showProgress('正在读取 ' + file + '…', null);
      post({ type: 'crash-test', id, file, row });
    },
  };

  function runSample(options) {
    if (!(options && options.keepEdits)) edits.clear();
    lastRun = { type: 'sample' };
    const id = ++jobId;
    showProgress('正在生成并分析示例数据…', null);
    post({ type: 'sample', id, settings: settingsForRun() });
  }

  function runFiles(files, options) {
    if (!(options && options.keepEdits)) edits.clear();
    // The sheet chosen per workbook, by file name (kept while the same files are re-read):
    // a Map, since a file may be called "constructor" or "__proto__".
    const sheets = (options && options.sheets) || new Map();
    lastRun = { type: 'files', files, sheets };
    const id = ++jobId;
    runStarted = performance.now();
    const total = files.reduce((sum, f) => sum + f.size, 0);
    showProgress('正在读取 ' + files.map((f) => f.name).join('、') + '…', total);
    // The months this machine remembers go with the files; the analysis's own months are
    // kept afterwards (not when the memory itself changed: see init).
    const keep = !(options && options.keep === false);
    post({ type: 'files', id, files, sheets, settings: settingsForRun(), remembered: MemoryStore.summaries(), keep });
  }

  /** Figures computed elsewhere (the SQL on a province's engine): the report without tickets. */
  async function runFigures(file, options) {
    if (!(options && options.keepEdits)) edits.clear();
    lastRun = { type: 'figures', file };
    const id = ++jobId;
    showProgress('正在读取统计结果 ' + file.name + '…', null);
    let text;
    try {
      text = await file.text();
    } catch (e) {
      hideProgress();
      return showError('无法读取文件「' + file.name + '」：' + e.message);
    }
    if (id !== jobId) return;
    post({ type: 'figures', id, name: file.name, text, settings: settingsForRun() });
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
    if (m.type === 'ready' || m.type === 'compiled') return;
    if (m.type === 'query-result') return Explorer.answered(m);
    if (m.type === 'export-tickets') return Explorer.exported(m);
    if (m.type === 'ticket-detail') return Explorer.detailed(m);
    // What the explorer adds to the table's memory (read by the benchmark).
    if (m.type === 'trends') return Trends.answered(m);
    // An analysis's months to remember (the sample's never are).
    if (m.type === 'summaries') {
      if (m.summaries && m.id === jobId) {
        MemoryStore.keep(m.summaries)
          .catch((e) => console.error(e))
          // For the benchmark: the worker's work after a report is done.
          .finally(() => (window.hotlineMonthsKept = (window.hotlineMonthsKept || 0) + 1));
      }
      return;
    }
    if (m.type === 'explorer-memory') return void (window.hotlineExplorerMemory = m.memory || { error: m.error });
    // The explorer's facets are ready for the last analysis (the benchmark waits for it).
    if (m.type === 'warmed') return void (window.hotlineExplorerWarmed = (window.hotlineExplorerWarmed || 0) + 1);
    if (m.id !== jobId) return; // a cancelled or superseded job
    if (m.type !== 'progress') running = 0;
    if (m.type === 'progress') {
      updateProgress(m);
    } else if (m.type === 'result') {
      if (!m.sample && !m.imported) {
        const a = m.analysis.accounting;
        window.hotlineTimings.push({ ms: performance.now() - runStarted, coreMs: m.coreMs, rows: a.input_rows });
      }
      hideProgress();
      if (noticeAfterRun) showError(noticeAfterRun, 'info');
      else if (!messageSinceJob) hideError();
      noticeAfterRun = null;
      performance.mark('hotline:result');
      showAnalysis(m.analysis, m.sample);
      // For the benchmark's page-open time: the parts of the first report, in order.
      if (m.sample) performance.mark('hotline:sample-shown', { detail: m.timings });
      // Imported figures have no tickets: no trends, nothing to explore.
      $('view-tabs').hidden = !!m.imported;
      if (m.imported) showView('report');
      if (currentView === 'trends') Trends.refresh();
      // A worker that read a huge file keeps it while its tickets can be explored, and is
      // replaced when the next job starts.
      if (m.releaseMemory) heavyWorker = true;
      // A view of the explorer saved in the address (a reload, a bookmark) comes back.
      if (!m.imported) Explorer.fromHash();
    } else if (m.type === 'sample-csv') {
      hideProgress();
      download(new Blob([m.bytes], { type: 'text/csv' }), wasm_bindgen.sampleFileName());
    } else if (m.type === 'error') {
      hideProgress();
      showError(m.message);
      // A failed download of the sample CSV leaves the report as it is.
      if (jobType !== 'sample-csv') showFailedRun(m);
      if (m.fatal || m.releaseMemory) restartWorker();
    }
  }

  // ---------- views ----------

  // 'report' or 'trends': which of the two the right side shows.
  let currentView = 'report';

  function showView(name) {
    currentView = name;
    for (const [tab, view] of [['tab-report', 'report'], ['tab-trends', 'trends']]) {
      $(tab).classList.toggle('selected', view === name);
      $(tab).setAttribute('aria-pressed', String(view === name));
    }
    $('trends').hidden = name !== 'trends';
    if (currentDocument) $('report').hidden = name !== 'report';
    // While an analysis runs, the trends of its result are asked for when it comes.
    if (name === 'trends' && !running) Trends.refresh();
    else if (name === 'trends') Trends.waiting();
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
    messageSinceJob = true;
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

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showAnalysis(analysis, isSample) {
    $('summary').hidden = false;
    $('summary').classList.remove('pending');
    $('sample-banner').hidden = !isSample;
    $('period-text').textContent = analysis.period_label;
    $('previous-text').textContent = analysis.previous_label || '数据中没有上月记录，不计算环比';
    if (analysis.imported) {
      Explorer.close();
      $('accounting-text').textContent = '—（由统计结果导入，无工单明细）';
      showRejected({ rejected_rows: [] }, '');
      showNotices(analysis);
      $('files').replaceChildren();
      $('files-details').hidden = true;
      return renderReport(analysis.document);
    }
    showAccounting(analysis.accounting, analysis.rejectedCsv);
    showNotices(analysis);

    const files = $('files');
    files.replaceChildren();
    $('files-details').hidden = false;
    for (const file of analysis.files) {
      let facts = file.format + '，表头在第 ' + file.header_row + ' 行，数据 ' + n(file.rows) + ' 行';
      files.append(fileCard(file.name, facts, file.columns, file));
    }
    renderReport(analysis.document);
  }

  const n = (x) => x.toLocaleString('zh-CN');

  /** The accounting line and the rejected rows of this run. */
  function showAccounting(a, csv) {
    $('accounting-text').textContent =
      '读入 ' + n(a.input_rows) + ' 行 = 采用 ' + n(a.accepted) + ' + 拒收 ' + n(a.rejected) + ' + 重复 ' + n(a.duplicates) + ' + 不在统计期 ' + n(a.outside_period);
    showRejected(a, csv || '');
  }

  /**
   * A run that gave no report: nothing of the last report may stay beside its message
   * (its rejected rows, accounting, notices, files, the report and its exports). Files
   * whose every row was refused still show their accounting and rejected rows; a file
   * lacking a column shows its columns to map.
   */
  function showFailedRun(m) {
    currentDocument = null;
    Explorer.close();
    rejectedCsv = '';
    $('rejected').hidden = true;
    $('notices').replaceChildren();
    $('files').replaceChildren();
    $('files-details').hidden = true;
    $('report').hidden = true;
    $('report').replaceChildren();
    showView('report');
    $('view-tabs').hidden = true;
    $('export').hidden = true;
    $('sample-banner').hidden = true;
    $('summary').classList.remove('pending');
    $('summary').hidden = !m.accounting;
    if (m.accounting) {
      $('period-text').textContent = '无（没有可统计的工单）';
      $('previous-text').textContent = '—';
      showAccounting(m.accounting, m.rejectedCsv);
    }
    if (m.mapping) showUnmappedFile(m.mapping);
  }

  // ---------- column mapping and sheets ----------

  /** The user's rule for a header, if any (headers compare without surrounding spaces). */
  function ruleFor(header) {
    return SettingsStore.get().column_rules.find((r) => r.header.trim() === header.trim());
  }

  /** Sets (or, with `field === undefined`, removes) the rule for a header and re-computes. */
  function setColumnRule(header, field) {
    editSettings((draft) => {
      const rules = draft.column_rules.filter((r) => r.header.trim() !== header.trim());
      if (field !== undefined) rules.push({ header, field });
      draft.column_rules = rules;
    }, 'columns');
  }

  function fieldSelect(column) {
    const select = el('select', 'field-select');
    select.setAttribute('aria-label', '“' + column.header + '”列对应的字段');
    select.append(new Option('（不使用）', ''));
    for (const choice of fieldChoices) select.append(new Option(choice.label, choice.field));
    select.value = column.field || '';
    select.addEventListener('change', () => setColumnRule(column.header, select.value || null));
    return select;
  }

  /** One file's card: its facts, a sheet choice for workbooks, and the editable mapping. */
  function fileCard(name, facts, columns, file) {
    const node = $('file-template').content.cloneNode(true);
    node.querySelector('.file-name').textContent = name;
    node.querySelector('.file-facts').textContent = facts;
    if (file && file.ticket_sheets && file.ticket_sheets.length > 1) {
      const label = el('label', 'sheet-choice', '工作表：');
      const select = el('select');
      for (const sheet of file.ticket_sheets) select.append(new Option(sheet, sheet));
      select.value = file.sheet;
      select.addEventListener('change', () => {
        const sheets = new Map(lastRun.sheets);
        sheets.set(name, select.value);
        runFiles(lastRun.files, { keepEdits: false, sheets });
      });
      label.append(select, el('span', 'hint', '（此文件有 ' + file.ticket_sheets.length + ' 张工单表，可换一张）'));
      node.querySelector('.file-facts').after(label);
    }
    const body = node.querySelector('tbody');
    for (const column of columns) {
      const row = el('tr', column.field ? null : 'unmapped');
      const action = el('td', 'rule');
      if (ruleFor(column.header)) {
        const reset = el('button', 'link-button', '恢复自动');
        reset.type = 'button';
        reset.title = '删除手动指定，按表头名自动识别';
        reset.addEventListener('click', () => setColumnRule(column.header, undefined));
        action.append(el('span', 'manual', '手动 '), reset);
      }
      const cell = el('td');
      cell.append(fieldSelect(column));
      row.append(el('td', null, column.header), cell, action);
      body.append(row);
    }
    return node;
  }

  /** A file refused for a missing column still shows its columns, to map the missing one. */
  function showUnmappedFile(mapping) {
    $('summary').hidden = false;
    // The facts above belong to the last report, not to this file: hide them and the report.
    $('summary').classList.add('pending');
    $('report').hidden = true;
    $('export').hidden = true;
    const files = $('files');
    $('files-details').hidden = false;
    files.replaceChildren(fileCard(mapping.file, '请在下表为缺少的字段选择对应的列，选好后自动重新计算。', mapping.columns, null));
    $('files-details').open = true;
  }

  // ---------- notices, with a control where the user must decide ----------

  const SATISFACTION_CHOICES = [
    ['satisfied', '算满意'],
    ['unsatisfied', '算不满意'],
    ['not_evaluated', '算未评价'],
  ];

  /** A select that assigns a value; `apply(draft, choice)` edits the settings. */
  function assignSelect(label, options, apply) {
    const select = el('select', 'assign');
    select.setAttribute('aria-label', label);
    select.append(new Option('请选择…', ''));
    for (const [value, text] of options) select.append(new Option(text, value));
    select.addEventListener('change', () => {
      if (!select.value) return;
      const choice = select.value;
      editSettings((draft) => apply(draft, choice), 'notice');
    });
    return select;
  }

  /**
   * The core's notices (`{code, params, severity, subject, text}`, src/notice.rs): the
   * sentence is shown as written; what the page adds is chosen by code and params only.
   */
  function showNotices(analysis) {
    const items = analysis.notices.map((notice) => {
      const li = el('li', 'notice-' + notice.severity, notice.text);
      li.dataset.code = notice.code;
      const params = notice.params || {};
      if (notice.code === 'unassigned_channel' && !params.blank) {
        const channel = params.channel;
        const groups = SettingsStore.get().channel_groups.map((g, i) => [String(i), '归入“' + (g.short_label || g.label) + '”']);
        li.append(' ', assignSelect('渠道“' + channel + '”归入哪一组', groups, (draft, i) => {
          draft.channel_groups[Number(i)].channels.push(channel);
        }));
      }
      if (notice.code === 'unknown_satisfaction') {
        const value = params.value;
        li.append(' ', assignSelect('满意度“' + value + '”算作', SATISFACTION_CHOICES, (draft, key) => {
          draft.satisfaction[key].push(value);
        }));
      }
      return li;
    });
    $('notices').replaceChildren(...items);
  }

  let rejectedCsv = '';

  /** The rejected rows: how many, the commonest reasons, and the download. */
  function showRejected(accounting, csv) {
    rejectedCsv = csv;
    const rows = accounting.rejected_rows;
    $('rejected').hidden = !rejectedCsv || !rows.length;
    if ($('rejected').hidden) return;
    // Counted by the reason's code; each shown by the kind the core names it with.
    const reasons = new Map();
    for (const row of rows) {
      const seen = reasons.get(row.reason.code) || { kind: row.kind, count: 0 };
      seen.count += 1;
      reasons.set(row.reason.code, seen);
    }
    const top = [...reasons.values()].sort((a, b) => b.count - a.count).slice(0, 3).map(({ kind, count }) => kind + ' ' + n(count) + ' 行');
    const first = rows[0];
    // The core keeps the details of the first rows only (MAX_REJECTED_DETAILS): the counts
    // of reasons and the download cover those, which the analyst must be told.
    const capped = accounting.rejected > rows.length;
    const of = capped ? '前 ' + n(rows.length) + ' 行中：' : '';
    $('rejected-text').textContent =
      '拒收 ' + n(accounting.rejected) + ' 行（' + of + top.join('；') + '）。首个：文件「' + first.file + '」第 ' + first.row + ' 行' + (first.column ? '“' + first.column + '”列' : '') + '：' + first.text + '。' +
      (capped ? '下载的拒收行清单只含前 ' + n(rows.length) + ' 行，其余 ' + n(accounting.rejected - rows.length) + ' 行只计入了拒收数。' : '');
  }

  // ---------- report ----------

  const CHART_WIDTH = 640;
  const CHART_HEIGHT = 340;

  /**
   * A paragraph the analyst can edit; its edit is kept while `generated` stays the same.
   * Unedited, its numbers are the core's links (`links`: character ranges with the tickets
   * behind them), which open the explorer.
   */
  function editable(tag, className, id, generated, links) {
    const node = el(tag, className);
    node.dataset.id = id;
    const edit = edits.get(id);
    const kept = edit && edit.generated === generated;
    if (edit && !kept) edits.delete(id);
    if (kept || !links || !links.length) node.textContent = kept ? edit.edited : generated;
    else node.append(...linkedText(generated, links));
    node.classList.toggle('edited', !!kept);
    node.contentEditable = 'plaintext-only';
    node.spellcheck = false;
    node.addEventListener('input', () => {
      const text = node.textContent;
      if (text === generated) edits.delete(id);
      else edits.set(id, { generated, edited: text });
      node.classList.toggle('edited', text !== generated);
    });
    return node;
  }

  /** Text and link spans for a paragraph: `links` count characters as Array.from does. */
  function linkedText(text, links) {
    const chars = Array.from(text);
    const nodes = [];
    let at = 0;
    for (const link of [...links].sort((a, b) => a.start - b.start)) {
      if (link.start < at) continue;
      if (link.start > at) nodes.push(document.createTextNode(chars.slice(at, link.start).join('')));
      const span = el('span', 'figure-link', chars.slice(link.start, link.end).join(''));
      span.title = '点击查看这些工单';
      span.figureLink = link;
      nodes.push(span);
      at = link.end;
    }
    if (at < chars.length) nodes.push(document.createTextNode(chars.slice(at).join('')));
    return nodes;
  }

  function renderReport(doc) {
    currentDocument = doc;
    const report = $('report');
    Charts.forgetWaiting();
    report.replaceChildren();
    report.append(el('h1', 'doc-title', doc.title), el('p', 'addressees', doc.addressees));
    const charts = [];
    for (const block of doc.blocks) {
      if (block.block === 'heading') {
        report.append(el(block.level === 1 ? 'h2' : 'h3', 'doc-heading level-' + block.level, block.text));
      } else if (block.block === 'paragraph') {
        report.append(editable('p', 'doc-paragraph', block.id, block.text, block.links));
      } else if (block.block === 'chart') {
        report.append(Charts.figure(block, CHART_WIDTH, CHART_HEIGHT));
        charts.push(block);
      } else if (block.block === 'table') {
        report.append(renderTable(block));
      }
    }
    report.append(editable('p', 'signature', 'signature', doc.signature), editable('p', 'issue-date', 'date', doc.date));
    doc.attachments.forEach((table, index) => {
      const section = el('section', 'attachment');
      section.append(el('h2', 'attachments-title', '附件' + (index + 1)), renderTable(table));
      report.append(section);
    });
    report.hidden = currentView !== 'report';
    $('export').hidden = false;
    // A bar or slice opens the tickets behind its value.
    Charts.drawWhenSeen(charts, CHART_WIDTH, CHART_HEIGHT, (selection) => Explorer.open({ selection }));
  }

  // ---------- exports ----------

  /** The document as shown: generated text with the analyst's edits. */
  function editedDocument() {
    const doc = JSON.parse(JSON.stringify(currentDocument));
    const text = (id, generated) => {
      const edit = edits.get(id);
      return edit && edit.generated === generated ? edit.edited : generated;
    };
    for (const block of doc.blocks) {
      if (block.block === 'paragraph') block.text = text(block.id, block.text);
    }
    doc.signature = text('signature', doc.signature);
    doc.date = text('date', doc.date);
    return doc;
  }

  function dataUrlBytes(url) {
    const binary = atob(url.slice(url.indexOf(',') + 1));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** Every chart as a PNG at twice its screen size (print resolution in Word). */
  function chartImages(doc) {
    const ratio = 2;
    Charts.drawAll();
    return doc.blocks
      .filter((b) => b.block === 'chart')
      .map((b) => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-' + b.id));
        const url = chart.getDataURL({ type: 'png', pixelRatio: ratio, backgroundColor: '#fff' });
        return { id: b.id, png: dataUrlBytes(url), width: CHART_WIDTH * ratio, height: CHART_HEIGHT * ratio };
      });
  }

  /** Our own errors are Chinese strings; anything else is a fault worth saying so plainly. */
  function exportFailure(what, error) {
    if (typeof error === 'string') return error;
    console.error(error);
    return '内部错误：' + what + '失败（' + (error && error.message ? error.message : String(error)) + '）。请刷新页面后重试。';
  }

  function exportDocx() {
    try {
      const doc = editedDocument();
      const bytes = wasm_bindgen.exportDocx(doc, chartImages(doc));
      download(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }), doc.title + '.docx');
    } catch (error) {
      showError(exportFailure('导出 Word ', error));
    }
  }

  function exportXlsx() {
    try {
      const doc = editedDocument();
      const bytes = wasm_bindgen.exportXlsx(doc);
      download(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), doc.title + '（附件表）.xlsx');
    } catch (error) {
      showError(exportFailure('导出 Excel ', error));
    }
  }

  /** A table of the report. Its cells are typed ({kind, value | bp, text}); the core words
   * each one (94.79%, 100%, — for an absent rate), so the page shows `text` as it is. */
  function renderTable(block) {
    const table = el('table', 'doc-table');
    table.append(el('caption', null, block.caption));
    const head = el('tr');
    for (const cell of block.header) head.append(el('th', null, cell));
    table.append(head);
    const rows = block.rows.map((row) => {
      const tr = el('tr');
      for (const cell of row) {
        const td = el('td', null, cell.text);
        if (cell.link) {
          // A count or rate that opens its tickets (the report's click handler opens it).
          const span = el('span', 'figure-link', cell.text);
          span.title = '点击查看这些工单';
          span.figureLink = cell.link;
          td.replaceChildren(span);
        }
        tr.append(td);
      }
      table.append(tr);
      return { tr, row };
    });
    if (SORTABLE_TABLES.has(block.id)) sortable(table, head, rows);
    return table;
  }

  // Tables the analyst sorts on the page (the DOCX and XLSX keep the core's order).
  const SORTABLE_TABLES = new Set(['attachment-scorecard']);

  /** A cell's value to sort by: its number, or its text. */
  function sortValue(cell) {
    switch (cell.kind) {
      case 'count':
      case 'ordinal':
        return cell.value ?? -Infinity;
      case 'decimal':
        return cell.tenths ?? -Infinity;
      case 'percent':
        return cell.bp ?? -Infinity;
      default:
        return cell.value ?? '';
    }
  }

  /** Clicking a header sorts the numbered rows by that column (again: the other way); rows
   *  without a place (全市平均) stay last. */
  function sortable(table, head, rows) {
    table.classList.add('sortable');
    let sorted = { column: -1, up: false };
    [...head.children].forEach((th, column) => {
      th.title = '点击排序';
      th.addEventListener('click', () => {
        const up = sorted.column === column ? !sorted.up : false;
        sorted = { column, up };
        const placed = rows.filter((r) => r.row[0]?.kind === 'ordinal');
        const rest = rows.filter((r) => r.row[0]?.kind !== 'ordinal');
        placed.sort((a, b) => {
          const [x, y] = [sortValue(a.row[column]), sortValue(b.row[column])];
          const order = typeof x === 'string' ? String(x).localeCompare(String(y), 'zh') : x - y;
          return up ? order : -order;
        });
        for (const { tr } of [...placed, ...rest]) table.append(tr);
        for (const other of head.children) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      });
    });
  }

  init();
})();

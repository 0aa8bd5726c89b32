// The panel that lists what this browser keeps (MemoryStore's months and the saved
// settings): each month can be deleted, 全部清除 clears them, 导出/导入 move them to a
// colleague's machine as one JSON file. Months counted under other settings than the
// current ones are marked: the analysis does not mix them in.
'use strict';

window.MemoryPanel = (() => {
  let root = null;
  let fingerprint = () => '';
  let onError = () => {};
  let download = () => {};

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const when = (iso) => {
    const d = new Date(iso);
    if (isNaN(d)) return iso;
    const pad = (x) => String(x).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  };

  /**
   * `element`: the panel's body; `current()`: the fingerprint of the settings in use;
   * `error(message)`: shows a message; `save(blob, name)`: the page's download.
   */
  function mount(element, { current, error, download: save }) {
    root = element;
    fingerprint = current;
    onError = error;
    download = save;
    MemoryStore.subscribe(render);
    render();
  }

  function render() {
    const list = MemoryStore.list();
    const count = document.getElementById('memory-count');
    if (count) count.textContent = list.length ? '（' + list.length + '个月）' : '';
    root.replaceChildren();
    root.append(
      el(
        'p',
        'hint',
        '每次分析导出文件后，本机浏览器会记住各统计月的汇总数（各类别、地区、单位的宗数和服务指标，不含任何工单内容），以后只拖入当月文件也能看趋势和预警。不会上传。',
      ),
    );
    if (!MemoryStore.lasting()) {
      root.append(el('p', 'hint warn', '此浏览器不允许本页长期保存数据（如从文件直接打开或无痕窗口），记住的月份在关闭页面后即消失；可用“导出”保存、下次“导入”。'));
    }
    if (list.length) {
      const table = el('table', 'memory-table');
      const head = el('tr');
      for (const h of ['月份', '来源文件', '行数', '保存日期', '']) head.append(el('th', null, h));
      table.append(el('thead'), el('tbody'));
      table.tHead.append(head);
      const now = fingerprint();
      for (const record of list) {
        const s = record.summary;
        const row = el('tr');
        row.dataset.month = s.month;
        const month = el('td', 'memory-month', s.month);
        if (s.fingerprint !== now) {
          row.classList.add('other-settings');
          month.append(el('span', 'memory-mark', '设置不同'));
          month.title = '这个月是在与当前不同的设置下统计的，口径可能不一，分析时不会用到它。';
        }
        const files = el('td', 'memory-files', s.files.join('、'));
        files.title = s.files.join('\n');
        const remove = el('button', 'button small', '删除');
        remove.type = 'button';
        remove.setAttribute('aria-label', '删除 ' + s.month + ' 的汇总');
        remove.addEventListener('click', () => MemoryStore.remove(s.month).catch((e) => onError('删除失败：' + e)));
        const action = el('td');
        action.append(remove);
        const saved = el('td', 'memory-saved', when(record.savedAt).slice(0, 10));
        saved.title = '保存于 ' + when(record.savedAt);
        row.append(month, files, el('td', 'number', s.records.toLocaleString('zh-CN')), saved, action);
        table.tBodies[0].append(row);
      }
      root.append(table);
    } else {
      root.append(el('p', 'memory-empty', '目前没有记住任何月份。'));
    }
    const actions = el('div', 'settings-actions');
    const exportButton = el('button', 'button small', '导出');
    exportButton.type = 'button';
    exportButton.id = 'memory-export';
    exportButton.disabled = !list.length;
    exportButton.addEventListener('click', exportFile);
    const importLabel = el('label', 'button small', '导入');
    const input = el('input');
    input.type = 'file';
    input.id = 'memory-import';
    input.accept = '.json,application/json';
    input.hidden = true;
    input.addEventListener('change', async () => {
      const file = input.files[0];
      input.value = '';
      if (file) importFile(file);
    });
    importLabel.append(input);
    const clear = el('button', 'button small', '全部清除');
    clear.type = 'button';
    clear.id = 'memory-clear';
    clear.disabled = !list.length;
    clear.addEventListener('click', () => {
      if (confirm('清除本机记住的全部 ' + list.length + ' 个月的汇总？此操作不能撤销（可先“导出”保存）。')) {
        MemoryStore.clear().catch((e) => onError('清除失败：' + e));
      }
    });
    actions.append(exportButton, importLabel, clear);
    root.append(actions);
    const settingsNote = el('p', 'hint', '另：本页的设置保存在浏览器的本地存储中，可在“设置”中“恢复默认”清除。');
    root.append(settingsNote);
  }

  function exportFile() {
    download(new Blob([wasm_bindgen.writeMemoryFile(MemoryStore.list())], { type: 'application/json' }), '12345热线各月汇总.json');
  }

  // Three years of months take about a megabyte: a file far larger is something else, and is
  // refused before it is read into memory.
  const MAX_IMPORT_BYTES = 20 * 1048576;

  async function importFile(file) {
    if (file.size > MAX_IMPORT_BYTES) {
      onError('文件「' + file.name + '」无法导入：文件有 ' + (file.size / 1048576).toFixed(0) + ' MB，不像本工具导出的各月汇总（通常不到 2 MB）。');
      return;
    }
    let records;
    try {
      records = wasm_bindgen.readMemoryFile(await file.text());
    } catch (error) {
      onError('文件「' + file.name + '」无法导入：' + String((error && error.message) || error));
      return;
    }
    await MemoryStore.import(records).catch((e) => onError('导入失败：' + e));
  }

  return { mount, render };
})();

// The ticket explorer: a panel beside the report that lists the tickets behind a figure and
// narrows them by facets, days and words. It owns one piece of state, the view shown (the
// selection as the core writes it, and the order); the worker, which keeps the analysis's
// tickets, answers with the conditions in words, the facets' counts and pages of tickets.
// The list is virtual: only the rows in sight are drawn, pages fetched as they scroll in, so
// a million tickets scroll as smoothly as ten. The view is kept in the address's hash, so
// reload, back and forward restore it.
'use strict';

window.Explorer = (() => {
  const PAGE = 200;
  const ROW = 46; // px per listed ticket: one line of columns, two of content
  // Browsers cap an element's height (Chrome ~33.5M px): a longer list scrolls by proportion.
  const MAX_LIST_PX = 12e6;
  const COPY_ROWS = 500;
  const HASH = '#explore=';
  // The columns listed, each sortable by the core (`SortColumn`).
  const COLUMNS = [
    ['time', '受理时间'],
    ['id', '工单编号'],
    ['type', '类型'],
    ['region', '区县'],
    ['town', '镇街'],
    ['category', '分类'],
    ['content', '诉求内容'],
  ];
  const FIELD = { time: 'time', id: 'id', type: 'ticket_type', region: 'region', town: 'town', category: 'category', content: 'content' };
  let send = null;
  let panel = null;
  // What is shown: the selection, the order, and the figure's denominator when opened from one.
  let state = null;
  // Answers wanted, by question number; `generation` says which view they belong to.
  const pending = new Map();
  let asked = 0;
  let generation = 0;
  // The list of the view shown: its total, pages fetched (by page number) and being fetched.
  let list = null;
  // Whether the facets are unfolded: the analyst's last choice; at first, only where the
  // screen is tall enough to show the tickets below them.
  let facetsOpen = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, className, onClick) {
    const b = el('button', className || 'button small', label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  /** `post(message)` sends a question to the worker. */
  function mount(post) {
    send = post;
    panel = el('aside', 'explorer');
    panel.id = 'explorer';
    panel.hidden = true;
    panel.setAttribute('aria-label', '工单明细');
    document.body.append(panel);
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || panel.hidden) return;
      const detail = panel.querySelector('.explorer-detail');
      if (detail) detail.remove();
      else close();
    });
    window.addEventListener('popstate', () => fromHash());
  }

  /** Asks the worker; the promise settles with its answer. */
  function ask(message) {
    const qid = ++asked;
    return new Promise((resolve, reject) => {
      pending.set(qid, { resolve, reject });
      send({ ...message, qid });
    });
  }

  function settle(message, value) {
    const waiting = pending.get(message.qid);
    if (!waiting) return;
    pending.delete(message.qid);
    if (message.error) waiting.reject(message.error);
    else waiting.resolve(value);
  }

  /** The worker was replaced: its unanswered questions fail, saying why. */
  function workerRestarted() {
    for (const waiting of pending.values()) waiting.reject('后台计算已重新启动，工单明细需重新分析后才能查看。');
    pending.clear();
    const note = panel && panel.querySelector('.explorer-note');
    if (note && note.textContent) note.textContent = '';
  }

  /** The worker's answer to a query. */
  function answered(message) {
    settle(message, message.page);
  }

  /** The worker's answer to a ticket's detail. */
  function detailed(message) {
    settle(message, message.row);
  }

  function close() {
    panel.hidden = true;
    state = null;
    list = null;
    generation++;
    document.body.classList.remove('exploring');
    if (location.hash.startsWith(HASH)) history.replaceState(null, '', location.pathname + location.search);
  }

  /** Opens the tickets behind a figure's link (`{count, selection, of?}`). */
  function open(link) {
    // Another figure: nothing of the last one stays in view while its tickets are found.
    panel.replaceChildren();
    show({ selection: link.selection, sort: null, of: link.of || null }, true);
  }

  const sortText = (sort) => (sort ? sort.column + (sort.descending ? '.desc' : '') : '');

  function hashOf(view) {
    const sort = sortText(view.sort);
    return HASH + encodeURIComponent(JSON.stringify(view.selection)) + (sort ? '&sort=' + sort : '');
  }

  /** The view saved in the hash, if any (after an analysis, and on back/forward). */
  function fromHash() {
    if (!location.hash.startsWith(HASH)) {
      if (state) close();
      return;
    }
    try {
      const [selection, ...rest] = location.hash.slice(HASH.length).split('&');
      const sortPart = rest.find((p) => p.startsWith('sort='));
      let sort = null;
      if (sortPart) {
        const [column, order] = sortPart.slice(5).split('.');
        if (COLUMNS.some(([key]) => key === column)) sort = { column, descending: order === 'desc' };
      }
      show({ selection: JSON.parse(decodeURIComponent(selection)), sort, of: null }, false);
    } catch {
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  function show(next, remember) {
    state = next;
    const mine = ++generation;
    list = null;
    panel.hidden = false;
    document.body.classList.add('exploring');
    if (remember) history.pushState(null, '', hashOf(state));
    if (!panel.querySelector('.explorer-count')) panel.replaceChildren(header(), el('p', 'explorer-status', '正在查找工单…'));
    const view = state;
    ask({ type: 'query', selection: JSON.stringify(view.selection), sort: view.sort ? JSON.stringify(view.sort) : '', offset: 0, limit: PAGE, facets: true })
      .then((page) => {
        if (mine === generation) render(view, page);
      })
      .catch((error) => {
        if (mine === generation) panel.replaceChildren(header(), el('p', 'explorer-error', String(error)));
      });
  }

  /** Narrowed or widened by the analyst: the figure's denominator no longer applies. */
  function change(edit) {
    const selection = JSON.parse(JSON.stringify(state.selection));
    selection.filters = selection.filters || [];
    edit(selection);
    show({ selection, sort: state.sort, of: null }, true);
  }

  function sortBy(column) {
    const sort = state.sort && state.sort.column === column ? { column, descending: !state.sort.descending } : { column, descending: false };
    show({ ...state, sort }, true);
  }

  const sameFacet = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  /**
   * Checks or unchecks one value of a facet. The facet's filters become one, holding the
   * values the core reported selected (its own filters may have been several, or "any"),
   * with this one added or taken away; values of one facet are either-or.
   */
  function toggle(counts, value) {
    const facet = counts.facet;
    const selected = counts.values.filter((v) => v.selected).map((v) => v.value);
    const next = value.selected ? selected.filter((v) => v !== value.value) : [...selected, value.value];
    change((selection) => {
      selection.filters = selection.filters.filter((f) => !sameFacet(f.facet, facet));
      if (facet === 'month') {
        // One month is the selection's month; several are a filter.
        selection.month = next.length === 1 ? next[0] : undefined;
        if (next.length > 1) selection.filters.push({ facet, values: next });
      } else if (next.length) {
        selection.filters.push({ facet, values: next });
      }
    });
  }

  function search(text) {
    change((selection) => {
      selection.words = words(text.split(/\s+/));
    });
  }

  /** The analyst's search words, blank ones dropped (a blank word matches everywhere). */
  const words = (list) => (list || []).map((w) => String(w).trim()).filter(Boolean);

  function header() {
    const head = el('div', 'explorer-head');
    head.append(el('h2', null, '工单明细'), button('关闭', 'button small explorer-close', close));
    return head;
  }

  const n = (x) => Number(x).toLocaleString('zh-CN');

  function facetBox(facet) {
    const box = el('div', 'facet');
    box.append(el('h4', null, facet.label));
    for (const value of facet.values) {
      const b = button('', 'facet-value' + (value.selected ? ' selected' : ''), () => toggle(facet, value));
      b.setAttribute('aria-pressed', String(value.selected));
      b.append(el('span', 'facet-label', value.label), el('span', 'facet-count', n(value.count)));
      box.append(b);
    }
    if (facet.more) box.append(el('p', 'facet-more', '另有 ' + n(facet.more) + ' 项'));
    return box;
  }

  /** The intake days: from and to (either may be left open). */
  function dateBox() {
    const range = state.selection.dates || {};
    const box = el('form', 'explorer-dates');
    const from = el('input');
    const to = el('input');
    for (const [input, value, name] of [[from, range.from, 'from'], [to, range.to, 'to']]) {
      input.type = 'date';
      input.name = 'explorer-date-' + name;
      input.value = value || '';
    }
    const apply = el('button', 'button small', '按日期筛选');
    apply.type = 'submit';
    box.append(el('span', null, '受理日期'), from, el('span', null, '至'), to, apply);
    if (range.from || range.to) box.append(button('清除日期', 'button small', () => change((s) => delete s.dates)));
    box.addEventListener('submit', (event) => {
      event.preventDefault();
      change((selection) => {
        const dates = {};
        if (from.value) dates.from = from.value;
        if (to.value) dates.to = to.value;
        if (dates.from && dates.to && dates.from > dates.to) [dates.from, dates.to] = [dates.to, dates.from];
        if (dates.from || dates.to) selection.dates = dates;
        else delete selection.dates;
      });
    });
    return box;
  }

  /** `text` in `node`, with the analyst's search words marked. */
  function highlighted(node, text, words) {
    let rest = text;
    while (rest) {
      let first = -1;
      let word = '';
      for (const w of words) {
        const at = rest.indexOf(w);
        if (at >= 0 && (first < 0 || at < first)) [first, word] = [at, w];
      }
      if (first < 0) {
        node.append(rest);
        break;
      }
      node.append(rest.slice(0, first), el('mark', null, word));
      rest = rest.slice(first + word.length);
    }
    return node;
  }

  /** The whole view, from its first page (with the facets). */
  function render(view, page) {
    const searched = words(view.selection.words);
    const summary = el('p', 'explorer-count');
    summary.append(el('strong', null, n(page.total)), ' 宗工单');
    if (view.of) summary.append('（占 ', el('strong', null, n(view.of.count)), ' 宗中的这一部分）');
    const conditions = el('ul', 'explorer-conditions');
    for (const condition of page.conditions) conditions.append(el('li', null, condition));
    if (!page.conditions.length) conditions.append(el('li', null, '全部工单（未加条件）'));

    const form = el('form', 'explorer-search');
    const input = el('input');
    input.type = 'search';
    input.name = 'explorer-words';
    input.placeholder = '在诉求内容中查找（多个词用空格分开，须同时出现）';
    input.value = searched.join(' ');
    const go = el('button', 'button small', '查找');
    go.type = 'submit';
    form.append(input, go);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      search(input.value);
    });

    const actions = el('div', 'explorer-exports');
    for (const [format, label] of [['xlsx', '导出 Excel'], ['csv', '导出 CSV']]) {
      const b = button(label, 'button small', () => {
        status(actions, '正在导出（含原始文件的全部列）…');
        send({ type: 'export-tickets', format, selection: JSON.stringify(view.selection), sort: view.sort ? JSON.stringify(view.sort) : '' });
      });
      b.dataset.format = format;
      actions.append(b);
    }
    const copy = button('复制为表格', 'button small', () => copyTable(view, page.total, actions));
    copy.dataset.action = 'copy';
    actions.append(copy, el('span', 'explorer-note'));

    const facets = el('details', 'explorer-facets-box');
    if (facetsOpen === null) facetsOpen = window.innerHeight >= 1000;
    facets.open = facetsOpen;
    facets.addEventListener('toggle', () => (facetsOpen = facets.open));
    const selectedCount = page.facets.reduce((sum, f) => sum + f.values.filter((v) => v.selected).length, 0) + (view.selection.dates ? 1 : 0);
    facets.append(el('summary', null, '按条件筛选' + (selectedCount ? '（已选 ' + selectedCount + ' 项）' : '') + '：各项数字是选中该项后的工单数'));
    const boxes = el('div', 'explorer-facets');
    for (const facet of page.facets) if (facet.values.length) boxes.append(facetBox(facet));
    facets.append(dateBox(), boxes);

    list = { view, total: page.total, pages: new Map([[0, page.rows]]), fetching: new Set(), searched };
    const table = listView(view);
    panel.replaceChildren(header(), summary, conditions, form, actions, facets, table);
    draw();
  }

  function status(actions, text) {
    const note = actions.querySelector('.explorer-note');
    if (note) note.textContent = text;
  }

  /** The list's frame: a header of sortable columns over a scrolling area as tall as the list. */
  function listView(view) {
    const frame = el('div', 'explorer-list');
    const head = el('div', 'explorer-row explorer-list-head');
    for (const [column, title] of COLUMNS) {
      const sorted = view.sort && view.sort.column === column;
      const b = button(title + (sorted ? (view.sort.descending ? ' ▼' : ' ▲') : ''), 'explorer-sort' + (sorted ? ' sorted' : ''), () => sortBy(column));
      b.dataset.column = column;
      b.title = '按' + title + (sorted && !view.sort.descending ? '从大到小' : '从小到大') + '排列';
      head.append(b);
    }
    const scroller = el('div', 'explorer-scroll');
    scroller.tabIndex = 0;
    const spacer = el('div', 'explorer-spacer');
    spacer.style.height = Math.min(list.total * ROW, MAX_LIST_PX) + 'px';
    const rows = el('div', 'explorer-rows');
    spacer.append(rows);
    scroller.append(spacer);
    let queued = false;
    scroller.addEventListener('scroll', () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        draw();
      });
    });
    frame.append(head, scroller);
    if (!list.total) frame.append(el('p', 'explorer-status', '没有符合条件的工单。'));
    return frame;
  }

  /**
   * Which ticket is at the top of the scrolled area, and how far its row is scrolled past.
   * A list taller than the browser allows scrolls by proportion: at the bottom of the bar,
   * the last whole screenful of rows.
   */
  function firstInSight(scroller) {
    const height = Math.min(list.total * ROW, MAX_LIST_PX);
    if (height === list.total * ROW) return [Math.floor(scroller.scrollTop / ROW), scroller.scrollTop % ROW];
    const room = Math.max(1, height - scroller.clientHeight);
    const whole = Math.floor(scroller.clientHeight / ROW);
    return [Math.round((Math.min(scroller.scrollTop, room) / room) * Math.max(0, list.total - whole)), 0];
  }

  /** Draws the rows in sight, fetching the pages they are on. */
  function draw() {
    const scroller = panel.querySelector('.explorer-scroll');
    if (!list || !scroller) return;
    const rowsBox = scroller.querySelector('.explorer-rows');
    const visible = Math.ceil(scroller.clientHeight / ROW) + 1;
    const [first, shift] = firstInSight(scroller);
    const last = Math.min(list.total, first + visible);
    rowsBox.style.transform = `translateY(${scroller.scrollTop - shift}px)`;
    const drawn = [];
    for (let at = first; at < last; at++) {
      const page = list.pages.get(Math.floor(at / PAGE));
      const row = page && page[at % PAGE];
      drawn.push(row ? ticketRow(row, at) : placeholder(at));
      if (!page) fetchPage(Math.floor(at / PAGE));
    }
    rowsBox.replaceChildren(...drawn);
  }

  function fetchPage(number) {
    if (list.fetching.has(number)) return;
    list.fetching.add(number);
    const mine = list;
    const view = mine.view;
    ask({ type: 'query', selection: JSON.stringify(view.selection), sort: view.sort ? JSON.stringify(view.sort) : '', offset: number * PAGE, limit: PAGE, facets: false })
      .then((page) => {
        if (list !== mine) return;
        mine.pages.set(number, page.rows);
        draw();
      })
      .catch(() => mine.fetching.delete(number));
  }

  function placeholder(at) {
    const row = el('div', 'explorer-row pending');
    row.dataset.index = at;
    row.append(el('span', null, '…'));
    return row;
  }

  function ticketRow(ticket, at) {
    const row = el('div', 'explorer-row');
    row.dataset.index = at;
    row.dataset.ticket = ticket.row;
    row.title = '点击查看这宗工单的原始数据';
    for (const [column] of COLUMNS) {
      const text = ticket[FIELD[column]];
      const cell = el('span', 'cell-' + column);
      if (column === 'content') highlighted(cell, text, list.searched);
      else cell.textContent = text;
      row.append(cell);
    }
    row.addEventListener('click', () => showDetail(ticket));
    return row;
  }

  /** A ticket's original row: every column of its file, with the file and row number. */
  function showDetail(ticket) {
    const old = panel.querySelector('.explorer-detail');
    if (old) old.remove();
    const box = el('section', 'explorer-detail');
    box.setAttribute('aria-label', '工单原始数据');
    const head = el('div', 'explorer-head');
    head.append(el('h3', null, '工单 ' + ticket.id + ' 的原始数据'), button('返回列表', 'button small', () => box.remove()));
    box.append(head, el('p', 'explorer-status', '正在从原始文件读取…'));
    panel.append(box);
    const mine = generation;
    ask({ type: 'ticket-detail', ticket: ticket.row })
      .then((original) => {
        if (mine !== generation || !box.isConnected) return;
        const where = el('p', 'explorer-source');
        where.textContent = '来源：' + original.file + (original.sheet ? '（工作表“' + original.sheet + '”）' : '') + ' 第 ' + n(original.row) + ' 行';
        const table = el('table', 'explorer-original');
        for (const cell of original.cells) {
          const tr = el('tr');
          tr.append(el('th', null, cell.header));
          const td = el('td');
          highlighted(td, cell.value, list ? list.searched : []);
          tr.append(td);
          table.append(tr);
        }
        const copy = button('复制这一行', 'button small', () => {
          const html = '<table border="1">' + original.cells.map((c) => `<tr><th>${escapeHtml(c.header)}</th><td>${escapeHtml(c.value)}</td></tr>`).join('') + '</table>';
          const text = original.cells.map((c) => c.header + '\t' + c.value.replace(/[\t\r\n]+/g, ' ')).join('\n');
          writeClipboard(Promise.resolve({ html, text })).then(
            () => (copy.textContent = '已复制'),
            () => (copy.textContent = '复制失败'),
          );
        });
        box.querySelector('.explorer-status').replaceWith(where, table, copy);
      })
      .catch((error) => {
        if (!box.isConnected) return;
        const note = box.querySelector('.explorer-status');
        if (note) {
          note.className = 'explorer-error';
          note.textContent = String(error);
        }
      });
  }

  const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

  /**
   * Puts a table on the clipboard as HTML (Word and WPS paste a table) and as tab-separated
   * text (Excel). The content is asked for asynchronously, so the clipboard is handed a
   * promise while the click still counts as the analyst's.
   */
  function writeClipboard(contents) {
    if (navigator.clipboard && window.ClipboardItem) {
      const html = contents.then((c) => new Blob([c.html], { type: 'text/html' }));
      const text = contents.then((c) => new Blob([c.text], { type: 'text/plain' }));
      return navigator.clipboard.write([new ClipboardItem({ 'text/html': html, 'text/plain': text })]);
    }
    return contents.then((c) => {
      const copy = (event) => {
        event.clipboardData.setData('text/html', c.html);
        event.clipboardData.setData('text/plain', c.text);
        event.preventDefault();
      };
      document.addEventListener('copy', copy, { once: true });
      if (!document.execCommand('copy')) throw new Error('copy refused');
    });
  }

  /** The listed tickets (the first `COPY_ROWS`, in the order shown) as a table to paste. */
  function copyTable(view, total, actions) {
    const rows = ask({ type: 'query', selection: JSON.stringify(view.selection), sort: view.sort ? JSON.stringify(view.sort) : '', offset: 0, limit: COPY_ROWS, facets: false });
    const contents = rows.then((page) => {
      const titles = COLUMNS.map(([, title]) => title);
      const cells = (ticket) => COLUMNS.map(([column]) => String(ticket[FIELD[column]]));
      const html =
        '<table border="1" style="border-collapse:collapse"><tr>' + titles.map((t) => `<th>${escapeHtml(t)}</th>`).join('') + '</tr>' +
        page.rows.map((t) => '<tr>' + cells(t).map((c) => `<td>${escapeHtml(c)}</td>`).join('') + '</tr>').join('') + '</table>';
      const text = [titles, ...page.rows.map(cells)].map((r) => r.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
      return { html, text, count: page.rows.length };
    });
    writeClipboard(contents).then(
      () => contents.then(({ count }) =>
        status(actions, count < total ? `已复制前 ${n(count)} 宗（共 ${n(total)} 宗），可粘贴到 Word、WPS 或 Excel；全部工单请用导出。` : `已复制 ${n(count)} 宗，可粘贴到 Word、WPS 或 Excel。`)),
      () => status(actions, '浏览器不允许写入剪贴板；请改用导出。'),
    );
  }

  /** The selection's tickets as a file, downloaded. */
  function exported(message) {
    const actions = panel.querySelector('.explorer-exports');
    if (message.error) {
      if (actions) status(actions, '');
      panel.append(el('p', 'explorer-error', message.error));
      return;
    }
    if (actions) status(actions, '');
    const type = message.format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const url = URL.createObjectURL(new Blob([message.bytes], { type }));
    const a = el('a');
    a.href = url;
    a.download = '工单明细.' + message.format;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  return { mount, open, close, answered, detailed, exported, fromHash, workerRestarted };
})();

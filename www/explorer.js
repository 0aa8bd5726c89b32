// The ticket explorer: a panel beside the report that lists the tickets behind a figure and
// narrows them by facets and words. It owns one piece of state, the selection shown (data
// as the core writes it); the worker, which keeps the analysis's tickets, answers each
// selection with the conditions in words, the facets' counts and a page of tickets. The
// selection is kept in the address's hash, so reload, back and forward restore the view.
'use strict';

window.Explorer = (() => {
  const PAGE = 200;
  const HASH = '#explore=';
  let send = null;
  let panel = null;
  let asked = 0;
  // What is shown: the selection, and the figure's denominator when opened from one.
  let state = null;
  // Whether the facets are unfolded: the analyst's last choice; at first, only where the
  // screen is tall enough to show the tickets below them.
  let facetsOpen = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
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
      if (event.key === 'Escape' && !panel.hidden) close();
    });
    window.addEventListener('popstate', () => fromHash());
  }

  function close() {
    panel.hidden = true;
    state = null;
    document.body.classList.remove('exploring');
    if (location.hash.startsWith(HASH)) history.replaceState(null, '', location.pathname + location.search);
  }

  /** Opens the tickets behind a figure's link (`{count, selection, of?}`). */
  function open(link) {
    // Another figure: nothing of the last one stays in view while its tickets are found.
    panel.replaceChildren();
    show({ selection: link.selection, of: link.of || null }, true);
  }

  /** The view saved in the hash, if any (after an analysis, and on back/forward). */
  function fromHash() {
    if (!location.hash.startsWith(HASH)) {
      if (state) close();
      return;
    }
    try {
      show({ selection: JSON.parse(decodeURIComponent(location.hash.slice(HASH.length))), of: null }, false);
    } catch {
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  function show(next, remember) {
    state = next;
    asked += 1;
    panel.hidden = false;
    document.body.classList.add('exploring');
    if (remember) history.pushState(null, '', HASH + encodeURIComponent(JSON.stringify(state.selection)));
    if (!panel.querySelector('.explorer-count')) panel.replaceChildren(header(), el('p', 'explorer-status', '正在查找工单…'));
    send({ type: 'query', qid: asked, selection: JSON.stringify(state.selection), offset: 0, limit: PAGE });
  }

  /** Narrowed or widened by the analyst: the figure's denominator no longer applies. */
  function change(edit) {
    const selection = JSON.parse(JSON.stringify(state.selection));
    selection.filters = selection.filters || [];
    edit(selection);
    show({ selection, of: null }, true);
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
    const closeButton = el('button', 'button small explorer-close', '关闭');
    closeButton.type = 'button';
    closeButton.addEventListener('click', close);
    head.append(el('h2', null, '工单明细'), closeButton);
    return head;
  }

  const n = (x) => Number(x).toLocaleString('zh-CN');

  function facetBox(facet) {
    const box = el('div', 'facet');
    box.append(el('h4', null, facet.label));
    for (const value of facet.values) {
      const button = el('button', 'facet-value' + (value.selected ? ' selected' : ''));
      button.type = 'button';
      button.setAttribute('aria-pressed', String(value.selected));
      button.append(el('span', 'facet-label', value.label), el('span', 'facet-count', n(value.count)));
      button.addEventListener('click', () => toggle(facet, value));
      box.append(button);
    }
    if (facet.more) box.append(el('p', 'facet-more', '另有 ' + n(facet.more) + ' 项'));
    return box;
  }

  /** `text` with the analyst's search words marked. */
  function highlighted(text, words) {
    const cell = el('td');
    if (!words.length) {
      cell.textContent = text;
      return cell;
    }
    let rest = text;
    while (rest) {
      let first = -1;
      let word = '';
      for (const w of words) {
        const at = rest.indexOf(w);
        if (at >= 0 && (first < 0 || at < first)) [first, word] = [at, w];
      }
      if (first < 0) {
        cell.append(rest);
        break;
      }
      cell.append(rest.slice(0, first), el('mark', null, word));
      rest = rest.slice(first + word.length);
    }
    return cell;
  }

  /** The worker's answer to the last question (older answers are dropped). */
  function answered(message) {
    if (message.qid !== asked || !state) return;
    if (message.error) {
      panel.replaceChildren(header(), el('p', 'explorer-error', message.error));
      return;
    }
    const page = message.page;
    const searched = words(state.selection.words);
    const summary = el('p', 'explorer-count');
    summary.append(el('strong', null, n(page.total)), ' 宗工单');
    if (state.of) summary.append('（占 ', el('strong', null, n(state.of.count)), ' 宗中的这一部分）');
    const conditions = el('ul', 'explorer-conditions');
    for (const condition of page.conditions) conditions.append(el('li', null, condition));

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

    const exports = el('div', 'explorer-exports');
    for (const [format, label] of [['xlsx', '导出 Excel'], ['csv', '导出 CSV']]) {
      const button = el('button', 'button small', label);
      button.type = 'button';
      button.dataset.format = format;
      button.addEventListener('click', () => send({ type: 'export-tickets', format, selection: JSON.stringify(state.selection) }));
      exports.append(button);
    }
    const facets = el('details', 'explorer-facets-box');
    if (facetsOpen === null) facetsOpen = window.innerHeight >= 860;
    facets.open = facetsOpen;
    facets.addEventListener('toggle', () => (facetsOpen = facets.open));
    const selectedCount = page.facets.reduce((sum, f) => sum + f.values.filter((v) => v.selected).length, 0);
    facets.append(el('summary', null, '按条件筛选' + (selectedCount ? '（已选 ' + selectedCount + ' 项）' : '') + '：各项数字是选中该项后的工单数'));
    const boxes = el('div', 'explorer-facets');
    for (const facet of page.facets) if (facet.values.length) boxes.append(facetBox(facet));
    facets.append(boxes);

    const table = el('table', 'explorer-table');
    const head = el('tr');
    for (const title of ['受理时间', '工单编号', '类型', '区县', '镇街', '分类', '诉求内容']) head.append(el('th', null, title));
    table.append(el('thead'), el('tbody'));
    table.tHead.append(head);
    for (const row of page.rows) {
      const tr = el('tr');
      for (const value of [row.time, row.id, row.ticket_type, row.region, row.town, row.category]) tr.append(el('td', null, value));
      tr.append(highlighted(row.content, searched));
      table.tBodies[0].append(tr);
    }
    const shown = page.rows.length < page.total ? el('p', 'explorer-more', '列出前 ' + n(page.rows.length) + ' 宗。') : null;
    panel.replaceChildren(header(), summary, conditions, form, exports, facets, table, ...(shown ? [shown] : []));
  }

  /** The selection's tickets as a file, downloaded. */
  function exported(message) {
    if (message.error) {
      panel.append(el('p', 'explorer-error', message.error));
      return;
    }
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

  return { mount, open, close, answered, exported, fromHash };
})();

// The ticket explorer: a panel beside the report that lists the tickets behind a figure.
// It asks the worker (which keeps the analysis's tickets) and only renders what the core
// answers: the selection in words, how many tickets it holds, and a page of them.
'use strict';

window.Explorer = (() => {
  const PAGE = 200;
  let send = null;
  let panel = null;
  let asked = 0;
  // The figure being shown: its link (selection, count, denominator).
  let current = null;

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
  }

  function close() {
    panel.hidden = true;
    current = null;
    document.body.classList.remove('exploring');
  }

  /** Opens the tickets behind a figure's link (`{count, selection, of?, derived?}`). */
  function open(link) {
    current = link;
    asked += 1;
    panel.hidden = false;
    document.body.classList.add('exploring');
    panel.replaceChildren(header(), el('p', 'explorer-status', '正在查找工单…'));
    send({ type: 'query', qid: asked, selection: JSON.stringify(link.selection), offset: 0, limit: PAGE });
  }

  function header() {
    const head = el('div', 'explorer-head');
    const closeButton = el('button', 'button small explorer-close', '关闭');
    closeButton.type = 'button';
    closeButton.addEventListener('click', close);
    head.append(el('h2', null, '工单明细'), closeButton);
    return head;
  }

  const n = (x) => Number(x).toLocaleString('zh-CN');

  /** The worker's answer to the last question (older answers are dropped). */
  function answered(message) {
    if (message.qid !== asked || !current) return;
    if (message.error) {
      panel.replaceChildren(header(), el('p', 'explorer-error', message.error));
      return;
    }
    const page = message.page;
    const summary = el('p', 'explorer-count');
    summary.append(el('strong', null, n(page.total)), ' 宗工单');
    if (current.of) summary.append('（占 ', el('strong', null, n(current.of.count)), ' 宗中的这一部分）');
    const conditions = el('ul', 'explorer-conditions');
    for (const condition of page.conditions) conditions.append(el('li', null, condition));
    const table = el('table', 'explorer-table');
    const head = el('tr');
    for (const title of ['受理时间', '工单编号', '类型', '区县', '镇街', '分类', '诉求内容']) head.append(el('th', null, title));
    table.append(el('thead'), el('tbody'));
    table.tHead.append(head);
    for (const row of page.rows) {
      const tr = el('tr');
      for (const value of [row.time, row.id, row.ticket_type, row.region, row.town, row.category, row.content]) tr.append(el('td', null, value));
      table.tBodies[0].append(tr);
    }
    const shown = page.rows.length < page.total ? el('p', 'explorer-more', '列出前 ' + n(page.rows.length) + ' 宗。') : null;
    panel.replaceChildren(header(), summary, conditions, table, ...(shown ? [shown] : []));
    panel.scrollTop = 0;
  }

  return { mount, open, close, answered };
})();

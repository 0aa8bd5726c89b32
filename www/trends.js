// The trends view: the core's TrendsView (every chart built in the core, each point with
// the selection of its tickets) drawn with the same chart renderer as the letter. A point
// opens its tickets in the explorer; a month this machine only remembers has none, and the
// view says so instead.
'use strict';

window.Trends = (() => {
  const WIDTH = 760;
  const HEIGHT = 340;
  let ask = null;
  let root = null;
  let qid = 0;
  let view = null;
  // The dimension shown, by label (kept across analyses when it still exists).
  let chosen = '';

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function mount(element, send) {
    root = element;
    ask = send;
  }

  /** Asks the worker for the last analysis's trends (the view is drawn when they come). */
  function refresh() {
    view = null;
    root.replaceChildren(el('p', 'trends-note', '正在计算各月趋势…'));
    ask({ type: 'trends', qid: ++qid });
  }

  /** An analysis is running: its trends come with its result. */
  function waiting() {
    view = null;
    qid++;
    root.replaceChildren(el('p', 'trends-note', '正在分析，完成后显示各月趋势…'));
  }

  function answered(m) {
    if (m.qid !== qid) return;
    if (m.error) {
      root.replaceChildren(el('p', 'trends-error', m.error));
      return;
    }
    view = m.view;
    draw();
  }

  function draw() {
    const months = view.months;
    root.replaceChildren();
    const span = months.length > 1 ? months[0] + ' 至 ' + months[months.length - 1] + '，共' + months.length + '个统计月' : months[0] || '';
    root.append(el('h2', 'trends-title', '各月趋势（' + span + '）'));
    if (months.length < 2) {
      root.append(
        el(
          'p',
          'trends-note',
          '只有一个统计月的数据，看不出趋势。可一次拖入多个月的导出文件，或逐月分析：本机会记住每次分析的各月汇总数（见左侧“本机记住的月份”），供以后的月份比较。',
        ),
      );
      return;
    }
    if (view.remembered.length) {
      root.append(el('p', 'trends-note remembered', '其中 ' + view.remembered.join('、') + ' 是本机记住的汇总数，没有工单明细可查看。'));
    }
    const charts = [];
    if (view.rates) charts.push(view.rates);
    const picker = el('div', 'trends-picker');
    const select = el('select');
    select.id = 'trends-dimension';
    select.setAttribute('aria-label', '查看哪一类趋势');
    for (const d of view.dimensions) select.append(new Option(d.label + '（' + d.values + '项）', d.label));
    if (!view.dimensions.some((d) => d.label === chosen)) chosen = view.dimensions.length ? view.dimensions[0].label : '';
    select.value = chosen;
    select.addEventListener('change', () => {
      chosen = select.value;
      draw();
    });
    picker.append(el('label', null, '按'), select, el('span', 'hint', '点击图中的点或柱可查看对应工单'));
    const dimension = view.dimensions.find((d) => d.label === chosen);
    const figures = [];
    if (view.rates) figures.push(figure(view.rates));
    root.append(...figures, picker);
    if (dimension) {
      charts.push(dimension.line, dimension.bar);
      root.append(figure(dimension.line), figure(dimension.bar));
    }
    for (const chart of charts) Charts.draw(chart, WIDTH, HEIGHT, open);
  }

  const figure = (chart) => Charts.figure(chart, WIDTH, HEIGHT, 'trends-chart');

  /** A point's tickets (a rate's: those it counts); a remembered month has none to open. */
  function open(selection) {
    if (!view.remembered.includes(selection.month)) return Explorer.open({ selection });
    const note = root.querySelector('.trends-note.remembered');
    if (note) {
      note.classList.add('flash');
      setTimeout(() => note.classList.remove('flash'), 1200);
    }
  }

  return { mount, refresh, waiting, answered };
})();

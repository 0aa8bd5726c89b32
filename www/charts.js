// A chart spec of the core (the letter's and the trends view's alike) on the page: its
// figure with a caption, drawn by the core's renderer (charming → ECharts), each point
// opening the tickets of its selection.
'use strict';

window.Charts = (() => {
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  /** The empty figure a chart is drawn into (`draw`), with its caption. */
  function figure(chart, width, height, className) {
    const node = el('figure', 'doc-chart' + (className ? ' ' + className : ''));
    const canvas = el('div', 'chart-canvas');
    canvas.id = 'chart-' + chart.id;
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    node.append(canvas, el('figcaption', null, chart.caption));
    return node;
  }

  /**
   * Draws a chart into its figure (already in the page); a click on a point gives
   * `open(selection, value)`. A chart that cannot be drawn says why in its place.
   */
  function draw(chart, width, height, open) {
    const node = document.getElementById('chart-' + chart.id);
    try {
      wasm_bindgen.renderChart('chart-' + chart.id, chart, width, height);
    } catch (error) {
      node.replaceChildren(el('p', 'chart-error', String(error)));
      return;
    }
    const instance = echarts.getInstanceByDom(node);
    if (!instance) return;
    instance.on('click', (params) => {
      const series = chart.series[params.seriesIndex];
      const selection = series && series.selections && series.selections[params.dataIndex];
      if (selection) open(selection, series.values[params.dataIndex]);
    });
  }

  // A letter has about ten charts, and drawing them all held its first showing back by a
  // third of a second: the ones on screen (or nearly) are drawn at once, the others when
  // they come near it or the page is idle; exports and printing draw any still waiting.
  const waiting = new Map(); // canvas id → its drawing
  const NEAR = 400; // px above and below the screen counted as on it
  const observer = window.IntersectionObserver
    ? new IntersectionObserver((entries) => entries.forEach((e) => e.isIntersecting && drawWaiting(e.target.id)), { rootMargin: NEAR + 'px 0px' })
    : null;
  let idleScheduled = false;
  const whenIdle = window.requestIdleCallback || ((fn) => setTimeout(() => fn({ timeRemaining: () => 8 }), 50));

  function drawWaiting(id) {
    const drawing = waiting.get(id);
    if (!drawing) return;
    waiting.delete(id);
    if (observer) observer.unobserve(document.getElementById(id));
    drawing();
  }

  function drawSomeWhenIdle() {
    if (idleScheduled || !waiting.size) return;
    idleScheduled = true;
    whenIdle((deadline) => {
      idleScheduled = false;
      do drawWaiting(waiting.keys().next().value);
      while (waiting.size && deadline.timeRemaining() > 20);
      drawSomeWhenIdle();
    });
  }

  /** Draws the charts on screen now (their figures already in the page), the others later. */
  function drawWhenSeen(charts, width, height, open) {
    // Every position is read before any chart is drawn: a drawing changes the page, and
    // the next read would lay the whole letter out again.
    const placed = charts.map((chart) => {
      const node = document.getElementById('chart-' + chart.id);
      const box = node.getBoundingClientRect();
      return { chart, node, onScreen: !observer || (box.height > 0 && box.bottom > -NEAR && box.top < window.innerHeight + NEAR) };
    });
    for (const { chart, node, onScreen } of placed) {
      if (onScreen) {
        draw(chart, width, height, open);
      } else {
        waiting.set(node.id, () => draw(chart, width, height, open));
        observer.observe(node);
      }
    }
    drawSomeWhenIdle();
  }

  /** Draws every chart still waiting (before an export or printing reads them). */
  function drawAll() {
    for (const id of [...waiting.keys()]) drawWaiting(id);
  }

  /** Forgets the waiting charts of a report that is being replaced. */
  function forgetWaiting() {
    waiting.clear();
    if (observer) observer.disconnect();
  }

  window.addEventListener('beforeprint', drawAll);

  return { figure, draw, drawWhenSeen, drawAll, forgetWaiting };
})();

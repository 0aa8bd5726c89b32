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

  return { figure, draw };
})();

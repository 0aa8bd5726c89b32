// The ECharts the page vendors: only the charts and components the core's chart options
// use (src/report/charts.rs), bundled by esbuild from the npm package at build time. Half
// the size of the full build, and about 120 ms less to load on a 2-core machine (README,
// Decisions). A test (charts_use_only_what_the_page_bundles) fails when an option needs
// more than is listed here.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
window.echarts = echarts;

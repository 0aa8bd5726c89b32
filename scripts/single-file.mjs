// Builds dist/hotline-analyzer.html: one self-contained file that works opened straight
// from disk (file://), where external scripts, .wasm fetches and worker URLs are blocked.
// Styles, ECharts, the glue and the app are inlined; the wasm travels gzipped in base64; the
// worker (glue + worker.js) starts from a Blob URL.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';

const read = (path) => readFileSync(path, 'utf8');
// Inline script text must not close its own <script> element.
const safe = (js) => js.replace(/<\/script/gi, '<\\/script');

let html = read('index.html');
const glue = read('pkg/hotline_analyzer.js');
// Gzipped: a third of the bytes, and the page unzips it with the browser's own
// DecompressionStream while compiling (README "Decisions" has the measurement).
const wasm = gzipSync(readFileSync('pkg/hotline_analyzer_bg.wasm'), { level: constants.Z_BEST_COMPRESSION }).toString('base64');

html = html.replace(
  /<meta http-equiv="Content-Security-Policy" content="[^"]*">/,
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:; worker-src blob:; connect-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; font-src 'none'; base-uri 'none'; form-action 'none'">`,
);
html = html.replace('<link rel="stylesheet" href="www/style.css">', () => `<style>\n${read('www/style.css')}</style>`);
html = html.replace('<link rel="stylesheet" href="www/print.css" media="print">', () => `<style media="print">\n${read('www/print.css')}</style>`);
html = html.replace('<script src="www/vendor/echarts.min.js"></script>', () => `<script>${safe(read('www/vendor/echarts.min.js'))}</script>`);
// The core and the worker's code come first, for www/boot.js to start on them while the
// rest of the page is parsed.
html = html.replace(
  '<script src="www/boot.js"></script>',
  () =>
    `<script type="application/octet-stream" id="embedded-wasm">${wasm}</script>\n` +
    `<script type="text/plain" id="embedded-worker">${safe(glue + '\n' + read('www/worker.js'))}</script>\n` +
    `<script>${safe(read('www/boot.js'))}</script>`,
);
html = html.replace('<script src="pkg/hotline_analyzer.js"></script>', () => `<script>${safe(glue)}</script>`);
for (const script of ['www/settings-store.js', 'www/memory-store.js', 'www/settings.js', 'www/charts.js', 'www/explorer.js', 'www/trends.js', 'www/memory-panel.js', 'www/app.js']) {
  html = html.replace(`<script src="${script}"></script>`, () => `<script>${safe(read(script))}</script>`);
}

// What is left outside inlined code must reference nothing but in-page anchors.
const skeleton = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '');
for (const leftover of skeleton.matchAll(/(?:src|href)="(?!#|data:)[^"]+"/g)) {
  throw new Error(`single-file build still references ${leftover[0]}`);
}
mkdirSync('dist', { recursive: true });
writeFileSync('dist/hotline-analyzer.html', html);
console.log(`dist/hotline-analyzer.html (${(html.length / 1048576).toFixed(1)} MB)`);

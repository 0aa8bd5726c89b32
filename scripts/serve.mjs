// A minimal static server for the app on loopback only. Sends the same no-network
// Content-Security-Policy as the page, and application/wasm for the core.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository root (this file lives in scripts/); the command line may name another.
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const firstPort = Number(process.env.PORT || 8080);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
};
const csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' blob:; worker-src 'self' blob:; connect-src 'self'; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; base-uri 'none'; form-action 'none'";

const handler = (root) => async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    response.writeHead(403).end();
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    const headers = { 'Content-Type': types[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    // The benchmark's comparison page (bench/) runs third-party bundles that need an
    // inline import map; the app's own pages keep the no-network policy.
    if (!path.startsWith('/bench/')) headers['Content-Security-Policy'] = csp;
    response.writeHead(200, headers);
    response.end(body);
  } catch {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
  }
};

/** Serves `root` on 127.0.0.1, trying the next port while one is taken. */
export function serve(port = firstPort, root = repoRoot, tries = 20) {
  return new Promise((done, fail) => {
    const server = createServer(handler(root));
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE' && tries > 1) done(serve(port + 1, root, tries - 1));
      else fail(error);
    });
    server.listen(port, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${port}/` }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(firstPort, resolve(process.argv[2] || repoRoot));
  console.log(`应用地址 / app: ${url}`);
}

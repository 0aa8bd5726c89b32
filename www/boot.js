// The first script of the page: starts the worker before the rest of the page is parsed.
// The worker compiles the wasm core, sends the compiled module back (the page runs its own
// instance of it, and later workers start from it) and makes the sample the page opens on.
// app.js takes over the worker and the module (HotlineBoot); the rest is app.js's.
'use strict';

window.HotlineBoot = (() => {
  const embeddedWasm = document.getElementById('embedded-wasm');
  const embeddedWorker = document.getElementById('embedded-worker');

  /** Where the worker finds the core: the single-file build's embedded bytes (gzipped, in
   *  base64), or the served page's pkg/ file. */
  function coreSource() {
    if (!embeddedWasm) return { url: new URL('pkg/hotline_analyzer_bg.wasm', location.href).href };
    const base64 = embeddedWasm.textContent.trim();
    let bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(base64);
    } else {
      const text = atob(base64);
      bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    }
    return { gzipped: bytes };
  }

  /** A new worker on `core` (a compiled WebAssembly.Module, or a `coreSource()`);
   *  `prepareSample`: it makes the sample at once; `partFromPage`: the sample's first part
   *  will come from the page (a helper's). What it sends before the page listens is kept
   *  for the page (`takeOver`), and `early` sees it first. */
  function newWorker(core, { prepareSample = false, partFromPage = false } = {}, early = () => {}) {
    const worker = embeddedWorker
      ? new Worker(URL.createObjectURL(new Blob([embeddedWorker.textContent], { type: 'text/javascript' })))
      : new Worker('www/worker.js');
    const kept = [];
    worker.onmessage = (event) => {
      early(event.data);
      kept.push(['message', event]);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      early({ type: 'error', message: event.message });
      kept.push(['error', event]);
    };
    worker.postMessage({ type: 'init', core, prepareSample, partFromPage });
    worker.takeOver = (onMessage, onError) => {
      worker.onmessage = onMessage;
      worker.onerror = onError;
      for (const [kind, event] of kept.splice(0)) (kind === 'message' ? onMessage : onError)(event);
    };
    return worker;
  }

  /** The sample is two months: while the first worker makes the second, a helper started
   *  from the compiled core makes the first on the other core, and the page passes it on
   *  (the page opens on the sample, and making it was half the time to the report). */
  let helper = null;
  function helpWithSample(compiledModule) {
    let passed = false;
    // null: the first worker makes the part itself. Passed once, whatever happens.
    const pass = (bytes) => {
      if (passed) return;
      passed = true;
      firstWorker.postMessage({ type: 'sample-part', bytes }, bytes ? [bytes.buffer] : []);
      stopHelping();
    };
    try {
      helper = newWorker(compiledModule, {}, (message) => {
        if (message.type === 'sample-part') pass(message.bytes);
        else if (message.type === 'error') pass(null);
      });
      helper.postMessage({ type: 'make-sample-part', part: 0 });
    } catch (error) {
      console.error(error);
      pass(null);
    }
  }

  /** Ends the helper (done, or the first worker replaced before the sample was made). */
  function stopHelping() {
    if (helper) helper.terminate();
    helper = null;
  }

  let compiled;
  const module = new Promise((resolve, reject) => (compiled = { resolve, reject }));
  const firstWorker = newWorker(coreSource(), { prepareSample: true, partFromPage: true }, (message) => {
    if (message.type === 'compiled') {
      compiled.resolve(message.module);
      helpWithSample(message.module);
    } else if (message.type === 'error') compiled.reject(new Error(message.message));
  });
  return { module, firstWorker, newWorker, stopHelping };
})();

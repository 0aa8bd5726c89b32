// The page's one memory of earlier analyses: each analysed month's counts (the core's
// MonthSummary, never a ticket), kept in this browser's IndexedDB so that a later analysis
// of one month has a history. Nothing leaves the machine. The store keeps a mirror of what
// is saved, so the page can list it and hand it to an analysis at once; every change
// (keep, delete, clear, import) goes through here and is told to the subscribers.
'use strict';

window.MemoryStore = (() => {
  const DB_NAME = 'hotline-analyzer.memory';
  const STORE = 'months';

  let db = null;
  // [{savedAt, summary}], newest month first.
  let kept = [];
  // False when the browser refuses storage (some file:// or private windows): the memory
  // then lasts as long as the page, and the panel says so.
  let lasting = false;
  const listeners = new Set();

  const request = (req) =>
    new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'summary.month' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked'));
    });
  }

  function sorted(list) {
    return list.sort((a, b) => (a.summary.month < b.summary.month ? 1 : a.summary.month > b.summary.month ? -1 : 0));
  }

  /** Loads what is kept; never fails (without storage the memory lasts for the page). */
  async function open() {
    try {
      db = await openDb();
      kept = sorted(await request(db.transaction(STORE).objectStore(STORE).getAll()));
      lasting = true;
    } catch {
      db = null;
      lasting = false;
    }
  }

  /**
   * Writes `records` and removes `months` in one transaction (memory only without storage);
   * the mirror changes only once the browser has committed it, so a failed write (a full
   * disk aborts the transaction) leaves the list as saved, and the caller is told.
   */
  async function write(records, months, cause) {
    if (db) {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      for (const month of months) store.delete(month);
      for (const record of records) store.put(record);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error('存储空间不足或被浏览器拒绝'));
      });
    }
    const byMonth = new Map(kept.map((r) => [r.summary.month, r]));
    for (const month of months) byMonth.delete(month);
    for (const record of records) byMonth.set(record.summary.month, record);
    kept = sorted([...byMonth.values()]);
    for (const listener of listeners) listener(cause);
  }

  return {
    open,
    /** [{savedAt, summary}] newest month first; do not modify. */
    list: () => kept,
    /** The summaries an analysis borrows (the core sets aside other settings' ones). */
    summaries: () => kept.map((r) => r.summary),
    lasting: () => lasting,
    /**
     * Keeps an analysis's months. A month already kept under the same settings with more
     * records stays (a partial month in a later file must not replace the full one).
     */
    keep(summaries) {
      const now = new Date().toISOString();
      const records = summaries
        .filter((s) => {
          const old = kept.find((r) => r.summary.month === s.month);
          return !old || old.summary.fingerprint !== s.fingerprint || old.summary.records <= s.records;
        })
        .map((summary) => ({ savedAt: now, summary }));
      return records.length ? write(records, [], 'keep') : Promise.resolve();
    },
    remove: (month) => write([], [month], 'remove'),
    clear: () => write([], kept.map((r) => r.summary.month), 'clear'),
    /** Adds imported months (already checked by the core), replacing the same months. */
    import: (records) => write(records, [], 'import'),
    /** `listener(cause)`: 'keep' (an analysis), 'remove', 'clear' or 'import'. */
    subscribe: (listener) => listeners.add(listener),
  };
})();

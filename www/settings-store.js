// The page's one settings state. Every editor (the settings panel, the notices' assign
// controls, the column mapping, import and reset) writes through update(); everyone else
// reads get() when it needs the settings, and never keeps the object. Each change is
// normalised (checked and completed) by the core, saved in localStorage, and told to the
// subscribers. The object get() returns is frozen, so a stray edit fails instead of
// silently diverging from what is saved.
'use strict';

window.SettingsStore = (() => {
  const STORAGE_KEY = 'hotline-analyzer.settings.v1';

  let current = null;
  let normaliseJson = null;
  const listeners = new Set();

  function freeze(value) {
    if (value && typeof value === 'object') {
      for (const child of Object.values(value)) freeze(child);
      Object.freeze(value);
    }
    return value;
  }

  /** The settings completed by the core; throws its Chinese message if they are not usable. */
  function normalise(next) {
    const json = typeof next === 'string' ? next : JSON.stringify(next);
    return freeze(JSON.parse(normaliseJson(json)));
  }

  function loadStored() {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null; // storage disabled (some file:// setups): settings live for the session
    }
  }

  function save(settings) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
    } catch {
      /* see loadStored() */
    }
  }

  /**
   * Starts the store from the saved settings, or from `defaults` (JSON) when there are none.
   * `normalise(json) -> json` is the core's check. Returns a Chinese notice when the saved
   * settings could not be used and the defaults replaced them (and were saved), else null.
   */
  function open({ defaults, normalise: check }) {
    normaliseJson = check;
    current = normalise(defaults);
    const stored = loadStored();
    if (!stored) return null;
    try {
      current = normalise(stored);
      return null;
    } catch (error) {
      // Unusable saved settings must not break every run: the defaults replace them.
      save(current);
      return '上次保存在本机的设置无法使用，已改用默认设置。原因：' + error;
    }
  }

  /** The current settings (frozen; read them, do not keep them). */
  function get() {
    return current;
  }

  /**
   * Changes the settings. `change` is a function given an editable copy (it edits the copy,
   * or returns a replacement object), or the next settings themselves (an object or JSON text).
   * The result is normalised by the core, saved and told to the subscribers as
   * `listener(settings, { from, replaced })`: `from` names the editor ('panel', 'notice' …),
   * `replaced` says the settings were replaced whole (import, reset) rather than edited.
   * If the core refuses them, this throws the core's message and nothing changes.
   */
  function update(change, from) {
    let next = change;
    if (typeof change === 'function') {
      const draft = JSON.parse(JSON.stringify(current));
      const returned = change(draft);
      // Only an object replaces the draft: `(d) => d.list.push(x)` returns a number.
      next = returned && typeof returned === 'object' ? returned : draft;
    }
    current = normalise(next);
    save(current);
    const origin = { from: from || '', replaced: typeof change !== 'function' };
    for (const listener of [...listeners]) {
      try {
        listener(current, origin);
      } catch (error) {
        // One subscriber's fault must not look like the settings being refused.
        if (typeof reportError === 'function') reportError(error);
        else console.error(error);
      }
    }
    return current;
  }

  /** Calls `listener(settings, { from, replaced })` after every change; returns the unsubscribe. */
  function subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { open, get, update, subscribe, STORAGE_KEY };
})();

// Tandem: how every extension context other than the background talks to background.js.
//
// A classic script (content scripts cannot be modules), loaded by the content scripts and by the
// options and panel pages. It defines globalThis.TandemBridge:
//   api                      browser.* on Firefox, chrome.* on Chrome (both return promises in MV3)
//   send(type, payload)      -> Promise<data>; rejects with an Error carrying .code on failure
//   connect(name)            -> runtime.Port (the "suggest" stream)
//
// Background answers every message as {ok: true, data} or {ok: false, error: {code, message}},
// the server's own error shape, so one place turns failures into exceptions.
(() => {
  'use strict';
  if (globalThis.TandemBridge) return; // loaded by two content-script entries on loopback pages

  const api = globalThis.browser ?? globalThis.chrome;

  class BridgeError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }

  async function send(type, payload = {}) {
    let reply;
    try {
      reply = await api.runtime.sendMessage({ ...payload, type });
    } catch {
      // The extension was reloaded or updated under this page: its old content scripts are orphaned.
      throw new BridgeError('extension_unavailable', 'Tandem was updated or reloaded: reload this page.');
    }
    if (!reply) throw new BridgeError('no_answer', `Tandem's background did not answer "${type}".`);
    if (!reply.ok) throw new BridgeError(reply.error?.code || 'error', reply.error?.message || 'Something went wrong.');
    return reply.data;
  }

  function connect(name) {
    return api.runtime.connect({ name });
  }

  globalThis.TandemBridge = Object.freeze({ api, send, connect, BridgeError });
})();

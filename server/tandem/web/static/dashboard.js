// Tandem dashboard: what every dashboard page shares. A classic script loaded (deferred) before
// the page's own script; it defines window.TandemDashboard:
//   TOKEN                     the pairing token from <meta name="tandem-token">
//   api(method, path, body)   -> parsed JSON (null for 204); throws ApiFailure with the server's
//                                {"error": {"code", "message"}} message
//   request(method, path, {body, form})  -> the raw Response once it is ok (for streams)
//   el(tag, props, ...children)    an element; strings become text nodes, never HTML
//   svg(tag, attrs, ...children)   the same for SVG (createElementNS)
//   say(node, message, kind)       a result line: kind 'ok', 'error' or '' (role set in the HTML)
//   number(n)                 1,234
// Safety rule, as in inbox.js: data from the server reaches the page as text only.
'use strict';

(() => {
  const TOKEN = document.querySelector('meta[name="tandem-token"]')?.content || '';
  const SVG_NS = 'http://www.w3.org/2000/svg';

  class ApiFailure extends Error {
    constructor(message, code, status) { super(message); this.code = code; this.status = status; }
  }

  async function request(method, path, { body, form } = {}) {
    const headers = { Authorization: `Bearer ${TOKEN}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method, headers, cache: 'no-store',
        body: form !== undefined ? form : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiFailure('Cannot reach the Tandem server. Is `tandem serve` still running?', 'unreachable', 0);
    }
    if (!response.ok) {
      let data = null;
      try { data = await response.json(); } catch { data = null; }
      const message = data?.error?.message || `The server answered ${response.status}.`;
      throw new ApiFailure(message, data?.error?.code || 'http_error', response.status);
    }
    return response;
  }

  async function api(method, path, body) {
    const response = await request(method, path, { body });
    if (response.status === 204) return null;
    try { return await response.json(); } catch { return null; }
  }

  function build(node, props, children) {
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.setAttribute('class', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child)); // strings become text nodes
    }
    return node;
  }

  const el = (tag, props, ...children) => build(document.createElement(tag), props, children);
  const svg = (tag, props, ...children) => build(document.createElementNS(SVG_NS, tag), props, children);

  function say(node, message, kind = '') {
    node.textContent = message || '';
    node.dataset.kind = message ? kind : '';
  }

  const formatter = new Intl.NumberFormat('en');
  const number = (value) => formatter.format(Number(value) || 0);

  window.TandemDashboard = Object.freeze({ TOKEN, ApiFailure, api, request, el, svg, say, number });
})();

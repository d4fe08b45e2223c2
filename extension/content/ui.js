// Tandem: building blocks for the UI the content scripts put into pages (chips, cards, palette).
//
// A classic content script; defines globalThis.TandemUI:
//   el(tag, props, ...children)  create an element. Text goes in through textContent and text
//                                nodes only: page and model text is never parsed as HTML.
//   shadowHost(tag, attrs, css)  -> {host, root}: a host element with an open shadow root styled
//                                by `css`, so the site's CSS cannot break our UI and ours cannot
//                                leak into the site.
//   keepKeysInside(host)         key events typed in our UI stop at the host, so the site's
//                                hotkeys (YouTube's "k", X's "j") do not fire while the creator
//                                types in Tandem; outside our UI the site's keys keep working.
//   deepActiveElement()          the focused element, looking into open shadow roots
//   closestAcross(node, sel)     Element.closest that steps out of shadow roots
(() => {
  'use strict';
  if (globalThis.TandemUI) return;

  const PROPS = {
    class: (node, value) => { node.className = value; },
    text: (node, value) => { node.textContent = value; },
    attrs: (node, value) => { for (const [name, attr] of Object.entries(value)) if (attr !== null && attr !== undefined && attr !== false) node.setAttribute(name, attr === true ? '' : String(attr)); },
    on: (node, value) => { for (const [type, handler] of Object.entries(value)) node.addEventListener(type, handler); },
    dataset: (node, value) => { Object.assign(node.dataset, value); },
  };

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (PROPS[key]) PROPS[key](node, value);
      else node[key] = value; // plain properties: type, hidden, disabled, value, tabIndex ...
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function styleRoot(root, css) {
    // A constructed sheet; a <style> element where the browser refuses a sheet made in the
    // content script's world. (Measured in Chromium: both apply in a shadow root even under the
    // demo page's strict `style-src 'self'`, because content scripts bypass the page's CSP.)
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      root.append(el('style', { text: css }));
    }
  }

  function shadowHost(tag, attrs, css) {
    const host = el(tag, { attrs });
    const root = host.attachShadow({ mode: 'open' });
    styleRoot(root, css);
    return { host, root };
  }

  const KEY_EVENTS = ['keydown', 'keypress', 'keyup'];

  function keepKeysInside(host) {
    for (const type of KEY_EVENTS) host.addEventListener(type, (event) => event.stopPropagation());
  }

  function deepActiveElement() {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  function closestAcross(node, selector) {
    for (let current = node; current; current = current.getRootNode?.().host) {
      const found = current.closest?.(selector) ?? current.parentElement?.closest(selector);
      if (found) return found;
    }
    return null;
  }

  /** Shared look: system font, high-contrast focus ring, dark-mode aware. */
  const BASE_CSS = `
    :host { all: initial; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
      --tandem-accent: #0f766e; --tandem-line: #d0d7de; --tandem-bg: #fff; --tandem-muted: #57606a; --tandem-warn: #9a3412; }
    @media (prefers-color-scheme: dark) {
      :host { color: #e6edf3; --tandem-line: #3d444d; --tandem-bg: #161b22; --tandem-muted: #9198a1; --tandem-warn: #fdba74; }
    }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    button, select, input { font: inherit; color: inherit; }
    button { cursor: pointer; border: 1px solid var(--tandem-line); background: var(--tandem-bg); border-radius: 999px; padding: 2px 10px; }
    button:hover { border-color: var(--tandem-accent); }
    :focus-visible { outline: 3px solid #3b82f6; outline-offset: 2px; }
  `;

  globalThis.TandemUI = Object.freeze({ el, shadowHost, keepKeysInside, deepActiveElement, closestAcross, BASE_CSS });
})();

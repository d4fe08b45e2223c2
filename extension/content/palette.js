// Tandem: the quick-reply palette, opened by a keyboard command at the focused reply box.
//
// A classic content script; defines globalThis.TandemPalette:
//   open({anchor, variables, search, pick, onClose}) -> {close()}
//     anchor     the reply box the palette sits beside (for position only)
//     variables  {author, post_title, platform, creator} from the comment the box belongs to
//     search(q)  -> Promise<{items: [{id, title, text}], creator}> (background searches server-side)
//     pick(text) -> Promise<{ok, error?}>: insert the filled text (core.js does the inserting)
//   fill(text, variables) the same substitution as the server's snippets.fill
//
// Keys are handled only while the palette has focus: 1-9 insert that entry, arrows move, Enter
// inserts the highlighted one, Esc closes. Every key event stops at the palette, so the site's
// own shortcuts do not fire while the creator types here, and work as usual otherwise.
(() => {
  'use strict';
  if (globalThis.TandemPalette) return;

  const { el, shadowHost, keepKeysInside, BASE_CSS } = globalThis.TandemUI;
  const SEARCH_DELAY_MS = 120;
  const VARIABLE = /\{(author|post_title|platform|creator)\}/g;

  const CSS = `${BASE_CSS}
    :host { position: fixed; z-index: 2147483647; }
    .palette { width: min(28rem, 90vw); background: var(--tandem-bg); border: 1px solid var(--tandem-line); border-radius: 10px;
      box-shadow: 0 8px 28px rgba(0, 0, 0, .2); padding: 8px; }
    input { width: 100%; border: 1px solid var(--tandem-line); border-radius: 6px; padding: 6px 8px; background: var(--tandem-bg); }
    ol { list-style: none; margin: 6px 0 0; padding: 0; max-height: 18rem; overflow: auto; }
    li { display: grid; grid-template-columns: 1.5em 1fr; gap: 2px 6px; padding: 4px 6px; border-radius: 6px; cursor: pointer; }
    li[aria-selected="true"] { background: color-mix(in srgb, var(--tandem-accent) 15%, transparent); }
    .key { grid-row: span 2; font-weight: 700; color: var(--tandem-accent); }
    .title { font-weight: 600; }
    .preview { color: var(--tandem-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .message { color: var(--tandem-muted); margin: 6px 2px 0; }
    .message[data-error] { color: #b91c1c; }
    .hint { color: var(--tandem-muted); font-size: 11px; margin: 6px 2px 0; }
  `;

  /** Same rules as server/tandem/snippets.py fill(): unknown values become empty, tidily. */
  function fill(text, variables) {
    return text.replace(VARIABLE, (_, name) => variables[name] || '')
      .replace(/[ \t]{2,}/g, ' ').replaceAll(' ,', ',').replaceAll(' !', '!').trim();
  }

  let current = null; // one palette at a time

  function place(host, anchor) {
    const rect = anchor?.getBoundingClientRect?.();
    const top = rect ? Math.min(rect.bottom + 6, window.innerHeight - 320) : 80;
    const left = rect ? Math.max(8, Math.min(rect.left, window.innerWidth - 460)) : 80;
    host.style.top = `${Math.max(8, top)}px`; // CSSOM, not a style attribute: no CSP involved
    host.style.left = `${left}px`;
  }

  function open({ anchor, variables, search, pick, onClose }) {
    current?.close();
    const { host, root } = shadowHost('span', { 'data-tandem-palette': '' }, CSS);
    keepKeysInside(host);
    const input = el('input', { type: 'search', placeholder: 'Search your quick replies…',
      attrs: { 'aria-label': 'Search your quick replies', role: 'combobox', 'aria-controls': 'tandem-options', 'aria-expanded': 'true', autocomplete: 'off' } });
    const list = el('ol', { id: 'tandem-options', attrs: { role: 'listbox', 'aria-label': 'Quick replies' } });
    const message = el('p', { class: 'message', attrs: { role: 'status' } });
    const box = el('div', { class: 'palette', attrs: { role: 'dialog', 'aria-label': 'Quick replies' } },
      input, list, message, el('p', { class: 'hint', text: '1–9 insert · ↑ ↓ Enter · Esc closes' }));
    root.append(box);

    let items = [];
    let active = 0;
    let creator = '';
    let timer = null;
    let sequence = 0;
    let closed = false;

    function show(text, isError = false) {
      message.textContent = text;
      message.toggleAttribute('data-error', isError);
      message.hidden = !text;
    }

    function highlight(index) {
      active = Math.max(0, Math.min(index, items.length - 1));
      [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
      const li = list.children[active];
      if (li) input.setAttribute('aria-activedescendant', li.id);
      li?.scrollIntoView?.({ block: 'nearest' });
    }

    function filled(item) {
      return fill(item.text, { ...variables, creator: variables.creator || creator });
    }

    function renderItems() {
      list.replaceChildren(...items.map((item, index) => el('li', {
        id: `tandem-option-${index}`, attrs: { role: 'option', 'aria-selected': 'false' },
        on: { mousedown: (event) => event.preventDefault(), click: () => choose(index) },
      }, el('span', { class: 'key', text: String(index + 1) }), el('span', { class: 'title', text: item.title }),
      el('span', { class: 'preview', text: filled(item) }))));
      show(items.length ? '' : 'No quick replies match. Add some in Tandem\'s dashboard.');
      highlight(0);
    }

    async function runSearch() {
      const mine = ++sequence;
      try {
        const result = await search(input.value);
        if (mine !== sequence || closed) return; // a newer search is on its way
        items = result.items || [];
        creator = result.creator || '';
        renderItems();
      } catch (error) {
        if (mine === sequence && !closed) show(error.message, true);
      }
    }

    async function choose(index) {
      const item = items[index];
      if (!item) return;
      const result = await pick(filled(item));
      if (result?.ok) close(true);
      else show(result?.error || 'Tandem could not insert that reply.', true);
    }

    const KEYS = {
      Escape: () => close(false),
      ArrowDown: () => highlight(active + 1),
      ArrowUp: () => highlight(active - 1),
      Enter: () => choose(active),
    };

    box.addEventListener('keydown', (event) => {
      if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      const digit = /^[1-9]$/.test(event.key) ? Number(event.key) - 1 : null;
      const action = digit !== null ? () => choose(digit) : KEYS[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(runSearch, SEARCH_DELAY_MS);
    });
    host.addEventListener('focusout', () => {
      // Focus left the palette (a click elsewhere, Tab away): it is done. Checked after the
      // event, when the shadow root knows whether focus merely moved inside it.
      setTimeout(() => { if (!closed && !root.activeElement) close(false); }, 0);
    });

    function close(inserted) {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      host.remove();
      if (current?.host === host) current = null;
      onClose?.(inserted);
    }

    document.documentElement.append(host);
    place(host, anchor);
    input.focus();
    runSearch();
    current = { host, close: () => close(false) };
    return current;
  }

  globalThis.TandemPalette = Object.freeze({ open, fill });
})();

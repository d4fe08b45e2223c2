// Tandem: what is on the page. Finds comments with the site's adapter, keys them by stable id,
// keeps a chip beside each, and follows the page as it changes.
//
// A classic content script; defines globalThis.TandemPage:
//   start(adapter, hooks)  scan once, then watch. hooks: newState(comment), createView(state),
//                          onPosted(state, text), onChange(), adapterFor(url) (SPA navigation),
//                          decorate(el, state) (each time the comment's element is read: marks
//                          Tandem puts on the site's own nodes, such as a blur, survive re-renders)
//   adapter()              the adapter in use (null once navigated somewhere it does not cover)
//   get(id) / render(id)   the comment's state / redraw its chip
//   elementFor(id)         the comment's element now, re-read to check the page did not recycle it
//   commentAt(node)        id of the comment containing node (or whose reply box does)
//   focusedComment()       id of the comment under focus, else under the pointer, else null
//   firstVisible()         id of the first comment in the viewport
//   markedElements()       the marked comment elements, in page order
//   viewFor(id)            the chip view on the page for that comment, if any
//
// - One MutationObserver, debounced. It only looks at what was added: new subtrees are scanned
//   for comments, and a change inside a known comment re-reads that comment. The whole page is
//   scanned once at start and once per SPA navigation, never per mutation.
// - `comments` (id -> state) is the source of truth, never a DOM node: sites recycle nodes (X
//   virtualises its timeline), so elements are found again by their data-tandem-id marker.
(() => {
  'use strict';
  if (globalThis.TandemPage) return;

  const { closestAcross, deepActiveElement } = globalThis.TandemUI;
  const MARK = 'data-tandem-id';
  const OURS = '[data-tandem-chip-for], [data-tandem-palette]';
  const DEBOUNCE_MS = 150;

  let adapter = null;
  let hooks = null;
  const comments = new Map(); // id -> state
  const views = new Map(); // id -> the chip view last put on the page for it
  let pointer = null; // WeakRef to the element last under the mouse (for keyboard commands)

  // ---------------------------------------------------------------- comments and chips

  function render(id) {
    const state = comments.get(id);
    const view = views.get(id);
    if (state && view?.host.isConnected) view.render(state);
    hooks.onChange();
  }

  function elementFor(id) {
    const el = document.querySelector(`[${MARK}="${CSS.escape(id)}"]`);
    if (!el) return null;
    if (adapter.readComment(el)?.id === id) return el;
    process(el); // recycled for another comment: re-mark it
    return null;
  }

  function process(el) {
    const comment = adapter.readComment(el);
    if (!comment?.id) return;
    let state = comments.get(comment.id);
    if (state) state.comment = comment;
    else comments.set(comment.id, (state = hooks.newState(comment)));
    if (el.getAttribute(MARK) !== comment.id) el.setAttribute(MARK, comment.id);
    // A reply that was already there when Tandem first saw the comment is not news; a different
    // one appearing later is the creator posting (again).
    const posted = adapter.postedReplyText?.(el);
    if (posted && posted !== state.postedText) {
      state.postedText = posted;
      hooks.onPosted(state, posted);
    }
    attachChip(el, state);
    hooks.decorate?.(el, state);
  }

  function attachChip(el, state) {
    const anchor = adapter.chipAnchor(el);
    if (!anchor) return;
    const existing = anchor.querySelector(':scope > [data-tandem-chip-for]');
    const view = views.get(state.id);
    if (existing && existing === view?.host) {
      view.render(state);
      return;
    }
    existing?.remove(); // a chip left over from the comment this node showed before
    const fresh = hooks.createView(state);
    views.set(state.id, fresh);
    anchor.append(fresh.host);
    hooks.onChange();
  }

  function scan(root) {
    for (const el of adapter.findComments(root)) process(el);
  }

  // ---------------------------------------------------------------- one observer, debounced

  const added = new Set();
  const touched = new Set();
  let flushTimer = 0;
  let lastUrl = location.href;

  function onMutations(records) {
    for (const record of records) {
      let relevant = false;
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && node.matches(OURS)) continue; // our own chips
        relevant = true;
        if (node.nodeType === Node.ELEMENT_NODE) added.add(node);
      }
      if (relevant) touched.add(record.target);
    }
    if ((added.size || touched.size) && !flushTimer) flushTimer = setTimeout(flush, DEBOUNCE_MS);
  }

  function flush() {
    flushTimer = 0;
    const nodes = [...added];
    const targets = [...touched];
    added.clear();
    touched.clear();
    if (location.href !== lastUrl) return navigated(); // a full scan replaces this batch
    if (!adapter) return;
    for (const node of nodes) if (node.isConnected) scan(node);
    // A change inside a known comment (a reply posted, the node recycled): re-read that comment.
    const owners = new Set();
    for (const target of targets) {
      const owner = target.isConnected && target.closest?.(`[${MARK}]`);
      if (owner) owners.add(owner);
    }
    for (const owner of owners) process(owner);
  }

  function navigated() {
    lastUrl = location.href;
    // The full scan below covers whatever the SPA has added so far: a pending flush would read
    // those comments a second time.
    clearTimeout(flushTimer);
    flushTimer = 0;
    added.clear();
    touched.clear();
    const next = hooks.adapterFor(lastUrl);
    if (next !== adapter) {
      for (const view of views.values()) view.host.remove();
      views.clear();
      adapter = next;
    }
    if (adapter) scan(document.body);
    hooks.onChange();
  }

  function checkUrl() {
    if (location.href !== lastUrl) {
      setTimeout(() => { if (location.href !== lastUrl) navigated(); }, DEBOUNCE_MS); // let the SPA render first
    }
  }

  function start(chosen, pageHooks) {
    adapter = chosen;
    hooks = pageHooks;
    scan(document.body);
    new MutationObserver(onMutations).observe(document.body, { childList: true, subtree: true });
    // SPA navigation: content scripts cannot see the page's history.pushState calls, but the
    // Navigation API (Chromium) reports them; popstate covers back/forward elsewhere, and flush()
    // compares the URL on every batch as the last resort.
    globalThis.navigation?.addEventListener?.('currententrychange', checkUrl);
    window.addEventListener('popstate', checkUrl);
    document.addEventListener('pointerover', (event) => { pointer = new WeakRef(event.target); }, { capture: true, passive: true });
  }

  // ---------------------------------------------------------------- where is the creator?

  function markedElements() {
    return [...document.querySelectorAll(`[${MARK}]`)];
  }

  /** The comment containing node, or whose reply box holds it (sites that put the box apart). */
  function commentAt(node) {
    if (!node || !adapter) return null;
    const el = closestAcross(node, `[${MARK}]`);
    if (el) return el.getAttribute(MARK);
    const owner = markedElements().find((candidate) => adapter.findReplyBox(candidate)?.contains(node));
    return owner ? owner.getAttribute(MARK) : null;
  }

  function focusedComment() {
    return commentAt(deepActiveElement()) || commentAt(pointer?.deref());
  }

  function firstVisible() {
    const el = markedElements().find((candidate) => {
      const rect = candidate.getBoundingClientRect();
      return rect.bottom > 0 && rect.top < window.innerHeight;
    });
    return el ? el.getAttribute(MARK) : null;
  }

  globalThis.TandemPage = Object.freeze({
    start,
    adapter: () => adapter,
    get: (id) => comments.get(id),
    render,
    elementFor,
    commentAt,
    focusedComment,
    firstVisible,
    markedElements,
    viewFor: (id) => views.get(id),
    idOf: (el) => el.getAttribute(MARK),
  });
})();

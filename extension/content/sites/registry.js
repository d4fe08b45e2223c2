// Tandem: the registry of site adapters, and small helpers adapters share.
//
// A classic content script, loaded before every adapter. It defines globalThis.TandemSites:
//   register(adapter)            each sites/<site>.js calls this once
//   forUrl(url)                  -> the first adapter whose matches(url) is true, or null
//   query(root, selectors, what) -> the first element matching any selector (selectors as data,
//                                   with fallbacks; a miss is logged once per `what`)
//   queryAll(root, selectors)    -> the elements of the first selector that matches any, plus root
//                                   itself when it matches (so adapters can scan added subtrees)
//   waitFor(find, timeoutMs)     -> Promise of find()'s first truthy result, or null on timeout
//
// An adapter is a plain object:
//   name                string, for logs
//   platform            one of the server's PLATFORMS ("youtube", "x", ..., "demo")
//   matches(url)        -> bool
//   findComments(root)  -> Element[]: comments at or inside root (root may be any added subtree)
//   readComment(el)     -> {id, author, text, url, post_title, context: string[]} | null
//                          id must be stable across re-renders (status id, thingid, lc=...)
//   openReplyBox(el)    -> Promise<Element|null>: open the comment's reply box (click "Reply")
//   findReplyBox(el)    -> Element|null: the open reply box, or null (never opens anything)
//   chipAnchor(el)      -> Element: Tandem's chip is appended as this element's last child
//   postedReplyText?(el)-> string|null: the creator's latest posted reply to this comment, if shown
//   textElement?(el)    -> Element|null: the element holding the comment's own text (what Tandem
//                          blurs when the inbox found the comment toxic)
// Adapters read the page; they never click anything that posts, and never hold DOM nodes
// between calls (the page may recycle them).
(() => {
  'use strict';
  if (globalThis.TandemSites) return;

  const adapters = [];
  const missed = new Set();
  const REQUIRED = ['name', 'platform', 'matches', 'findComments', 'readComment', 'openReplyBox', 'findReplyBox', 'chipAnchor'];

  function register(adapter) {
    const missing = REQUIRED.filter((key) => !(key in adapter));
    if (missing.length) {
      console.warn(`Tandem: adapter ${adapter.name || '?'} lacks ${missing.join(', ')}; ignored.`);
      return;
    }
    adapters.push(Object.freeze(adapter));
  }

  function forUrl(url) {
    for (const adapter of adapters) {
      try {
        if (adapter.matches(url)) return adapter;
      } catch (error) {
        console.warn(`Tandem: ${adapter.name}.matches failed`, error);
      }
    }
    return null;
  }

  function query(root, selectors, what) {
    for (const selector of selectors) {
      const found = root.querySelector(selector);
      if (found) return found;
    }
    if (what && !missed.has(what)) {
      missed.add(what); // once: a page with 500 comments must not log 500 times
      console.info(`Tandem: no ${what} found (tried ${selectors.join(' | ')}); the site may have changed.`);
    }
    return null;
  }

  function queryAll(root, selectors) {
    for (const selector of selectors) {
      const found = [...root.querySelectorAll(selector)];
      if (root instanceof Element && root.matches(selector)) found.unshift(root);
      if (found.length) return found;
    }
    return [];
  }

  /** Polls every 30 ms until find() returns something. */
  function waitFor(find, timeoutMs = 3000) {
    const deadline = performance.now() + timeoutMs;
    return new Promise((resolve) => {
      const check = () => {
        let found = null;
        try {
          found = find();
        } catch {
          found = null;
        }
        if (found) resolve(found);
        else if (performance.now() > deadline) resolve(null);
        else setTimeout(check, 30);
      };
      check();
    });
  }

  globalThis.TandemSites = Object.freeze({ register, forUrl, query, queryAll, waitFor });
})();

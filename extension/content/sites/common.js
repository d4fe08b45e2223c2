// Tandem: what the seven site adapters share, so each sites/<site>.js is mostly data.
//
// A classic content script, loaded after registry.js and before the site files. It defines
// globalThis.TandemSiteKit:
//   define(spec)             build an adapter from a declarative spec and register it (below)
//   plainText(el)            an element's text as a reader sees it: emoji <img>s become their alt
//                            text, <br> and blocks become newlines, buttons ("Read more") and
//                            Tandem's own chips are skipped. Never HTML.
//   pick(root, site, role, selectors, {quiet})
//                            the first element matching any selector, tried in order; falling
//                            back to a later selector or missing them all is logged once per
//                            site and role (console.debug), so a site redesign shows up in the
//                            console without flooding it on a page of 2,000 comments
//   param(href, name)        a query parameter of a (relative) URL, or ''
//   absolute(href)           href resolved against the page, or ''
//   hashKey(...parts)        a short stable key for comments a site gives no id (FNV-1a)
//
// define(spec): every spec names `name`, `platform`, `hosts`, optional `paths` (RegExps on the
// pathname), `selectors` (role -> ordered fallback list) and `id(el, kit)`. Everything else has
// a default that reads `selectors` and may be overridden by `read(kit) -> {author, authorKey,
// text, url, postTitle, creatorKey, parent, thread, replyScope, context, replies, replyBox,
// replyButton, boxBelongs}` (see DEFAULTS below; kit.read is the merged set, kit.defaults the
// defaults, kit.own(el, role, scope) a comment's own element for a role). The roles:
//   comment            which elements are comments (required role)
//   author, text       the comment's own parts; "own" means not inside a nested reply (owner())
//   permalink          a link whose href is the comment's URL
//   replyButton        the site's "Reply" control (clicking it opens a box; it never posts)
//   replyBox           the open reply box, searched inside replyScope(el)
//   chipAnchor         where Tandem's chip goes (defaults to the comment element)
//   postTitle          the post or video title for the whole page
//   postAuthor         the post's author: their own comments get no chip, and their reply under
//                      a comment is the "posted reply" Tandem reports
//   creatorBadge       a site marker on the creator's own comments (YouTube's owner badge)
//   exclude            containers whose comments are not comments (X's reply modal preview)
// `replyByWords: true`: the Reply control is recognised by its words among the replyButton
// candidates (sites that give it no attribute of its own).
// Shared reply boxes (Instagram, TikTok: one composer per post, switched to "reply" by a comment's
// Reply button) set `sharedBox: true`. findReplyBox(el) returns the composer only for the comment
// it answers: as `read.boxBelongs(box, el)` tells from the box itself where the site shows it
// (Instagram's "@author " prefix), else the comment Tandem last opened it for (kept by id).
(() => {
  'use strict';
  if (globalThis.TandemSiteKit) return;

  // queryAll(root, selectors): every element under root (and root itself) matching the first
  // selector that matches any; waitFor(find, ms): find()'s first truthy result, or null.
  const { register, queryAll: pickAll, waitFor } = globalThis.TandemSites;

  // The site's reply box appears after a network round trip on a slow day; after this the
  // caller says "could not open the reply box" instead of hanging.
  const OPEN_TIMEOUT_MS = 3000;
  const CONTEXT_DEPTH = 5;
  // Instagram and Facebook give their "Reply" control no stable attribute: it is found by its
  // words, in the interface languages below; in any other the miss is logged and the creator
  // opens the box with the site's own button (Tandem then finds it open).
  const REPLY_WORDS = new Set(['reply', 'responder', 'répondre', 'antworten', 'rispondi', 'balas', 'beantwoorden',
    'odpowiedz', 'svara', 'ответить', 'yanıtla', 'trả lời', '回复', '回覆', '返信する', '返信', '답글 달기', 'जवाब दें']);
  const TITLE_CAP = 200;

  // ---------------------------------------------------------------- selectors as data

  const logged = new Set();

  function logOnce(key, message) {
    if (logged.has(key)) return;
    logged.add(key);
    console.debug(`Tandem: ${message}`);
  }

  function pick(root, site, role, selectors, { quiet = false } = {}) {
    if (!root || !selectors) return null;
    for (let i = 0; i < selectors.length; i += 1) {
      const found = root.querySelector(selectors[i]);
      if (!found) continue;
      if (i > 0) logOnce(`${site}:${role}:fallback`, `${site} ${role}: "${selectors[0]}" found nothing, fell back to "${selectors[i]}" (the site may have changed).`);
      return found;
    }
    if (!quiet) logOnce(`${site}:${role}:miss`, `${site} ${role}: nothing matched ${selectors.join(' | ')} (the site may have changed).`);
    return null;
  }

  // ---------------------------------------------------------------- text

  const BLOCK = /^(P|DIV|LI|UL|OL|BLOCKQUOTE|PRE|H[1-6]|TR|SECTION|ARTICLE)$/;
  // Not the comment's words: "Read more"/"See more" toggles, hidden copies, our own chip.
  const SKIP = 'script, style, template, button, [role="button"], [aria-hidden="true"], [hidden], [data-tandem-chip-for]';

  function plainText(el) {
    if (!el) return '';
    const parts = [];
    const walk = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) {
          parts.push(child.data);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const tag = child.tagName;
          if (tag === 'BR') parts.push('\n');
          else if (tag === 'IMG') parts.push(child.getAttribute('alt') || '');
          else if (!child.matches(SKIP)) {
            const block = BLOCK.test(tag);
            if (block) parts.push('\n');
            walk(child);
            if (block) parts.push('\n');
          }
        }
      }
    };
    walk(el);
    return parts.join('')
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  // ---------------------------------------------------------------- URLs and keys

  // URL parsing costs ~5 µs; reading 2,000 comments calls these several times each, so the
  // common shapes (a site-relative path, a query parameter) take a string fast path.
  function absolute(href) {
    if (!href) return '';
    if (href[0] === '/' && href[1] !== '/') return location.origin + href;
    try {
      return new URL(href, location.href).href;
    } catch {
      return '';
    }
  }

  function param(href, name) {
    if (!href) return '';
    const query = href.indexOf('?');
    if (query < 0) return '';
    const end = href.indexOf('#', query);
    for (const pair of href.slice(query + 1, end < 0 ? undefined : end).split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq) === name) {
        try {
          return decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
        } catch {
          return '';
        }
      }
    }
    return '';
  }

  /** FNV-1a over the parts: the same comment text by the same author gets the same key. */
  function hashKey(...parts) {
    let hash = 0x811c9dc5;
    const text = parts.join('\u0000');
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0).toString(16).padStart(8, '0');
  }

  /** "/@Alice/", "https://x.com/alice", "Alice Smith" -> a lower-case key to compare authors. */
  function keyOf(value) {
    let text = (value || '').trim();
    if (text[0] === '/' && text[1] !== '/') {
      text = text.split(/[/?#]/)[1] || '';
    } else if (/^(https?:)?\/\//.test(text)) {
      try {
        text = new URL(text, location.href).pathname.split('/').filter(Boolean)[0] || '';
      } catch {
        text = '';
      }
    }
    return text.replace(/^@/, '').toLowerCase();
  }

  // ---------------------------------------------------------------- the adapter factory

  function define(spec) {
    const site = spec.name;
    const sel = spec.selectors;
    const commentSelector = sel.comment.join(', ');
    const excludeSelector = (spec.exclude || []).join(', ');
    const hosts = new Set(spec.hosts);
    let replyingTo = null; // sharedBox sites: the id of the comment the composer was opened for

    // What a spec's own functions get: the helpers, bound to this site's selectors.
    const kit = { site, commentSelector, pick: (root, role, options) => pick(root, site, role, sel[role], options), plainText, param, absolute, hashKey, keyOf };

    /** The element a part belongs to: the innermost comment around it (a reply's own parts
        belong to the reply, not to the comment it sits inside). */
    const owner = spec.owner || ((node) => node.closest(commentSelector));

    /** The comment's own element for `role`: inside replyScope/thread, not inside a nested reply. */
    function own(el, role, scope = el, { quiet = true } = {}) {
      const selectors = sel[role];
      if (!selectors || !scope) return null;
      for (let i = 0; i < selectors.length; i += 1) {
        // Own parts come before nested replies in document order: querySelector is usually enough.
        const first = scope.querySelector(selectors[i]);
        if (!first) continue;
        let found = owner(first) === el ? first : null;
        if (!found) {
          for (const candidate of scope.querySelectorAll(selectors[i])) {
            if (owner(candidate) === el) {
              found = candidate;
              break;
            }
          }
        }
        if (found) {
          if (i > 0) logOnce(`${site}:${role}:fallback`, `${site} ${role}: fell back to "${selectors[i]}" (the site may have changed).`);
          return found;
        }
      }
      if (!quiet) logOnce(`${site}:${role}:miss`, `${site} ${role}: nothing matched ${selectors.join(' | ')} (the site may have changed).`);
      return null;
    }

    const DEFAULTS = {
      author: (el) => plainText(own(el, 'author', el, { quiet: false })),
      authorKey: (el) => keyOf(own(el, 'author')?.getAttribute('href') || read.author(el)),
      text: (el) => plainText(read.textElement(el)),
      textElement: (el) => own(el, 'text', el, { quiet: false }),
      url: (el) => absolute(own(el, 'permalink')?.getAttribute('href')) || location.href,
      // The page's <title> (minus the site's suffix) when the site moved its title element.
      postTitle: () => (plainText(kit.pick(document, 'postTitle')) || document.title.replace(spec.titleSuffix || /$^/, ''))
        .replace(/\s+/g, ' ').trim().slice(0, TITLE_CAP),
      creatorKey: () => {
        const found = sel.postAuthor && pick(document, site, 'postAuthor', sel.postAuthor, { quiet: true });
        return found ? keyOf(found.getAttribute('href') || plainText(found)) : '';
      },
      parent: (el) => el.parentElement?.closest(commentSelector) || null,
      thread: (el) => el,
      replyScope: (el) => el,
      // The thread above a reply, outermost first: what the reply answers.
      context: (el) => {
        const texts = [];
        for (let up = read.parent(el); up && texts.length < CONTEXT_DEPTH; up = read.parent(up)) {
          const text = read.text(up);
          if (text) texts.unshift(text);
        }
        return texts;
      },
      // Comments that answer `el` directly (the creator's posted reply is among them).
      replies: (el) => pickAll(read.thread(el), sel.comment).filter((reply) => reply !== el && read.parent(reply) === el),
      replyBox: (el) => own(el, 'replyBox', read.replyScope(el)),
      replyButton: (el) => {
        if (!spec.replyByWords) return own(el, 'replyButton', el, { quiet: false });
        for (const selector of sel.replyButton) {
          for (const candidate of el.querySelectorAll(selector)) {
            const words = (candidate.getAttribute('aria-label') || candidate.textContent || '').trim().toLowerCase();
            if (owner(candidate) === el && REPLY_WORDS.has(words)) return candidate;
          }
        }
        logOnce(`${site}:replyButton:miss`, `${site} replyButton: no "Reply" control found (the site may have changed).`);
        return null;
      },
    };
    kit.own = own;
    kit.defaults = DEFAULTS; // an override may build on the default (X: the post, then the chain)
    const read = { ...DEFAULTS, ...(spec.read ? spec.read(kit) : {}) }; // the reading functions, overridable per site
    kit.read = read;

    function isCreator(el) {
      if (sel.creatorBadge && own(el, 'creatorBadge')) return true;
      const creator = read.creatorKey();
      return Boolean(creator) && read.authorKey(el) === creator;
    }

    function excluded(el) {
      return Boolean(excludeSelector) && Boolean(el.closest(excludeSelector));
    }

    function editableIn(box) {
      return Boolean(box) && Boolean(globalThis.TandemInsert ? globalThis.TandemInsert.findEditable(box) : box);
    }

    const adapter = {
      name: site,
      platform: spec.platform,

      matches(url) {
        const { protocol, hostname, pathname } = new URL(url);
        if (protocol !== 'https:' && protocol !== 'http:') return false;
        if (!hosts.has(hostname)) return false;
        return !spec.paths || spec.paths.some((path) => path.test(pathname));
      },

      findComments(root) {
        if (!(root instanceof Element || root instanceof Document)) return [];
        // The creator's own comments get no chip: nobody answers themselves.
        return pickAll(root, sel.comment).filter((el) => !excluded(el) && !isCreator(el) && (!spec.keep || spec.keep(el, kit)));
      },

      readComment(el) {
        if (!(el instanceof Element)) return null;
        const id = spec.id(el, kit);
        const text = id ? read.text(el) : '';
        if (!id || !text) return null;
        return {
          id,
          author: read.author(el),
          text,
          url: read.url(el, id),
          post_title: read.postTitle(),
          context: read.context(el),
        };
      },

      findReplyBox(el) {
        if (spec.sharedBox) {
          const box = pick(document, site, 'replyBox', sel.replyBox, { quiet: true });
          if (!box || !editableIn(box)) return null;
          // A composer that shows whom it answers is believed (the creator may have clicked the
          // site's Reply themselves); otherwise it is this comment's only if Tandem opened it so.
          return (read.boxBelongs ? read.boxBelongs(box, el) : spec.id(el, kit) === replyingTo) ? box : null;
        }
        const box = read.replyBox(el);
        return editableIn(box) ? box : null;
      },

      async openReplyBox(el) {
        const open = this.findReplyBox(el);
        if (open) return open;
        const button = read.replyButton(el);
        if (!button) return null;
        if (spec.sharedBox) replyingTo = spec.id(el, kit);
        button.click(); // the site's own "Reply": it opens a box and never posts
        return waitFor(() => this.findReplyBox(el), OPEN_TIMEOUT_MS);
      },

      chipAnchor(el) {
        return own(el, 'chipAnchor') || el;
      },

      textElement(el) {
        return read.textElement(el) || null;
      },

      postedReplyText(el) {
        const mine = read.replies(el).filter(isCreator);
        return mine.length ? read.text(mine[mine.length - 1]) || null : null;
      },
    };
    register(adapter);
    return adapter;
  }

  globalThis.TandemSiteKit = Object.freeze({ define, plainText, pick, param, absolute, hashKey, keyOf });
})();

// Tandem adapter for YouTube watch and Shorts pages (www.youtube.com).
//
// Structure (Polymer custom elements; checked against public extensions and scrapers, see the
// project report): ytd-comments#comments > #contents > ytd-comment-thread-renderer, whose top
// comment is a ytd-comment-view-model (ytd-comment-renderer before 2024) and whose replies sit in
// #replies > ytd-comment-replies-renderer as more view-models. A comment's id is the `lc=`
// parameter of its timestamp link (/watch?v=…&lc=<id>). "Reply" (#reply-button-end) opens
// ytd-comment-reply-dialog-renderer > ytd-commentbox with a plain contenteditable
// #contenteditable-root inside the comment's own #reply-dialog.
//
// Ids are written :is(#id) on purpose: YouTube repeats them in every comment, and Chromium answers
// an id selector, even inside one element, by collecting every element in the document with that
// id. Plain #content-text made reading 2,000 comments take 2.2 s (quadratic); :is(#content-text)
// is matched by walking the comment's own subtree: ~50 ms (bench/content_extraction.py).
(() => {
  'use strict';

  const { define, param } = globalThis.TandemSiteKit;

  const COMMENT = ['ytd-comment-view-model', 'ytd-comment-renderer'];

  define({
    name: 'youtube',
    platform: 'youtube',
    hosts: ['www.youtube.com', 'youtube.com'],
    paths: [/^\/watch$/, /^\/shorts\/[\w-]+/],
    selectors: {
      comment: COMMENT,
      author: [':is(#author-text)', ':is(#header-author) a[href^="/"]', 'h3 a[href^="/"]'],
      text: [':is(#content-text)', 'yt-attributed-string:is(#content-text)', ':is(#comment-content) :is(#content)'],
      permalink: [':is(#published-time-text) a[href*="lc="]', ':is(#header-author) a[href*="lc="]', 'a[href*="lc="]'],
      replyButton: [':is(#reply-button-end) button', ':is(#reply-button-end) [role="button"]', ':is(#reply-button-end)'],
      replyBox: [':is(#reply-dialog) ytd-commentbox', 'ytd-comment-reply-dialog-renderer ytd-commentbox', 'ytd-commentbox'],
      chipAnchor: [':is(#action-buttons) :is(#toolbar)', ':is(#toolbar)', ':is(#action-buttons)'],
      creatorBadge: [':is(#author-comment-badge) ytd-author-comment-badge-renderer', 'ytd-author-comment-badge-renderer'],
      postTitle: ['ytd-watch-metadata :is(#title) h1', ':is(#above-the-fold) :is(#title) h1', 'h1.title', 'ytd-reel-video-renderer[is-active] h2'],
      postAuthor: ['ytd-watch-metadata ytd-channel-name a[href^="/"]', ':is(#owner) ytd-channel-name a[href^="/"]', 'ytd-video-owner-renderer a[href^="/"]'],
    },

    id(el, kit) {
      return param(kit.own(el, 'permalink')?.getAttribute('href'), 'lc') || null;
    },

    read: () => ({
      // A reply answers its thread's top comment (YouTube threads are one level deep; a reply to
      // a reply is shown in the same list with an @mention).
      parent(el) {
        const replies = el.closest('#replies');
        const thread = replies?.closest('ytd-comment-thread-renderer');
        if (!thread) return null;
        for (const child of thread.children) if (child.matches(COMMENT.join(', '))) return child;
        return null;
      },
      thread: (el) => el.closest('ytd-comment-thread-renderer') || el,
    }),
    titleSuffix: / - YouTube$/,
  });
})();

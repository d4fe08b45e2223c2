// Tandem adapter for Instagram post and reel pages (www.instagram.com/p/…, /reel/…).
//
// Instagram's classes are generated and change with every release, so this adapter keys on
// structure and URLs (checked against public scrapers and userscripts, see the project report):
// a comment is an <li> holding a timestamp link to the comment's own permalink
// /p/<shortcode>/c/<comment id>/ (and holding no other <li>: a thread's replies sit in a sibling
// <li> > <ul>); the author is the profile link in its <h3> (or the first profile link); the text is
// the span[dir="auto"] outside the header. There is one composer per post (form textarea,
// React-controlled): "Reply" prefills it with "@author ", which is how the box shows whom it
// answers.
(() => {
  'use strict';

  const { define, keyOf } = globalThis.TandemSiteKit;

  const COMMENT_ID = /\/c\/(\d+)/;

  define({
    name: 'instagram',
    platform: 'instagram',
    hosts: ['www.instagram.com', 'instagram.com'],
    paths: [/^\/(?:[\w.]+\/)?(p|reel|reels|tv)\/[\w-]+/],
    selectors: {
      comment: ['li:has(a[href*="/c/"] time):not(:has(li))', 'li:has(a[href*="/c/"]):not(:has(li))'],
      author: ['h3 a[href^="/"]', 'a[href^="/"][role="link"]:not([href*="/c/"]):not(:has(img))'],
      text: ['span[dir="auto"]:not(h3 *):not(a *)', 'div[dir="auto"]:not(h3 *)'],
      permalink: ['a[href*="/c/"]:has(time)', 'a[href*="/c/"]'],
      replyButton: ['button', '[role="button"]'],
      replyBox: ['section form textarea', 'form textarea', 'textarea[aria-label]'],
      chipAnchor: ['div:has(> span > a[href*="/c/"])', 'div:has(> a[href*="/c/"])'],
      postTitle: ['ul h1[dir="auto"]', 'h1[dir="auto"]', 'h1'],
      postAuthor: ['header a[href^="/"][role="link"]:not(:has(img))', 'header a[href^="/"]'],
    },
    titleSuffix: / • Instagram.*$/,
    replyByWords: true,
    sharedBox: true,

    id(el, kit) {
      return COMMENT_ID.exec(kit.own(el, 'permalink')?.getAttribute('href') || '')?.[1] || null;
    },

    read(kit) {
      return {
        // A reply sits in li > ul (the thread's replies), and the thread's first comment is the
        // one it answers.
        parent: (el) => {
          const wrapper = el.parentElement?.closest('ul')?.parentElement?.closest('li');
          const thread = wrapper?.parentElement?.closest('ul');
          if (!thread) return null;
          const first = thread.querySelector(kit.commentSelector);
          return first && first !== el && !wrapper.contains(first) ? first : null;
        },
        thread: (el) => el.parentElement?.closest('ul') || el,
        // The composer answers this comment while it starts with the comment author's @mention.
        boxBelongs: (box, el) => {
          const editable = globalThis.TandemInsert?.findEditable(box);
          const value = (editable?.value || '').toLowerCase();
          return value.startsWith(`@${keyOf(kit.own(el, 'author')?.getAttribute('href'))} `);
        },
      };
    },
  });
})();

// Tandem adapter for Reddit comment pages (new Reddit, "shreddit"; www.reddit.com).
//
// Structure (web components in light DOM; checked against public extensions and scrapers, see
// the project report): every comment is a shreddit-comment whose attributes carry the data
// (thingid="t1_…", author, depth, parentid, permalink); replies are nested shreddit-comments.
// The body is [slot="comment"] with id "<thingid>-comment-rtjson-content". The action row
// (shreddit-comment-action-row[comment-id]) holds Reddit's "Reply" button; clicking it loads
// comment-composer-host > faceplate-form > shreddit-composer into the row, with the editor inside
// the composer's open shadow root (insert.js looks into open shadow roots).
(() => {
  'use strict';

  const { define, absolute, keyOf } = globalThis.TandemSiteKit;

  const THING = /^t1_[a-z0-9]+$/i;

  define({
    name: 'reddit',
    platform: 'reddit',
    hosts: ['www.reddit.com', 'reddit.com', 'sh.reddit.com'],
    paths: [/^\/(r|u|user)\/[^/]+\/comments\/[a-z0-9]+/i],
    selectors: {
      comment: ['shreddit-comment[thingid]'],
      text: ['[slot="comment"]', '.md'],
      replyButton: ['shreddit-comment-action-row [noun="reply_comment"] button', 'shreddit-comment-action-row button[slot="comment-reply"]'],
      replyBox: ['shreddit-comment-action-row shreddit-composer', 'comment-composer-host shreddit-composer', 'shreddit-composer'],
      // shreddit-comment projects its children into named slots: a chip in the body div renders
      // under the text (an unslotted child of the comment itself would not render at all).
      chipAnchor: ['[slot="comment"]'],
      postTitle: ['shreddit-post h1[slot="title"]', 'h1[id^="post-title-"]', 'shreddit-post [slot="title"]'],
    },
    titleSuffix: / : r\/\w+$/,

    id(el) {
      const thing = el.getAttribute('thingid') || '';
      return THING.test(thing) ? thing : null;
    },

    read(kit) {
      return {
        author: (el) => el.getAttribute('author') || '',
        authorKey: (el) => keyOf(el.getAttribute('author')),
        // The body by its id first: a nested reply's [slot="comment"] must never answer for it.
        text: (el) => kit.plainText(kit.read.textElement(el)),
        textElement: (el) => document.getElementById(`${el.getAttribute('thingid')}-comment-rtjson-content`) || kit.own(el, 'text', el, { quiet: false }),
        url: (el) => absolute(el.getAttribute('permalink')) || location.href,
        creatorKey: () => keyOf(document.querySelector('shreddit-post[author]')?.getAttribute('author')),
        postTitle: () => (document.querySelector('shreddit-post[post-title]')?.getAttribute('post-title')
          || kit.defaults.postTitle()).slice(0, 200),
      };
    },
  });
})();

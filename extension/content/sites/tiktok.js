// Tandem adapter for TikTok video and photo pages (www.tiktok.com/@user/video/<id>).
//
// Structure (React with emotion classes "css-<hash>-DivCommentContentContainer": the hash
// changes, the component name after it has held for years; data-e2e attributes are TikTok's own
// test hooks; checked against public scrapers and reply bots, see the project report): a thread is
// DivCommentObjectWrapper (DivCommentItemContainer before), its comment a
// DivCommentContentContainer whose id attribute is the comment id; the username in
// [data-e2e="comment-username-1"] (-2 for replies), the text in [data-e2e="comment-level-1"]
// (-2), "Reply" is [data-e2e="comment-reply-1"] (-2); replies sit in DivReplyContainer. There is
// one Draft.js composer per video, [data-e2e="comment-input"]; "Reply" switches it to answer
// that comment.
(() => {
  'use strict';

  const { define, keyOf } = globalThis.TandemSiteKit;

  define({
    name: 'tiktok',
    platform: 'tiktok',
    hosts: ['www.tiktok.com', 'tiktok.com'],
    paths: [/^\/@[\w.-]+\/(video|photo)\/\d+/],
    selectors: {
      comment: ['[class*="DivCommentContentContainer"]', '[class*="DivCommentItemWrapper"]'],
      author: ['[data-e2e^="comment-username-"]', 'a[href^="/@"] span'],
      authorLink: ['a[href^="/@"]'],
      text: ['[data-e2e^="comment-level-"]', '[class*="CommentText"]'],
      replyButton: ['[data-e2e^="comment-reply-"]'],
      replyBox: ['[data-e2e="comment-input"]', '[class*="DivCommentInputContainer"] [contenteditable="true"]'],
      chipAnchor: ['[class*="DivCommentSubContentWrapper"]', '[class*="DivCommentSubContent"]'],
      postTitle: ['[data-e2e="browse-video-desc"]', '[data-e2e="video-desc"]', 'h1'],
      postAuthor: ['[data-e2e="browse-user-avatar"]', 'a[data-e2e="video-author-avatar"]'],
    },
    titleSuffix: / \| TikTok$/,
    sharedBox: true,

    id(el, kit) {
      if (/^\d+$/.test(el.id)) return el.id;
      // No id in the DOM (TikTok moved it before): a key from what the comment says and who said it.
      const author = kit.read.authorKey(el);
      const text = kit.read.text(el);
      return author && text ? `h${kit.hashKey(author, text)}` : null;
    },

    read(kit) {
      return {
        authorKey: (el) => keyOf(kit.own(el, 'authorLink')?.getAttribute('href')),
        url: (el, id) => `${location.origin}${location.pathname}${/^\d+$/.test(id) ? `?comment_id=${id}` : ''}`,
        // A reply's thread starts with the comment it answers.
        parent: (el) => {
          const thread = el.closest('[class*="DivReplyContainer"]')?.parentElement;
          const first = thread?.querySelector(kit.commentSelector);
          return first && first !== el ? first : null;
        },
        thread: (el) => el.closest('[class*="DivCommentObjectWrapper"]') || el.parentElement || el,
      };
    },
  });
})();

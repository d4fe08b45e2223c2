// Tandem adapter for the server's own demo page (http://127.0.0.1:<port>/demo): a comment
// section with nested replies and a Quill 1 reply box (server/tandem/web/templates/demo.html).
// It doubles as the reference adapter: selectors as data, scoped to the comment's own parts so a
// nested reply's elements never answer for its parent.
(() => {
  'use strict';

  const { register, query, queryAll, waitFor } = globalThis.TandemSites;

  const SELECTORS = {
    comment: ['article.demo-comment[data-comment-id]'],
    author: [':scope > .demo-comment-main .demo-author'],
    text: [':scope > .demo-comment-main > .demo-comment-text'],
    replyButton: [':scope > .demo-comment-main .demo-reply-button'],
    replyBox: [':scope > .demo-comment-main > .demo-reply-slot .demo-reply-form'],
    chipAnchor: [':scope > .demo-comment-main > .demo-comment-actions'],
    postTitle: ['.demo-post-title', 'h1'],
    creatorReplyText: [':scope > .demo-replies > .demo-comment[data-creator="true"] > .demo-comment-main > .demo-comment-text'],
  };

  const text = (el) => (el?.textContent || '').trim();
  const isCreator = (el) => el.dataset.creator === 'true';

  function parentComment(el) {
    return el.parentElement?.closest('article.demo-comment[data-comment-id]') || null;
  }

  register({
    name: 'demo',
    platform: 'demo',

    matches(url) {
      const { protocol, hostname, pathname } = new URL(url);
      return protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost') && pathname === '/demo';
    },

    findComments(root) {
      if (!(root instanceof Element || root instanceof Document)) return [];
      // The creator's own replies get no chip: nobody answers themselves.
      return queryAll(root, SELECTORS.comment).filter((el) => !isCreator(el));
    },

    readComment(el) {
      const id = el.dataset.commentId;
      const body = text(query(el, SELECTORS.text, 'demo comment text'));
      if (!id || !body) return null;
      const parent = parentComment(el);
      return {
        id,
        author: text(query(el, SELECTORS.author, 'demo comment author')),
        text: body,
        url: `${location.origin}/demo#comment-${id}`,
        post_title: text(query(document, SELECTORS.postTitle, 'demo post title')),
        context: parent ? [text(query(parent, SELECTORS.text))] : [],
      };
    },

    findReplyBox(el) {
      return query(el, SELECTORS.replyBox);
    },

    async openReplyBox(el) {
      const open = this.findReplyBox(el);
      if (open) return open;
      query(el, SELECTORS.replyButton, 'demo reply button')?.click(); // opens the box; it does not post
      return waitFor(() => this.findReplyBox(el)?.querySelector('[contenteditable="true"]') && this.findReplyBox(el));
    },

    chipAnchor(el) {
      return query(el, SELECTORS.chipAnchor, 'demo comment actions') || el;
    },

    textElement(el) {
      return query(el, SELECTORS.text, 'demo comment text');
    },

    postedReplyText(el) {
      const replies = queryAll(el, SELECTORS.creatorReplyText);
      return replies.length ? text(replies[replies.length - 1]) : null;
    },
  });
})();

// Tandem adapter for Facebook (www.facebook.com): comments under posts, photos, videos and reels,
// wherever they are shown.
//
// Facebook's classes are generated (x1n2onr6 …) and change constantly; what holds (checked against
// public scrapers and reply tools, see the project report): each comment is a div[role="article"]
// labelled "Comment by <name> …" or "Reply by <name> …" (localised), inside a list item that also
// holds its replies and, once "Reply" is clicked, a Lexical composer
// ([data-lexical-editor="true"], role="textbox"). The comment id is only in the timestamp link:
// ?comment_id=<id> for a comment, &reply_comment_id=<id> for a reply. Authors have no handles:
// they are compared by profile URL.
(() => {
  'use strict';

  const { define, plainText } = globalThis.TandemSiteKit;

  const ARTICLE = '[role="article"]';
  const LABELLED = /^(?:Comment|Reply) by (.+?)(?: to .+?'s comment)?(?: \S+ \S+ ago| just now| yesterday)?$/i;

  /** The comment article a list item holds itself (not one of its replies'). */
  function articleOf(item) {
    if (!item) return null;
    for (const article of item.querySelectorAll(ARTICLE)) if (article.closest('li') === item) return article;
    return null;
  }

  /** Profile URL -> key: /alice.smith -> "alice.smith", /profile.php?id=4 -> "id:4". */
  function profileKey(href) {
    if (!href) return '';
    try {
      const url = new URL(href, location.href);
      if (url.pathname === '/profile.php') return `id:${url.searchParams.get('id') || ''}`;
      return (url.pathname.split('/').filter(Boolean)[0] || '').toLowerCase();
    } catch {
      return '';
    }
  }

  define({
    name: 'facebook',
    platform: 'facebook',
    hosts: ['www.facebook.com', 'web.facebook.com', 'facebook.com'],
    selectors: {
      comment: [
        `${ARTICLE}[aria-label^="Comment by"], ${ARTICLE}[aria-label^="Reply by"]`,
        // Any language: an article with a comment permalink that holds no other article (a post
        // holds its comments' articles; a comment's replies sit beside it, not inside).
        `${ARTICLE}:has(a[href*="comment_id="]):not(:has(${ARTICLE}))`,
      ],
      author: ['a[role="link"]:not([href*="comment_id="]) span[dir="auto"]', 'a[role="link"]:not([href*="comment_id="])'],
      authorLink: ['a[role="link"]:not([href*="comment_id="])'],
      text: ['div[dir="auto"]', 'span[lang]', 'span[dir="auto"]:not(a *)'],
      permalink: ['a[href*="reply_comment_id="]', 'a[href*="comment_id="]'],
      replyButton: ['[role="button"]', 'button'],
      replyBox: ['form [data-lexical-editor="true"]', '[data-lexical-editor="true"]', '[contenteditable="true"][role="textbox"]'],
      postTitle: ['[data-ad-rendering-role="story_message"]', '[data-ad-comet-preview="message"]', '[data-ad-preview="message"]'],
      postAuthor: ['[data-ad-rendering-role="profile_name"] a[role="link"]', 'h2 a[role="link"]', 'h3 a[role="link"]'],
    },
    titleSuffix: / \| Facebook$/,
    replyByWords: true,

    id(el, kit) {
      const href = kit.own(el, 'permalink')?.getAttribute('href');
      return kit.param(href, 'reply_comment_id') || kit.param(href, 'comment_id') || null;
    },

    // Parts belong to the comment whose list item they sit in directly (the composer sits beside
    // the article, not inside it).
    owner: (node) => {
      const item = node.closest('li');
      return item ? articleOf(item) : node.closest(ARTICLE);
    },

    read(kit) {
      return {
        author: (el) => plainText(kit.own(el, 'author')) || LABELLED.exec(el.getAttribute('aria-label') || '')?.[1] || '',
        authorKey: (el) => profileKey(kit.own(el, 'authorLink')?.getAttribute('href')),
        creatorKey: () => profileKey(kit.pick(document, 'postAuthor', { quiet: true })?.getAttribute('href')),
        parent: (el) => articleOf(el.closest('li')?.parentElement?.closest('li')),
        thread: (el) => el.closest('li') || el,
        replyScope: (el) => el.closest('li') || el,
      };
    },
  });
})();

// Tandem adapter for LinkedIn posts and the feed (www.linkedin.com/feed/…, /posts/…).
//
// Structure (LinkedIn's BEM-style classes have been stable for years; checked against public
// scrapers and commenting tools, see the project report): each comment is
// article.comments-comment-entity (comments-comment-item before 2024) with data-id
// "urn:li:comment:(activity:<post>,<comment>)"; the author in
// .comments-comment-meta__description-title, the text in .comments-comment-item__main-content;
// replies are nested articles (comments-comment-entity--reply). "Reply" opens
// .comments-comment-box--reply, a Quill 1 editor (.ql-editor), inside the comment.
(() => {
  'use strict';

  const { define } = globalThis.TandemSiteKit;

  const URN = /^urn:li:comment:\((?:activity|ugcPost):\d+,\d+\)$/;

  /** /in/alice-smith/ -> "in/alice-smith"; /company/acme/ -> "company/acme". */
  function profileKey(href) {
    if (!href) return '';
    try {
      const [kind, slug] = new URL(href, location.href).pathname.split('/').filter(Boolean);
      return slug ? `${kind}/${slug}`.toLowerCase() : '';
    } catch {
      return '';
    }
  }

  define({
    name: 'linkedin',
    platform: 'linkedin',
    hosts: ['www.linkedin.com', 'linkedin.com'],
    paths: [/^\/feed(\/|$)/, /^\/posts\//, /^\/in\/[^/]+\/recent-activity\//, /^\/company\/[^/]+\/posts\//],
    selectors: {
      comment: ['article.comments-comment-entity', 'article.comments-comment-item', 'article[data-id^="urn:li:comment:"]'],
      author: ['.comments-comment-meta__description-title', '.comments-post-meta__name-text', '.comments-comment-meta__actor a'],
      authorLink: ['a.comments-comment-meta__description-container', 'a.comments-comment-meta__image-link', 'a[href*="/in/"]'],
      text: ['.comments-comment-item__main-content', '.comments-comment-item-content-body', '.update-components-text'],
      replyButton: ['button.comments-comment-social-bar__reply-action-button--cr', 'button[class*="reply-action-button"]', '.comments-comment-social-bar button[aria-label^="Reply"]'],
      replyBox: ['.comments-comment-box--reply', '.comments-comment-texteditor', '.ql-editor'],
      chipAnchor: ['.comments-comment-social-bar', '.comments-comment-item__social-actions'],
      postTitle: ['.feed-shared-update-v2__description .update-components-text', '.feed-shared-update-v2 .update-components-text', '.feed-shared-text'],
      postAuthor: ['.update-components-actor__meta-link', '.update-components-actor a[href*="/in/"]', '.update-components-actor a[href*="/company/"]'],
    },
    titleSuffix: / \| LinkedIn$/,

    id(el) {
      const urn = el.getAttribute('data-id') || '';
      return URN.test(urn) ? urn : null;
    },

    read(kit) {
      return {
        authorKey: (el) => profileKey(kit.own(el, 'authorLink')?.getAttribute('href')),
        creatorKey: () => profileKey(kit.pick(document, 'postAuthor', { quiet: true })?.getAttribute('href')),
        // LinkedIn's own comment permalink: the post with ?commentUrn=.
        url: (el, id) => {
          const activity = /\((activity|ugcPost):(\d+),/.exec(id);
          return activity ? `${location.origin}/feed/update/urn:li:${activity[1]}:${activity[2]}/?commentUrn=${encodeURIComponent(id)}` : location.href;
        },
      };
    },
  });
})();

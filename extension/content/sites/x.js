// Tandem adapter for X (x.com, twitter.com): status pages (the conversation under a post) and
// timelines (home, profiles, search, lists).
//
// Structure (React Native Web; data-testid attributes are X's own test hooks and the most stable
// thing on the page): each tweet is article[data-testid="tweet"] in a [data-testid="cellInnerDiv"]
// cell; the author is in [data-testid="User-Name"] (display name, then the @handle link), the text
// in [data-testid="tweetText"] (emoji as <img alt>), and the status id only in the timestamp's
// permalink /<handle>/status/<id>. X virtualises the timeline (cells are recycled), so nothing
// here keeps a node. A conversation shows reply chains as runs of consecutive cells; a cell
// without a tweet ends the run. [data-testid="reply"] opens a modal ([role="dialog"] in #layers)
// that shows the tweet being answered (with its permalink) above a Draft.js editor
// [data-testid="tweetTextarea_0"]; the modal's tweet preview is not a comment.
(() => {
  'use strict';

  const { define, keyOf, plainText } = globalThis.TandemSiteKit;

  const STATUS = /\/status\/(\d+)/;
  const TWEET = 'article[data-testid="tweet"]';
  const HANDLE = '[A-Za-z0-9_]{1,15}';

  const statusOf = (href) => STATUS.exec(href || '')?.[1] || null;
  const pageStatus = () => statusOf(location.pathname);

  define({
    name: 'x',
    platform: 'x',
    hosts: ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com'],
    paths: [
      /^\/home\/?$/,
      new RegExp(`^/${HANDLE}/status/\\d+`),
      new RegExp(`^/${HANDLE}(/with_replies)?/?$`),
      /^\/search\/?$/,
      /^\/i\/lists\/\d+/,
    ],
    selectors: {
      comment: [TWEET, 'article[role="article"][tabindex]'],
      author: ['[data-testid="User-Name"] a[href^="/"][tabindex="-1"]', '[data-testid="User-Name"] a[href^="/"]'],
      text: ['[data-testid="tweetText"]', 'div[lang][dir="auto"]'],
      // Quoted tweets sit in a div[role="link"] card: their timestamps are not this tweet's.
      permalink: ['a[href*="/status/"]:has(> time):not(div[role="link"] *)', 'a[href*="/status/"]:has(time)'],
      replyButton: ['[data-testid="reply"]', 'button[aria-label*="Reply"]'],
      replyBox: ['[data-testid^="tweetTextarea_"][contenteditable="true"]', '[data-testid^="tweetTextarea_"]', 'div[role="textbox"][contenteditable="true"]'],
      chipAnchor: ['[role="group"]'],
      // The signed-in account (the creator); on someone else's status page still the creator.
      postAuthor: ['a[data-testid="AppTabBar_Profile_Link"]', 'a[aria-label="Profile"][href^="/"]'],
    },
    exclude: ['[role="dialog"]', '[aria-modal="true"]'],

    id(el, kit) {
      return statusOf(kit.own(el, 'permalink')?.getAttribute('href'));
    },

    read(kit) {
      const handleOf = (el) => keyOf(kit.own(el, 'author')?.getAttribute('href'));
      const isFocal = (el) => Boolean(pageStatus()) && statusOf(kit.own(el, 'permalink')?.getAttribute('href')) === pageStatus();

      /** The post a status page is about: the tweet whose permalink carries the URL's id. */
      function focal() {
        const status = pageStatus();
        if (!status) return null;
        for (const link of document.querySelectorAll(`${TWEET} a[href$="/status/${status}"]`)) {
          const article = link.closest(TWEET);
          if (!article.closest('[role="dialog"]') && isFocal(article)) return article;
        }
        return null;
      }

      /** The tweet in the next or previous cell of the same run of cells, if any. */
      function neighbour(el, direction) {
        const cell = el.closest('[data-testid="cellInnerDiv"]');
        const next = cell && (direction > 0 ? cell.nextElementSibling : cell.previousElementSibling);
        return next?.querySelector(TWEET) || null;
      }

      return {
        author: (el) => {
          const handle = handleOf(el);
          return handle ? `@${handle}` : plainText(kit.own(el, 'author'));
        },
        authorKey: handleOf,
        creatorKey: () => {
          const profile = kit.pick(document, 'postAuthor', { quiet: true });
          if (profile) return keyOf(profile.getAttribute('href'));
          const post = focal();
          return post ? handleOf(post) : '';
        },
        url: (el, id) => `${location.origin}/${handleOf(el) || 'i/web'}/status/${id}`,
        postTitle: () => {
          const post = focal();
          return post ? kit.read.text(post).replace(/\s+/g, ' ').slice(0, 200) : '';
        },
        // A reply chain is a run of consecutive cells; the post itself starts no chain.
        parent: (el) => {
          const previous = neighbour(el, -1);
          return previous && !isFocal(previous) && !isFocal(el) ? previous : null;
        },
        replies: (el) => {
          const next = neighbour(el, 1);
          return next && !isFocal(el) ? [next] : [];
        },
        context: (el) => {
          const post = focal();
          const chain = kit.defaults.context(el);
          return post && post !== el ? [kit.read.text(post), ...chain] : chain;
        },
        // The reply modal for this tweet: it shows the tweet's own permalink above the editor.
        replyBox: (el) => {
          const id = statusOf(kit.own(el, 'permalink')?.getAttribute('href'));
          for (const dialog of document.querySelectorAll('[role="dialog"]')) {
            if (id && dialog.querySelector(`a[href*="/status/${id}"]`)) return kit.pick(dialog, 'replyBox', { quiet: true });
          }
          if (!isFocal(el)) return null;
          // The post's own inline composer, on someone else's status page.
          const inline = [...document.querySelectorAll('[data-testid="primaryColumn"] [data-testid^="tweetTextarea_"]')];
          return inline.find((box) => !box.closest('[role="dialog"]')) || null;
        },
      };
    },
  });
})();

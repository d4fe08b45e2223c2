// Tandem: this page's comments in the creator's inbox, and the inbox's answers on the page.
//
// A classic content script; defines globalThis.TandemInbox:
//   create({send, onItems}) -> sync   the page's link to the inbox (core.js makes one per page):
//     sync.add(comment)               a comment the page shows ({platform, id, author, text, url,
//                                     post_title, context}); sent once per page load
//     sync.stats()                    what happened so far (for the side panel and the tests)
//   onItems(items, answer)            called after each batch with the inbox items of its comments
//                                     ({id, comment_id, status, chosen, labels, drafts}) and the
//                                     answer ({added, duplicates, blur_toxic, ...})
//   blur(element, on)                 blur (or stop blurring) a comment's text element
//   isToxic(item)                     the inbox triaged the comment as toxic
//
// How comments travel: content scripts never fetch the server (DESIGN.md); each batch goes to
// background.js as one "inboxSync" message (background/inbox.js), which checks the site is
// switched on, ingests and looks the batch's ids up in one round trip. Batches collect for
// BATCH_WAIT_MS after the first new comment (a page's first scan and a lazy-loaded page of
// comments each make one batch) and hold at most MAX_BATCH comments, the server's cap.
// A failed batch (server down, not paired) stays queued and is retried after RETRY_SECONDS,
// then given up until a new comment arrives; the first failure is logged once, quietly.
(() => {
  'use strict';
  if (globalThis.TandemInbox) return;

  const BATCH_WAIT_MS = 1000;
  const MAX_BATCH = 500; // the server's MAX_BATCH
  const RETRY_SECONDS = [2, 4, 8, 15, 30, 60, 60, 60]; // then wait for a new comment
  const DROP = new Set(['invalid_comment', 'invalid_request', 'invalid_platform', 'too_many', 'forbidden']); // retrying cannot help
  const STOP = new Set(['extension_unavailable']); // the extension was reloaded: this script is orphaned

  function create({ send, onItems }) {
    const sent = new Set(); // site ids the inbox has from this page load
    const queued = new Map(); // id -> comment waiting to be sent
    const unknown = new Set(); // sent, but the lookup of their inbox items failed: asked again
    const counts = { batches: 0, sent: 0, added: 0, duplicates: 0, failures: 0, items: 0 };
    let timer = 0;
    let busy = false;
    let failures = 0; // in a row
    let logged = false;
    let stopped = false; // site switched off in the settings, or the extension went away
    let lastPlatform = null; // for a lookup asked again without new comments

    function schedule(ms) {
      if (timer || busy || stopped) return;
      timer = setTimeout(flush, ms);
    }

    function add(comment) {
      if (stopped || !comment?.id || !comment.text || sent.has(comment.id) || queued.has(comment.id)) return;
      queued.set(comment.id, comment);
      schedule(BATCH_WAIT_MS);
    }

    function failed(error) {
      counts.failures += 1;
      if (!logged) {
        logged = true; // once per page: a dead server must not fill the console
        console.info(`Tandem: this page's comments have not reached your inbox yet; Tandem will try again. ${error?.message || error}`);
      }
      if (STOP.has(error?.code)) stopped = true;
      return !DROP.has(error?.code);
    }

    async function flush() {
      timer = 0;
      if (busy || stopped) return;
      const first = queued.values().next().value;
      const platform = first?.platform;
      const batch = first ? [...queued.values()].filter((comment) => comment.platform === platform).slice(0, MAX_BATCH) : [];
      const lookup = [...new Set([...batch.map((comment) => comment.id), ...unknown])];
      if (!batch.length && !unknown.size) return;
      busy = true;
      let retry = false;
      try {
        const answer = await send('inboxSync', { platform: platform || lastPlatform, comments: batch, lookup });
        if (!answer?.site_on) {
          stopped = true; // switched off in Tandem's settings: nothing from this page goes out
          queued.clear();
          unknown.clear();
          return;
        }
        for (const comment of batch) {
          queued.delete(comment.id);
          sent.add(comment.id);
        }
        Object.assign(counts, { batches: counts.batches + 1, sent: counts.sent + batch.length,
          added: counts.added + answer.added, duplicates: counts.duplicates + answer.duplicates });
        if (answer.looked_up) {
          for (const id of lookup) unknown.delete(id);
          failures = 0;
        } else {
          for (const id of lookup) unknown.add(id);
          retry = true;
          failed(new Error('the inbox lookup failed'));
        }
        counts.items += answer.items?.length || 0;
        onItems(answer.items || [], answer);
      } catch (error) {
        retry = failed(error);
        if (!retry) {
          for (const comment of batch) queued.delete(comment.id); // the server refused them: never again
        }
      } finally {
        busy = false;
        if (platform) lastPlatform = platform;
      }
      if (retry) {
        failures += 1;
        if (failures <= RETRY_SECONDS.length) schedule(RETRY_SECONDS[failures - 1] * 1000);
      } else if (queued.size) {
        schedule(0); // the next MAX_BATCH
      }
    }

    return Object.freeze({
      add,
      stats: () => ({ ...counts, queued: queued.size, unknown: unknown.size, failing: failures, stopped }),
    });
  }

  // ---------------------------------------------------------------- blurring toxic comments

  // One sheet for the page, adopted by the document (a <style> where the browser refuses that).
  // !important and a doubled class: a site's own `filter` rules must not undo it.
  const BLUR_CLASS = 'tandem-blurred';
  const BLUR_CSS = `:root .${BLUR_CLASS}.${BLUR_CLASS} { filter: blur(6px) !important; user-select: none !important; }`;
  let sheet = null;
  let styleElement = null;

  function installSheet() {
    if (styleElement?.isConnected) return;
    try {
      if (sheet && document.adoptedStyleSheets.includes(sheet)) return;
      sheet ||= new CSSStyleSheet();
      sheet.replaceSync(BLUR_CSS);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; // a page that reset them gets it back
      if (document.adoptedStyleSheets.includes(sheet)) return;
    } catch {
      // refused in this content script's world: a <style> element instead
    }
    sheet = null;
    styleElement = document.createElement('style');
    styleElement.textContent = BLUR_CSS;
    (document.head || document.documentElement).append(styleElement);
  }

  function blur(element, on) {
    if (!element) return;
    if (on) {
      installSheet();
      if (!element.classList.contains(BLUR_CLASS)) {
        element.classList.add(BLUR_CLASS);
        // Screen readers skip it too, as the dashboard does; a value the site set is put back.
        if (element.hasAttribute('aria-hidden')) element.dataset.tandemAriaHidden = element.getAttribute('aria-hidden');
        element.setAttribute('aria-hidden', 'true');
      }
    } else if (element.classList.contains(BLUR_CLASS)) {
      element.classList.remove(BLUR_CLASS);
      const before = element.dataset.tandemAriaHidden;
      if (before === undefined) element.removeAttribute('aria-hidden');
      else element.setAttribute('aria-hidden', before);
      delete element.dataset.tandemAriaHidden;
    }
  }

  const isToxic = (item) => Boolean(item?.labels?.includes('toxic'));

  globalThis.TandemInbox = Object.freeze({ create, blur, isToxic, BLUR_CLASS });
})();

// Tandem background: the page's comments into the creator's inbox, and what the inbox knows
// about them back to the page.
//
// content/inbox.js batches the comments a page shows and sends them here as one "inboxSync"
// message per batch; this module checks the site is switched on (the `sites` setting), POSTs
// /api/inbox/comments (at most MAX_BATCH per request, the server's cap), then asks
// /api/inbox/lookup once for the batch's ids, so the page learns each comment's inbox item:
// its drafts and the one the creator picked in the dashboard, its labels (toxic comments are
// blurred when `blur_toxic_on_pages` is on) and its status. "inboxStatus" moves an item to
// inserted or replied when the creator inserts a reply on the page or posts it.
//
// A content script lives inside a hostile page, so everything it sends is checked and cut to the
// server's limits here (a batch the server refused would be retried for nothing), and only what
// the page needs goes back: no fan memory, no other comments, no settings beyond the blur flag.

import { PLATFORMS } from './constants.js';
import { requestJson, ServerError } from './server.js';

/** The server's MAX_BATCH default (server/tandem/config.py): comments per POST. */
export const MAX_BATCH = 500;
const MAX_MESSAGE = 2000; // comments accepted in one message (content/inbox.js sends at most MAX_BATCH)
const MAX_LOOKUP = 2000; // ids per /api/inbox/lookup (the server's cap)
const FIELD_CAPS = { id: 300, author: 200, url: 2048, post_title: 500 }; // server/tandem/comments.py
const TEXT_CAP = 20_000; // the server cuts to MAX_COMMENT_CHARS anyway; it refuses over 50,000
const CONTEXT_ITEMS = 10;
const CONTEXT_CAP = 1000;
const ITEM_STATUSES = new Set(['inserted', 'replied']);

// Where each platform's pages live: a page may only sync comments for its own platform.
const PLATFORM_HOSTS = {
  youtube: ['youtube.com'],
  x: ['x.com', 'twitter.com'],
  reddit: ['reddit.com'],
  instagram: ['instagram.com'],
  tiktok: ['tiktok.com'],
  facebook: ['facebook.com'],
  linkedin: ['linkedin.com'],
  demo: ['127.0.0.1', 'localhost'],
};

// ---------------------------------------------------------------- checking what a page sends

/** A string cut to `cap` characters without leaving half a surrogate pair (JSON the server can store). */
function cut(value, cap) {
  if (typeof value !== 'string') return '';
  return value.slice(0, cap).toWellFormed();
}

/** One comment as the server's ingest takes it, or null when there is nothing to send. */
export function cleanComment(raw, platform) {
  if (!raw || typeof raw !== 'object') return null;
  const text = cut(raw.text, TEXT_CAP).trim();
  if (!text) return null;
  const id = typeof raw.id === 'string' && raw.id.length <= FIELD_CAPS.id ? raw.id.toWellFormed() : ''; // never a cut id
  const url = typeof raw.url === 'string' && /^https?:\/\//i.test(raw.url) && raw.url.length <= FIELD_CAPS.url ? raw.url.toWellFormed() : '';
  const context = Array.isArray(raw.context)
    ? raw.context.filter((item) => typeof item === 'string' && item.trim()).slice(-CONTEXT_ITEMS).map((item) => cut(item, CONTEXT_CAP))
    : [];
  return { platform, id, author: cut(raw.author, FIELD_CAPS.author), text, url, post_title: cut(raw.post_title, FIELD_CAPS.post_title), context };
}

function checkPlatform(platform, sender) {
  if (!PLATFORMS.includes(platform)) throw new ServerError('invalid_platform', 'Unknown platform.');
  let host = '';
  try {
    host = new URL(sender?.url || '').hostname;
  } catch {
    // no page behind the message (the tests call the handler from the worker): nothing to compare
  }
  if (host && !PLATFORM_HOSTS[platform].some((domain) => host === domain || host.endsWith(`.${domain}`))) {
    throw new ServerError('forbidden', `A page on ${host} cannot sync ${platform} comments.`);
  }
}

/** What the page needs to know about an inbox item (item ids are the inbox's, comment_id the site's). */
function summarise(item) {
  const drafts = Array.isArray(item.drafts) ? item.drafts : [];
  return {
    id: item.id,
    comment_id: item.comment?.id || '',
    status: item.status,
    chosen: Number.isInteger(item.chosen) ? item.chosen : null,
    labels: (item.labels || []).map((entry) => entry.label),
    drafts: drafts.map((draft, index) => ({ id: typeof draft?.id === 'string' ? draft.id : null, text: draft?.text, flags: draft?.flags || [], index }))
      .filter((draft) => typeof draft.text === 'string' && draft.text.trim()), // index: the position `chosen` counts in
  };
}

// ---------------------------------------------------------------- handlers

/**
 * {platform, comments: [...], lookup: [site comment ids]} -> {site_on, added, duplicates, grouped,
 * looked_up, items, blur_toxic}. A failed ingest throws (the page keeps the batch and retries);
 * a failed lookup after a good ingest answers looked_up: false (the page asks again later).
 */
export async function inboxSync({ platform, comments, lookup }, sender) {
  checkPlatform(platform, sender);
  const { settings } = await requestJson('/api/settings');
  if (!Array.isArray(settings?.sites) || !settings.sites.includes(platform)) return { site_on: false };

  const batch = (Array.isArray(comments) ? comments.slice(0, MAX_MESSAGE) : []).map((raw) => cleanComment(raw, platform)).filter(Boolean);
  const totals = { added: 0, duplicates: 0, grouped: 0 };
  for (let start = 0; start < batch.length; start += MAX_BATCH) {
    const result = await requestJson('/api/inbox/comments', { method: 'POST', body: { comments: batch.slice(start, start + MAX_BATCH) } });
    for (const key of Object.keys(totals)) totals[key] += Number(result?.[key]) || 0;
  }

  const ids = [...new Set((Array.isArray(lookup) ? lookup : [])
    .filter((id) => typeof id === 'string' && id && id.length <= FIELD_CAPS.id))].slice(0, MAX_LOOKUP);
  let items = [];
  let lookedUp = true;
  if (ids.length) {
    try {
      items = (await requestJson('/api/inbox/lookup', { method: 'POST', body: { platform, ids } })).items.map(summarise);
    } catch {
      lookedUp = false;
    }
  }
  return { site_on: true, ...totals, looked_up: lookedUp, items, blur_toxic: settings.blur_toxic_on_pages === true };
}

/** {item, status}: the creator inserted a reply on the page (inserted) or posted it (replied). */
export async function inboxStatus({ item, status }) {
  if (!Number.isInteger(item) || item < 1 || !ITEM_STATUSES.has(status)) {
    throw new ServerError('invalid_request', 'An inbox item id and one of inserted, replied.');
  }
  const updated = await requestJson(`/api/inbox/${item}`, { method: 'PATCH', body: { status } });
  return { id: updated.id, status: updated.status };
}

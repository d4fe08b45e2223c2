// Tandem side panel (Chrome) / sidebar (Firefox): the comments Tandem found on the active tab,
// with their status and the same actions as the chips. It talks to that tab's content script
// over a runtime port named "panel"; the content script pushes the list whenever it changes.
//
// ?tab=<id> pins the panel to one tab: the panel page opened as an ordinary tab (as the browser
// tests do) would otherwise be its own active tab.

import { showStatus, watchStatus } from '../shared/status.js';

const { api, BridgeError } = globalThis.TandemBridge;
const $ = (id) => document.getElementById(id);
const pinned = new URLSearchParams(location.search).get('tab');

const STATUS_LABELS = { new: 'New', suggested: 'Suggested', inserted: 'Inserted', replied: 'Replied' };

let tabId = null;
let port = null;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children); // strings become text nodes: page text is never parsed as HTML
  return node;
}

function button(label, ariaLabel, onClick) {
  const node = el('button', { type: 'button', textContent: label });
  node.setAttribute('aria-label', ariaLabel);
  node.addEventListener('click', onClick);
  return node;
}

function act(type, id) {
  port?.postMessage({ type, id });
}

function renderComments(message) {
  const items = message?.items || [];
  $('summary').textContent = !message
    ? 'Tandem does not read comments on this page.'
    : items.length ? `${items.length} comments on this tab.` : 'No comments found on this tab yet.';
  $('comments').replaceChildren(...items.map((item) => {
    const badge = el('span', { className: 'badge', textContent: STATUS_LABELS[item.status] || item.status });
    badge.dataset.status = item.status;
    const li = el('li', { className: 'comment' },
      el('div', { className: 'comment-head' }, el('span', { className: 'author', textContent: item.author || 'Someone' }), badge),
      el('p', { className: 'text', textContent: item.text }),
      el('div', { className: 'actions' },
        button('Suggest', `Suggest replies to ${item.author}`, () => act('suggestFor', item.id)),
        button('Insert first', `Insert the first suggestion for ${item.author}`, () => act('insertFirst', item.id))));
    li.dataset.commentId = item.id;
    li.dataset.status = item.status;
    return li;
  }));
}

async function activeTabId() {
  if (pinned) return Number(pinned);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Connect to the content script of the active tab (again after a switch or a page load). */
async function follow(force = false) {
  const id = await activeTabId();
  if (id === tabId && port && !force) return;
  port?.disconnect();
  port = null;
  tabId = id;
  if (id === null) return renderComments(null);
  const mine = api.tabs.connect(id, { name: 'panel' });
  port = mine;
  mine.onMessage.addListener((message) => {
    if (message?.type === 'comments') renderComments(message);
  });
  mine.onDisconnect.addListener(() => {
    if (port !== mine) return;
    port = null;
    renderComments(null); // no Tandem content script there, or the page went away
  });
}

api.tabs.onActivated.addListener(() => follow());
api.tabs.onUpdated.addListener((id, change) => {
  if (id === tabId && change.status === 'complete') follow(true);
});
watchStatus((status) => showStatus($('status'), status));
follow().catch((error) => {
  $('summary').textContent = error instanceof BridgeError ? error.message : 'Tandem could not read this tab.';
});

// Tandem background: the connection state and the toolbar badge that shows it.
//
// Four states: not paired, server down, suggestions from saved replies (Ollama down or model
// missing), ok. Refreshed when the worker starts, after every call to the server (server.js
// reports outcomes), and every STATUS_REFRESH_MS while an options page or side panel holds a
// "watch" port open. No setInterval: an MV3 service worker is stopped when idle, so a timer
// would silently die; a setTimeout chain that only runs while a page is connected is enough, and
// each page reconnects (restarting the chain) if the worker was restarted.

import { api, STATUS_REFRESH_MS } from './constants.js';
import { loadConfig, observeOutcomes, request, requestJson } from './server.js';

const LOOKS = {
  ok: { text: '', color: '#0f766e', title: 'Tandem: ready. Suggestions come from your model.' },
  saved: { text: 'save', color: '#b45309', title: 'Tandem: suggestions come from your saved replies' },
  down: { text: 'off', color: '#b91c1c', title: 'Tandem: the server is not running (start it with `tandem serve`)' },
  not_paired: { text: 'pair', color: '#6b7280', title: 'Tandem: not paired with a server yet' },
};

let current = { state: 'unknown', detail: '' };
let started = 0; // refreshStatus calls begun
let shown = 0; // the latest of them whose answer is on the badge
const watchers = new Set();
let timer = null;

async function show(state, detail = '') {
  current = { state, detail };
  const look = LOOKS[state];
  await Promise.all([
    api.action.setBadgeText({ text: look.text }),
    api.action.setBadgeBackgroundColor({ color: look.color }),
    api.action.setTitle({ title: detail ? `${look.title}: ${detail}` : look.title }),
  ]);
  for (const port of watchers) post(port);
  return current;
}

export function currentStatus() {
  return current;
}

async function probe() {
  const config = await loadConfig();
  let health = null;
  try {
    health = await requestJson('/api/health', { auth: false, quiet: true, config });
  } catch {
    // nothing answers: decided below
  }
  if (!config.token) return { state: 'not_paired', detail: '', health };
  if (!health) return { state: 'down', detail: `nothing answers at ${config.server}`, health };
  try {
    await request('/api/settings', { quiet: true, config }); // health needs no token: check it here
  } catch (error) {
    return { state: error.code === 'not_paired' ? 'not_paired' : 'down', detail: error.message, health };
  }
  return health.engine === 'saved'
    ? { state: 'saved', detail: health.reason || 'Ollama is not ready', health }
    : { state: 'ok', detail: '', health };
}

/**
 * Check the server now; resolves to {state, detail, health}. Checks may overlap (a pairing and an
 * outcome report at once): the one started last decides the badge, so an answer computed from
 * the configuration before a change never overwrites one computed after it.
 */
export async function refreshStatus() {
  const mine = ++started;
  const result = await probe();
  if (mine > shown) {
    shown = mine;
    await show(result.state, result.detail);
  }
  return result;
}

/** A suggestion stream ended: its engine says whether the model or the saved replies answered. */
export function noteEngine(done) {
  shown = ++started; // known now, so newer than any check still running
  return done.engine === 'saved' ? show('saved', done.reason || '') : show('ok');
}

// After every call: a failure, or a success while the badge shows a problem, is checked again
// with the address and token as they are now (a late answer to a request made with an old token
// must not decide the badge).
observeOutcomes((outcome) => {
  if (outcome === 'answered' && (current.state === 'ok' || current.state === 'saved')) return;
  refreshStatus();
});

// ---------------------------------------------------------------- refresh while a page watches

function tick() {
  timer = null;
  if (!watchers.size) return;
  refreshStatus().finally(() => {
    if (watchers.size && !timer) timer = setTimeout(tick, STATUS_REFRESH_MS);
  });
}

/** runtime.onConnect for ports named "watch": refresh now and periodically until all close. */
export function watchStatus(port) {
  watchers.add(port);
  port.onDisconnect.addListener(() => {
    watchers.delete(port);
    if (!watchers.size && timer) {
      clearTimeout(timer);
      timer = null;
    }
  });
  post(port);
  if (!timer) tick();
}

/** Pages learn about every change without asking: each new state is pushed to every watcher. */
function post(port) {
  try {
    port.postMessage({ type: 'status', status: current });
  } catch {
    watchers.delete(port); // closed while we were busy
  }
}

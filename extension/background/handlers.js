// Tandem background: what each runtime message does. background.js looks the message's `type`
// up in `handlers` (one table, no if-chains); each handler gets (message, sender) and returns
// data or throws a ServerError, which the dispatcher turns into {ok, data} / {ok: false, error}.
//
// Content scripts run inside hostile pages, and a compromised page process can send any message
// a content script could. So a handler trusts `sender`, not the message: pairing only accepts a
// code from the server's own /pair page, and everything that changes settings or the pairing is
// reserved for the extension's own pages (EXTENSION_PAGES_ONLY).

import { api, PLATFORMS, TONES } from './constants.js';
import { cleanComment, inboxStatus, inboxSync } from './inbox.js';
import { forgetToken, loadConfig, normaliseServer, requestJson, saveConfig, ServerError } from './server.js';
import { currentStatus, refreshStatus } from './status.js';

const SUGGESTION_ID = /^[0-9a-f]{16}$/;
const FEEDBACK_ACTIONS = new Set(['inserted', 'edited', 'sent', 'dismissed']);
const SETTING_KEYS = ['model', 'temperature', 'n', 'tone', 'sites', 'blur_toxic_on_pages'];
const PALETTE_SIZE = 9;
const VOICE_KEYS = ['name', 'sign_off', 'allow_list']; // what the options page edits; the rest is on /voice

/** Messages only the options page and the side panel may send. */
export const EXTENSION_PAGES_ONLY = new Set(['pairWithCode', 'unpair', 'setServer', 'getSettings', 'saveSettings', 'voice']);

let creatorName = null; // cached: the creator's name changes rarely and fills {creator} in quick replies

// ---------------------------------------------------------------- pairing

async function tokenStillWorks(config) {
  try {
    await requestJson('/api/settings', { config, quiet: true });
    return true;
  } catch {
    return false;
  }
}

async function pairWith(server, code) {
  if (typeof code !== 'string' || !code.trim() || code.length > 20) {
    throw new ServerError('invalid_code', 'Type the pairing code shown by the pairing page or `tandem pair`.');
  }
  const data = await requestJson('/api/pair', { method: 'POST', body: { code: code.trim() }, auth: false, quiet: true, config: { server, token: '' } });
  await saveConfig({ server, token: data.token });
  creatorName = null;
  const status = await refreshStatus();
  return { paired: true, server, version: data.version, status: status.state };
}

/** From content/pair.js on the server's /pair page: one step, nothing to copy. */
async function pair({ code, origin }, sender) {
  const server = normaliseServer(origin);
  const page = sender.url ? new URL(sender.url) : null;
  // The code must come from that server's own pairing page, as the browser saw it.
  if (!page || page.origin !== server || page.pathname !== '/pair') {
    throw new ServerError('forbidden', 'Pairing codes are only accepted from the server\'s /pair page.');
  }
  const config = await loadConfig();
  if (config.server === server && config.token && (await tokenStillWorks(config))) {
    return { paired: true, already: true, server, status: (await refreshStatus()).state };
  }
  return pairWith(server, code);
}

/** From the options page: a code typed by hand (from `tandem pair`). */
async function pairWithCode({ code, server }) {
  return pairWith(normaliseServer(server || (await loadConfig()).server), code);
}

async function unpair() {
  await forgetToken();
  return { paired: false, status: (await refreshStatus()).state };
}

async function setServer({ server }) {
  const origin = normaliseServer(server);
  const config = await loadConfig();
  if (origin !== config.server) {
    await saveConfig({ server: origin });
    await forgetToken(); // a token belongs to the server that issued it
  }
  return { server: origin, status: (await refreshStatus()).state };
}

// ---------------------------------------------------------------- state and settings

/** For content scripts: enough to decide whether to run here and how to ask for suggestions. */
async function getState() {
  const config = await loadConfig();
  let settings = null;
  if (config.token) {
    try {
      settings = (await requestJson('/api/settings', { config })).settings;
    } catch {
      // server down or token rejected: the badge says so; the content script uses defaults
    }
  }
  return { paired: Boolean(config.token), server: config.server, status: currentStatus(), settings, tones: TONES };
}

/** For the options page: settings, the models Ollama has, and the connection state. */
async function getSettings() {
  const config = await loadConfig();
  const status = await refreshStatus();
  const base = { server: config.server, paired: Boolean(config.token), status: { state: status.state, detail: status.detail },
    health: status.health, tones: TONES, platforms: PLATFORMS, settings: null, help: {} };
  if (!config.token) return base;
  try {
    const { settings, help } = await requestJson('/api/settings', { config });
    return { ...base, settings, help };
  } catch (error) {
    return { ...base, error: { code: error.code, message: error.message } };
  }
}

async function saveSettings({ settings }) {
  const patch = Object.fromEntries(SETTING_KEYS.filter((key) => settings && key in settings).map((key) => [key, settings[key]]));
  const saved = await requestJson('/api/settings', { method: 'PATCH', body: patch });
  refreshStatus(); // a new model may change the engine
  return saved;
}

/** For the options page: the voice profile, or with `profile`, save its name, sign-off and allow-list. */
async function voice({ profile }) {
  if (profile === undefined) return requestJson('/api/voice');
  const patch = Object.fromEntries(VOICE_KEYS.filter((key) => profile && key in profile).map((key) => [key, profile[key]]));
  const saved = await requestJson('/api/voice', { method: 'PATCH', body: patch });
  creatorName = null; // quick replies fill {creator} with the new name
  return saved;
}

// ---------------------------------------------------------------- the suggestion loop

async function feedback({ id, action, final_text: finalText, seconds, suggestion_text: suggestionText, comment }) {
  if (!SUGGESTION_ID.test(String(id)) || !FEEDBACK_ACTIONS.has(action)) {
    throw new ServerError('invalid_feedback', 'Feedback needs a suggestion id and one of inserted, edited, sent, dismissed.');
  }
  const body = { action };
  if (typeof finalText === 'string') body.final_text = finalText;
  if (typeof seconds === 'number' && seconds >= 0) body.seconds = Math.round(seconds * 10) / 10;
  // A draft from the inbox may be older than the server's memory of the suggestions it issued
  // (a restart since): what it said and what it answered let the ledger record it anyway.
  const answered = comment && PLATFORMS.includes(comment.platform) ? cleanComment(comment, comment.platform) : null;
  if (typeof suggestionText === 'string' && suggestionText && answered) {
    body.suggestion_text = suggestionText.slice(0, 10_000).toWellFormed();
    body.comment = answered;
  }
  return requestJson(`/api/suggestions/${id}/feedback`, { method: 'POST', body });
}

async function creator() {
  if (creatorName === null) {
    try {
      creatorName = (await requestJson('/api/voice')).profile?.name || '';
    } catch {
      return '';
    }
  }
  return creatorName;
}

async function searchSnippets({ q }) {
  const query = typeof q === 'string' ? q.slice(0, 200) : '';
  const [{ items }, name] = await Promise.all([requestJson(`/api/snippets?q=${encodeURIComponent(query)}`), creator()]);
  return {
    items: items.slice(0, PALETTE_SIZE).map(({ id, title, text, tags }) => ({ id, title, text, tags })),
    creator: name,
  };
}

// ---------------------------------------------------------------- the side panel

/**
 * sidePanel.open() only works inside a user gesture. A click on the page's chip reaches us as
 * this message, and Chrome carries the gesture through runtime.sendMessage as long as open() is
 * called synchronously here, before any await.
 */
function openPanel(_message, sender) {
  if (api.sidePanel?.open && sender.tab) {
    return api.sidePanel.open({ tabId: sender.tab.id }).then(() => ({ opened: true }));
  }
  if (api.sidebarAction?.open) {
    // Firefox only honours this from its own user-action handlers; say where the sidebar is.
    return api.sidebarAction.open().then(() => ({ opened: true }), () => {
      throw new ServerError('needs_click', 'Open Tandem\'s sidebar from the toolbar button or the View > Sidebar menu.');
    });
  }
  throw new ServerError('unsupported', 'This browser has no side panel for Tandem.');
}

async function status() {
  return refreshStatus();
}

export const handlers = {
  pair,
  pairWithCode,
  unpair,
  setServer,
  getState,
  getSettings,
  saveSettings,
  voice,
  feedback,
  searchSnippets,
  inboxSync,
  inboxStatus,
  openPanel,
  status,
};

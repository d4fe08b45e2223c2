// Tandem background: the server address, the pairing token, and every HTTP call to the server.
//
// This is the only module in the extension that calls fetch(). Content scripts never fetch the
// server themselves: on public pages Chrome blocks that (CORS, Local Network Access), while the
// service worker's host_permissions for http://127.0.0.1/* are not blocked. The token lives in
// storage.local and is only ever put in an Authorization header, never logged or returned to a
// content script.

import { api, DEFAULT_SERVER, LOOPBACK_HOSTS } from './constants.js';

export class ServerError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

// ---------------------------------------------------------------- address and token

export async function loadConfig() {
  const { server, token } = await api.storage.local.get(['server', 'token']);
  return { server: server || DEFAULT_SERVER, token: token || '' };
}

export async function saveConfig(values) {
  await api.storage.local.set(values);
}

export async function forgetToken() {
  await api.storage.local.remove('token');
}

/** "127.0.0.1:8765/", "http://localhost:8765" ... -> "http://127.0.0.1:8765"; anything else throws. */
export function normaliseServer(text) {
  let url;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(String(text).trim()) ? String(text).trim() : `http://${String(text).trim()}`);
  } catch {
    throw new ServerError('invalid_server', `"${String(text).slice(0, 100)}" is not an address. Use http://127.0.0.1:8765.`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ServerError('invalid_server', 'Tandem runs on your own computer: use http://127.0.0.1:<port> or http://localhost:<port>.');
  }
  return url.origin;
}

// ---------------------------------------------------------------- outcomes (for the badge)

let outcomeListener = () => {};

/** status.js subscribes here, so every call updates the badge without server.js knowing it. */
export function observeOutcomes(listener) {
  outcomeListener = listener;
}

// ---------------------------------------------------------------- requests

const MESSAGES = {
  server_down: (server) => `Tandem's server is not answering at ${server}. Start it with \`tandem serve\`.`,
  not_paired: () => 'Not paired: open the pairing page of your Tandem server (or type a code in Tandem\'s options).',
  token_rejected: () => 'Not paired: the server rejected this browser\'s token. Pair again from the options page.',
};

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through to a generic message
  }
  if (response.status === 401) return new ServerError('not_paired', MESSAGES.token_rejected(), 401);
  const error = body?.error;
  return new ServerError(error?.code || `http_${response.status}`, error?.message || `The server answered HTTP ${response.status}.`, response.status);
}

/**
 * One call to the server. Returns the Response (2xx only); throws ServerError otherwise.
 * options: method, body (JSON), auth (send the token; default true), signal, config (override the
 * stored address/token, used while pairing), quiet (do not report the outcome: status probes).
 */
export async function request(path, options = {}) {
  const { method = 'GET', body, auth = true, signal, quiet = false } = options;
  const config = options.config || (await loadConfig());
  const report = quiet ? () => {} : outcomeListener;
  if (auth && !config.token) {
    report('not_paired');
    throw new ServerError('not_paired', MESSAGES.not_paired());
  }
  const headers = { Accept: 'application/json' };
  if (auth) headers.Authorization = `Bearer ${config.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(config.server + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error', // a redirect away from loopback would carry the token elsewhere
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    report('server_down');
    throw new ServerError('server_down', MESSAGES.server_down(config.server));
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    report(error.code === 'not_paired' ? 'not_paired' : 'answered');
    throw error;
  }
  report('answered');
  return response;
}

export async function requestJson(path, options = {}) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

/** Turn anything thrown into the {code, message} shape the content scripts and pages show. */
export function describeError(error) {
  if (error instanceof ServerError) return { code: error.code, message: error.message };
  return { code: 'internal', message: `Tandem hit an unexpected problem: ${error?.message || error}` };
}

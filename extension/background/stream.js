// Tandem background: suggestions streamed to a content script over a runtime port named "suggest".
//
// The content script posts {type: "suggest", body: {comment, n, tone}}; we POST
// /api/suggest/stream and forward every NDJSON event (start, token, draft, fallback, done) to the
// port the moment its line arrives, so the card can show each suggestion as soon as the model has
// finished it. A new "suggest" on the same port (regenerate) or a closed port (card dismissed,
// tab closed) aborts the request in flight. The content script pings while it waits, which keeps
// this worker awake through a slow model (an MV3 worker idles out after ~30 s without events).

import { request, describeError } from './server.js';
import { noteEngine } from './status.js';

const BODY_KEYS = ['comment', 'n', 'tone'];

/** Split a byte stream into parsed JSON lines; a line that is not JSON becomes an error event. */
async function* ndjson(stream) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const parse = (line) => {
    try {
      return JSON.parse(line);
    } catch {
      return { type: 'error', error: { code: 'bad_stream', message: 'The server sent a line Tandem could not read.' } };
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const line of lines) if (line.trim()) yield parse(line);
    if (done) break;
  }
  if (buffer.trim()) yield parse(buffer);
}

function post(port, event) {
  try {
    port.postMessage(event);
    return true;
  } catch {
    return false; // the port closed under us: the card is gone
  }
}

async function stream(port, body, signal) {
  try {
    const response = await request('/api/suggest/stream', { method: 'POST', body, signal });
    let finished = false;
    for await (const event of ndjson(response.body)) {
      if (signal.aborted || !post(port, event)) return;
      if (event.type === 'done') {
        finished = true;
        noteEngine(event);
      }
    }
    if (!finished && !signal.aborted) {
      post(port, { type: 'error', error: { code: 'stream_cut', message: 'The server stopped before the suggestions were complete. Try again.' } });
    }
  } catch (error) {
    if (!signal.aborted) post(port, { type: 'error', error: describeError(error) });
  }
}

/** runtime.onConnect for ports named "suggest". */
export function serveSuggestions(port) {
  let controller = null;
  port.onMessage.addListener((message) => {
    if (message?.type !== 'suggest') return; // "ping" only keeps the worker awake
    controller?.abort();
    controller = new AbortController();
    const body = Object.fromEntries(BODY_KEYS.filter((key) => key in (message.body || {})).map((key) => [key, message.body[key]]));
    stream(port, body, controller.signal);
  });
  port.onDisconnect.addListener(() => controller?.abort());
}

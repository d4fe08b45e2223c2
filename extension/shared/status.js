// Tandem: the connection state as the options page and the side panel show it (an ES module).
//   describeStatus(status) -> one sentence the creator can act on
//   watchStatus(onStatus)  follow the state: background pushes every change over a "watch" port
//                          (and re-checks the server periodically while a watcher is connected)

const { api } = globalThis.TandemBridge;

const TEXT = {
  ok: () => 'Connected. Suggestions come from your model.',
  saved: (status) => `Connected, but suggestions come from your saved replies: ${status.detail}`,
  down: (status) => `Tandem's server is not answering${status.detail ? ` (${status.detail})` : ''}. Start it with \`tandem serve\`, or check the server address in the options.`,
  not_paired: (status) => `Not paired. ${status.detail || 'Open the server\'s pairing page, or type a code in the options.'}`,
  unknown: () => 'Checking Tandem\'s server…',
};

export function stateOf(status) {
  return Object.hasOwn(TEXT, status?.state) ? status.state : 'unknown';
}

export function describeStatus(status) {
  return TEXT[stateOf(status)](status || {});
}

/** Show a status in an element: its text, and data-state for styling and tests. */
export function showStatus(element, status) {
  element.dataset.state = stateOf(status);
  element.textContent = describeStatus(status);
}

export function watchStatus(onStatus) {
  const port = api.runtime.connect({ name: 'watch' });
  port.onMessage.addListener((message) => {
    if (message?.type === 'status') onStatus(message.status);
  });
  port.onDisconnect.addListener(() => setTimeout(() => watchStatus(onStatus), 1000)); // the worker restarted
}

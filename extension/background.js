// Tandem background (a module service worker on Chrome, a module event page on Firefox).
//
// The only code that talks to the local server. It wires the browser's events to the modules in
// background/: one dispatch table for runtime messages (handlers.js), runtime ports for the
// suggestion stream and for pages watching the connection state, keyboard commands, and the badge.

import { api } from './background/constants.js';
import { COMMANDS, onCommand } from './background/commands.js';
import { EXTENSION_PAGES_ONLY, handlers } from './background/handlers.js';
import { describeError, ServerError } from './background/server.js';
import { refreshStatus, watchStatus } from './background/status.js';
import { serveSuggestions } from './background/stream.js';

const EXTENSION_ORIGIN = api.runtime.getURL('');

function fromExtensionPage(sender) {
  return typeof sender.url === 'string' && sender.url.startsWith(EXTENSION_ORIGIN);
}

function dispatch(message, sender, sendResponse) {
  if (sender.id !== api.runtime.id) return false;
  const type = message?.type;
  // Not ours to answer (e.g. a content script telling the side panel its comments changed).
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return false;
  let result;
  try {
    if (EXTENSION_PAGES_ONLY.has(type) && !fromExtensionPage(sender)) {
      throw new ServerError('forbidden', `"${type}" is only available from Tandem's own pages.`);
    }
    result = handlers[type](message, sender); // synchronous call: openPanel needs the user gesture
  } catch (error) {
    sendResponse({ ok: false, error: describeError(error) });
    return false;
  }
  Promise.resolve(result).then(
    (data) => sendResponse({ ok: true, data: data ?? null }),
    (error) => sendResponse({ ok: false, error: describeError(error) }),
  );
  return true; // we answer asynchronously
}

const ports = { suggest: serveSuggestions, watch: watchStatus };

api.runtime.onMessage.addListener(dispatch);
api.runtime.onConnect.addListener((port) => {
  if (port.sender?.id === api.runtime.id && Object.hasOwn(ports, port.name)) ports[port.name](port);
  else port.disconnect();
});
api.commands.onCommand.addListener((command, tab) => {
  onCommand(command, tab);
});

// The toolbar button opens the side panel (Chrome) or toggles the sidebar (Firefox).
if (api.sidePanel?.setPanelBehavior) {
  api.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
} else if (api.sidebarAction?.toggle) {
  api.action.onClicked.addListener(() => api.sidebarAction.toggle());
}

// The worker starts on install, on browser start and whenever an event wakes it: each time,
// the badge is brought up to date.
refreshStatus();

// For the devtools console and the browser tests: the same entry points the events use.
globalThis.tandem = Object.freeze({ handlers, onCommand, refreshStatus, COMMANDS });

// Tandem background: keyboard commands (manifest "commands") go to the content script of the tab
// they were pressed in.
//
// No "tabs" or "activeTab" permission is needed: onCommand hands us the tab, and
// tabs.sendMessage to our own content script needs no permission (only reading a tab's URL or
// title would). The content script decides what "the comment under focus" is.

import { api } from './constants.js';

export const COMMANDS = ['suggest', 'quick-replies', 'insert-first', 'next-unreplied'];

export async function onCommand(command, tab) {
  if (!COMMANDS.includes(command)) return { sent: false };
  const target = tab?.id !== undefined ? tab : (await api.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  if (target?.id === undefined) return { sent: false };
  try {
    await api.tabs.sendMessage(target.id, { type: 'command', command });
    return { sent: true };
  } catch {
    return { sent: false }; // no Tandem content script on that page (a site Tandem does not read)
  }
}

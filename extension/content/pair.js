// Tandem: pairing in one step. On the server's own /pair page (http://127.0.0.1:<port>/pair or
// localhost), read the one-time code from <meta name="tandem-pairing-code"> and hand it to the
// background, which trades it for the token and remembers this server. Everywhere else: nothing.
//
// The background re-checks that the message came from a /pair page on a loopback origin, so a
// page elsewhere cannot pair the extension with a server of its choosing.
(() => {
  'use strict';
  if (location.pathname !== '/pair') return;
  const meta = document.querySelector('meta[name="tandem-pairing-code"]');
  const code = meta?.getAttribute('content');
  if (!code) return;
  const status = document.getElementById('tandem-pair-status');

  function say(text, state) {
    if (!status) return;
    status.textContent = text;
    status.dataset.tandemPaired = state;
  }

  say('Pairing with Tandem…', 'pending');
  globalThis.TandemBridge.send('pair', { code, origin: location.origin }).then(
    (result) => say(result.already
      ? `Paired ✓ This browser was already paired with ${result.server}. You can close this tab.`
      : `Paired ✓ Tandem's extension now talks to ${result.server}. You can close this tab.`, 'yes'),
    (error) => say(`Pairing failed: ${error.message} You can type the code below in Tandem's options page instead.`, 'no'),
  );
})();

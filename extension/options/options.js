// Tandem options page: server address, pairing, and the creator's suggestion settings.
// Everything goes through background.js (TandemBridge.send); this page never calls the server.

import { showStatus as showStatusIn, watchStatus } from '../shared/status.js';

const { api, send } = globalThis.TandemBridge;
const $ = (id) => document.getElementById(id);

const SITE_NAMES = {
  youtube: 'YouTube', x: 'X (Twitter)', reddit: 'Reddit', instagram: 'Instagram', tiktok: 'TikTok',
  facebook: 'Facebook', linkedin: 'LinkedIn', demo: 'Tandem\'s demo page',
};

let current = null; // the last getSettings answer

function showStatus(status) {
  showStatusIn($('status'), status);
}

function showResult(text, isError = false) {
  $('settings-result').textContent = text;
  $('settings-result').toggleAttribute('data-error', isError);
}

function option(value, label = value) {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = label;
  return node;
}

function fillModels(health, chosen) {
  const models = [...(health?.ollama?.models || [])];
  const select = $('model');
  select.replaceChildren(...models.map((name) => option(name)));
  if (chosen && !models.includes(chosen)) select.prepend(option(chosen, `${chosen} (not installed: ollama pull ${chosen})`));
  select.value = chosen || models[0] || '';
}

function fillSites(platforms, enabled) {
  $('sites').replaceChildren($('sites').querySelector('legend'), ...platforms.map((platform) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'sites';
    box.value = platform;
    box.checked = enabled.includes(platform);
    label.append(box, ` ${SITE_NAMES[platform] || platform}`);
    return label;
  }));
}

function render(data) {
  current = data;
  $('server').value = data.server;
  showStatus(data.status);
  $('pairing-state').dataset.paired = data.paired ? 'yes' : 'no';
  $('pairing-state').textContent = data.paired
    ? `Paired with ${data.server}.`
    : 'Not paired yet. Open the pairing page while the server runs, or type a code from `tandem pair`.';
  $('unpair').disabled = !data.paired;
  $('tone').replaceChildren(...data.tones.map((tone) => option(tone)));
  const settings = data.settings;
  $('settings-fields').disabled = !settings;
  if (settings) {
    fillModels(data.health, settings.model);
    $('tone').value = settings.tone;
    $('n').value = settings.n;
    fillSites(data.platforms, settings.sites);
    showResult('');
  } else {
    fillSites(data.platforms, []);
    showResult(data.error?.message || 'Settings are available once Tandem is paired and its server is running.', Boolean(data.error));
  }
}

async function load() {
  try {
    render(await send('getSettings'));
  } catch (error) {
    showStatus({ state: 'down', detail: error.message });
  }
}

/** Run an action from a form or button; report its error where the creator is looking. */
function act(run) {
  return async (event) => {
    event.preventDefault();
    try {
      await run();
    } catch (error) {
      showResult(error.message, true);
      $('status').textContent = error.message;
    }
  };
}

$('server-form').addEventListener('submit', act(async () => {
  await send('setServer', { server: $('server').value });
  await load();
}));

$('open-pair').addEventListener('click', act(async () => {
  await api.tabs.create({ url: `${current?.server || $('server').value}/pair` });
}));

$('code-form').addEventListener('submit', act(async () => {
  await send('pairWithCode', { code: $('code').value, server: $('server').value });
  $('code').value = '';
  await load();
}));

$('unpair').addEventListener('click', act(async () => {
  await send('unpair');
  await load();
}));

$('settings-form').addEventListener('submit', act(async () => {
  const settings = {
    tone: $('tone').value,
    n: Number($('n').value),
    sites: [...document.querySelectorAll('input[name="sites"]:checked')].map((box) => box.value),
  };
  if ($('model').value) settings.model = $('model').value;
  await send('saveSettings', { settings });
  showResult('Saved.');
  await load();
}));

function onStatus(status) {
  showStatus(status);
  const paired = status.state !== 'not_paired';
  if (current && paired !== current.paired) load(); // paired or unpaired elsewhere (the /pair page)
}

load();
watchStatus(onStatus);

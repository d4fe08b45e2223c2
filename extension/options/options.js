// Tandem options page: server address, pairing, the creator's suggestion settings and the core
// of their voice (name, sign-off, allow-list; the rest is on the dashboard's /voice page).
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
    $('blur-toxic').checked = settings.blur_toxic_on_pages === true;
    showResult('');
  } else {
    fillSites(data.platforms, []);
    showResult(data.error?.message || 'Settings are available once Tandem is paired and its server is running.', Boolean(data.error));
  }
}

function showVoiceResult(text, isError = false) {
  $('voice-result').textContent = text;
  $('voice-result').toggleAttribute('data-error', isError);
}

/** The voice section: filled from /api/voice when paired and the server answers. */
async function loadVoice(data) {
  $('voice-more').href = `${data.server}/voice`;
  $('voice-fields').disabled = true;
  if (!data.settings) {
    showVoiceResult('Your voice is available once Tandem is paired and its server is running.');
    return;
  }
  try {
    const { profile } = await send('voice');
    $('voice-name').value = profile.name || '';
    $('voice-sign-off').value = profile.sign_off || '';
    $('voice-allow').value = (profile.allow_list || []).join('\n');
    $('voice-fields').disabled = false;
    showVoiceResult('');
  } catch (error) {
    showVoiceResult(error.message, true);
  }
}

async function load() {
  try {
    const data = await send('getSettings');
    render(data);
    await loadVoice(data);
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
    blur_toxic_on_pages: $('blur-toxic').checked,
  };
  if ($('model').value) settings.model = $('model').value;
  await send('saveSettings', { settings });
  showResult('Saved.');
  await load();
}));

$('voice-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const profile = {
    name: $('voice-name').value,
    sign_off: $('voice-sign-off').value,
    allow_list: $('voice-allow').value.split('\n').map((line) => line.trim()).filter(Boolean),
  };
  try {
    const saved = await send('voice', { profile });
    $('voice-allow').value = saved.profile.allow_list.join('\n');
    showVoiceResult('Saved.');
  } catch (error) {
    showVoiceResult(error.message, true);
  }
});

function onStatus(status) {
  showStatus(status);
  const paired = status.state !== 'not_paired';
  if (current && paired !== current.paired) load(); // paired or unpaired elsewhere (the /pair page)
}

load();
watchStatus(onStatus);

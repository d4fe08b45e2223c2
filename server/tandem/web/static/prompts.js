// Tandem dashboard: prompt templates (/prompts). List, edit, save, reset and preview.
// Unsaved edits are kept per template while the page is open, so switching templates loses
// nothing; the list marks them. Template text and previews are shown as text only.
'use strict';

(() => {
  const root = document.getElementById('prompts-app');
  if (!root) return;
  const { api, el, say } = window.TandemDashboard;
  const $ = (id) => document.getElementById(id);

  const PLATFORMS = { youtube: 'YouTube', x: 'X', reddit: 'Reddit', instagram: 'Instagram', tiktok: 'TikTok',
    facebook: 'Facebook', linkedin: 'LinkedIn', demo: 'Demo page' };
  const ABOUT = {
    system: 'The instructions the model reads first: who you are (your voice profile) and how to write.',
    request: 'The message that carries the comment itself, with the site, the tone, your post notes and examples.',
    examples: 'How your past replies closest to the comment are shown to the model.',
    personalise: 'Adapts one answer you wrote for everyone who asked the same thing to each commenter. It is not part of the reply prompt, so the preview does not show it.',
    style_summary: 'Asks the model to describe how you write from your past replies. It is not part of the reply prompt, so the preview does not show it.',
  };
  const GROUPS = [
    ['Reply prompt', (name) => ['system', 'request', 'examples'].includes(name)],
    ['Sites', (name) => name.startsWith('platform_')],
    ['Tones', (name) => name.startsWith('tone_')],
    ['Other', () => true],
  ];

  const state = { prompts: [], selected: null, loaded: new Map(), drafts: new Map(), seq: 0 };

  function about(name) {
    if (ABOUT[name]) return ABOUT[name];
    if (name.startsWith('platform_')) {
      const site = PLATFORMS[name.slice(9)] || name.slice(9);
      return `Notes about replying on ${site}, added to the request for comments from there. The preview uses a ${site} comment.`;
    }
    if (name.startsWith('tone_')) return `What the “${name.slice(5)}” tone means, added to the request when that tone is chosen. The preview uses this tone.`;
    return '';
  }

  function label(name) {
    if (name.startsWith('platform_')) return PLATFORMS[name.slice(9)] || name.slice(9);
    if (name.startsWith('tone_')) return name.slice(5);
    return name;
  }

  // ------------------------------------------------------------------ the list

  function renderList() {
    const used = new Set();
    const groups = GROUPS.map(([title, test]) => {
      const names = state.prompts.filter((prompt) => !used.has(prompt.name) && test(prompt.name));
      names.forEach((prompt) => used.add(prompt.name));
      if (!names.length) return null;
      const id = `group-${title.toLowerCase().replace(/\W+/g, '-')}`;
      return el('div', { class: 'group' },
        el('h3', { id }, title),
        el('ul', { 'aria-labelledby': id }, names.map((prompt) => {
          const unsaved = state.drafts.has(prompt.name);
          return el('li', {},
            el('button', { type: 'button', class: 'template', 'data-name': prompt.name,
              'aria-current': prompt.name === state.selected ? 'true' : null },
            el('span', { class: 'template-name' }, label(prompt.name)),
            prompt.overridden ? el('span', { class: 'badge edited' }, 'edited') : null,
            unsaved ? el('span', { class: 'badge unsaved' }, 'unsaved') : null));
        })));
    });
    $('template-groups').replaceChildren(...groups.filter(Boolean));
  }

  $('template-groups').addEventListener('click', (event) => {
    const button = event.target.closest('button.template');
    if (button) select(button.dataset.name);
  });

  async function loadList() {
    state.prompts = (await api('GET', '/api/prompts')).prompts;
    renderList();
  }

  // ------------------------------------------------------------------ the editor

  function current() {
    return state.loaded.get(state.selected);
  }

  function editorText() {
    return $('template-text').value;
  }

  function renderState() {
    const prompt = current();
    if (!prompt) return;
    const unsaved = editorText() !== prompt.text;
    const badge = $('editor-state');
    badge.textContent = unsaved ? 'unsaved changes' : prompt.overridden ? 'your version' : 'default';
    badge.className = `badge ${unsaved ? 'unsaved' : prompt.overridden ? 'edited' : ''}`;
    $('reset').disabled = !prompt.overridden;
    $('revert').disabled = !unsaved;
    $('save').disabled = !unsaved;
  }

  async function select(name, { focus = true } = {}) {
    if (!name) return;
    const seq = ++state.seq;
    stash();
    say($('prompt-error'), '');
    say($('prompt-result'), '');
    say($('preview-error'), '');
    say($('preview-result'), '');
    $('confirm-reset').hidden = true;
    try {
      if (!state.loaded.has(name)) state.loaded.set(name, await api('GET', `/api/prompts/${encodeURIComponent(name)}`));
    } catch (error) {
      say($('prompt-error'), error.message, 'error');
      return;
    }
    if (seq !== state.seq) return;
    state.selected = name;
    const prompt = current();
    $('editor').hidden = false;
    $('editor-title').textContent = name;
    $('editor-about').textContent = about(name);
    $('variables').replaceChildren(...(prompt.variables.length
      ? prompt.variables.map((variable) => el('li', {}, el('code', {}, `{{${variable}}}`)))
      : [el('li', { class: 'muted' }, 'None: this is plain text added to the prompt.')]));
    $('template-text').value = state.drafts.has(name) ? state.drafts.get(name) : prompt.text;
    $('template-text').rows = Math.min(24, Math.max(6, $('template-text').value.split('\n').length + 2));
    $('messages').replaceChildren();
    const site = name.startsWith('platform_') ? name.slice(9) : null;
    $('s-platform').disabled = Boolean(site);
    if (site) $('s-platform').value = site;
    renderState();
    renderList();
    if (window.location.hash !== `#${name}`) window.history.replaceState(null, '', `#${name}`);
    root.dataset.selected = name;
    if (focus) $('template-text').focus({ preventScroll: true });
  }

  /** Keep the editor's unsaved text for the template being left. */
  function stash() {
    const prompt = current();
    if (!prompt) return;
    if (editorText() !== prompt.text) state.drafts.set(state.selected, editorText());
    else state.drafts.delete(state.selected);
  }

  $('template-text').addEventListener('input', () => {
    const hadDraft = state.drafts.has(state.selected);
    stash();
    renderState();
    if (hadDraft !== state.drafts.has(state.selected)) renderList();
    if ($('prompt-result').dataset.kind === 'ok') say($('prompt-result'), '');
  });

  function accept(saved) {
    state.loaded.set(saved.name, saved);
    state.drafts.delete(saved.name);
    const entry = state.prompts.find((prompt) => prompt.name === saved.name);
    if (entry) entry.overridden = saved.overridden;
    $('template-text').value = saved.text;
    renderState();
    renderList();
  }

  async function save() {
    const name = state.selected;
    say($('prompt-error'), '');
    say($('prompt-result'), 'Saving…');
    try {
      accept(await api('PUT', `/api/prompts/${encodeURIComponent(name)}`, { text: editorText() }));
      say($('prompt-result'), 'Saved. New suggestions use it now.', 'ok');
    } catch (error) {
      say($('prompt-result'), 'Not saved.', 'error');
      say($('prompt-error'), error.message, 'error');
      focusLine(error.message);
    }
  }

  /** Put the cursor on the line a "Line N: ..." message names. */
  function focusLine(message) {
    const match = /^Line (\d+):/.exec(message || '');
    if (!match) return;
    const area = $('template-text');
    const lines = area.value.split('\n');
    const line = Math.min(Number(match[1]), lines.length) - 1;
    const start = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
    area.focus({ preventScroll: true });
    area.setSelectionRange(start, start + lines[line].length);
  }

  async function reset() {
    const name = state.selected;
    $('confirm-reset').hidden = true;
    say($('prompt-error'), '');
    try {
      accept(await api('DELETE', `/api/prompts/${encodeURIComponent(name)}`));
      say($('prompt-result'), 'Back to the default.', 'ok');
    } catch (error) {
      say($('prompt-error'), error.message, 'error');
    }
    $('reset').focus();
  }

  $('save').addEventListener('click', save);
  $('reset').addEventListener('click', () => {
    $('confirm-reset').hidden = false;
    $('confirm-reset-yes').focus();
  });
  $('confirm-reset-yes').addEventListener('click', reset);
  $('confirm-reset-no').addEventListener('click', () => { $('confirm-reset').hidden = true; $('reset').focus(); });
  $('revert').addEventListener('click', () => {
    $('template-text').value = current().text;
    stash();
    renderState();
    renderList();
    say($('prompt-error'), '');
    say($('prompt-result'), 'Changes discarded.');
  });
  $('template-text').addEventListener('keydown', (event) => {
    if (event.key === 's' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); if (!$('save').disabled) save(); }
  });

  // ------------------------------------------------------------------ preview

  async function preview() {
    const name = state.selected;
    say($('preview-error'), '');
    say($('preview-result'), 'Building the prompt…');
    const comment = { platform: $('s-platform').value, author: $('s-author').value, text: $('s-text').value,
      post_title: $('s-title').value };
    try {
      const data = await api('POST', `/api/prompts/${encodeURIComponent(name)}/preview`, { text: editorText(), comment });
      if (name !== state.selected) return;
      $('messages').replaceChildren(...data.messages.map((message) => el('li', { class: `message role-${message.role}` },
        el('h4', { class: 'role' }, message.role),
        el('pre', { class: 'content' }, message.content))));
      const unsaved = editorText() !== current().text;
      say($('preview-result'), `${data.messages.length} messages${unsaved ? ', with your unsaved text' : ''}.`, 'ok');
    } catch (error) {
      $('messages').replaceChildren();
      say($('preview-result'), '');
      say($('preview-error'), error.message, 'error');
    }
  }

  $('preview').addEventListener('click', preview);

  // ------------------------------------------------------------------ start

  for (const [key, name] of Object.entries(PLATFORMS)) $('s-platform').append(el('option', { value: key }, name));

  window.addEventListener('hashchange', () => {
    const name = decodeURIComponent(window.location.hash.slice(1));
    if (name && name !== state.selected && state.prompts.some((prompt) => prompt.name === name)) select(name);
  });

  async function start() {
    try {
      await loadList();
    } catch (error) {
      const retry = el('button', { type: 'button' }, 'Try again');
      retry.addEventListener('click', () => { $('load-error').hidden = true; start(); });
      $('load-error').replaceChildren(el('span', {}, `Could not load the templates: ${error.message} `), retry);
      $('load-error').hidden = false;
      return;
    }
    const wanted = decodeURIComponent(window.location.hash.slice(1));
    const first = state.prompts.some((prompt) => prompt.name === wanted) ? wanted : 'system';
    await select(state.prompts.some((prompt) => prompt.name === first) ? first : state.prompts[0]?.name, { focus: false });
    root.dataset.loaded = 'yes';
  }

  start();
})();

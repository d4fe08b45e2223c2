// Tandem dashboard: your voice (/voice). Profile, learned style notes, post notes, the
// past-replies library with import, and the per-site disclosure tags.
// Everything from the server is put on the page as text (dashboard.js el() / textContent).
'use strict';

(() => {
  const root = document.getElementById('voice-app');
  if (!root) return;
  const { api, request, el, say, number } = window.TandemDashboard;
  const $ = (id) => document.getElementById(id);

  const PROFILE_TEXT = ['name', 'persona', 'audience', 'style', 'emoji', 'typical_length', 'sign_off', 'style_summary'];
  const PROFILE_LISTS = ['rules_do', 'rules_dont', 'languages', 'off_limits', 'allow_list'];
  const PLATFORMS = { youtube: 'YouTube', x: 'X', reddit: 'Reddit', instagram: 'Instagram', tiktok: 'TikTok',
    facebook: 'Facebook', linkedin: 'LinkedIn', demo: 'Demo page' };

  const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean);
  const when = (value) => {
    if (!value) return '';
    const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
  };

  /** Run an action; its failure is shown in `errorNode` as the server worded it. */
  async function attempt(errorNode, action) {
    say(errorNode, '');
    try {
      return await action();
    } catch (error) {
      say(errorNode, error.message, 'error');
      return undefined;
    }
  }

  // ------------------------------------------------------------------ profile

  let pastReplies = 0;

  function fillProfile(data) {
    const profile = data.profile || {};
    for (const key of PROFILE_TEXT) $(`v-${key}`).value = profile[key] || '';
    for (const key of PROFILE_LISTS) $(`v-${key}`).value = (profile[key] || []).join('\n');
    setPastReplies(data.past_replies);
  }

  function readProfile() {
    const profile = {};
    for (const key of PROFILE_TEXT) profile[key] = $(`v-${key}`).value;
    for (const key of PROFILE_LISTS) profile[key] = lines($(`v-${key}`).value);
    return profile;
  }

  $('profile-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    say($('profile-result'), 'Saving…');
    const saved = await attempt($('profile-error'), () => api('PUT', '/api/voice', readProfile()));
    if (saved) {
      fillProfile(saved);
      say($('profile-result'), `Saved at ${new Date().toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' })}.`, 'ok');
    } else {
      say($('profile-result'), 'Not saved.', 'error');
    }
  });
  // The model writes the summary from past replies; it lands in the field, saved, and editable.
  $('summary-button').addEventListener('click', async () => {
    say($('summary-result'), 'Your model is reading your replies…');
    $('summary-button').disabled = true;
    const written = await attempt($('profile-error'), () => api('POST', '/api/voice/summary', {}));
    $('summary-button').disabled = false;
    if (written) {
      $('v-style_summary').value = written.profile.style_summary || '';
      say($('summary-result'), 'Written and saved. Edit it if it misses something.', 'ok');
    } else {
      say($('summary-result'), '');
    }
  });

  $('v-their-language').addEventListener('change', async (event) => {
    await attempt($('profile-error'),
      () => api('PATCH', '/api/settings', { reply_in_their_language: event.target.checked }));
  });

  $('profile-form').addEventListener('input', () => {
    if ($('profile-result').dataset.kind === 'ok') say($('profile-result'), 'Unsaved changes.');
  });

  // ------------------------------------------------------------------ learned style notes

  async function loadStyleNotes() {
    const { notes } = await api('GET', '/api/voice/notes');
    $('style-notes').replaceChildren(...notes.map((note) => el('li', { class: 'note', 'data-id': note.id },
      el('span', { class: 'note-text' }, note.text),
      el('span', { class: note.active ? 'badge on' : 'badge' },
        note.active ? 'in the prompt' : `seen ${note.count} ${note.count === 1 ? 'time' : 'times'}, not yet in the prompt`),
      el('button', { type: 'button', class: 'quiet delete', 'data-id': note.id, 'aria-label': `Delete the note: ${note.text}` }, 'Delete'))));
    $('style-empty').hidden = notes.length > 0;
  }

  $('style-notes').addEventListener('click', async (event) => {
    const button = event.target.closest('button.delete');
    if (!button) return;
    const text = button.closest('.note').querySelector('.note-text').textContent;
    button.disabled = true;
    const done = await attempt($('style-result'), async () => {
      await api('DELETE', `/api/voice/notes/${button.dataset.id}`);
      await loadStyleNotes();
      return true;
    });
    if (done) say($('style-result'), `Deleted “${text}”. It will not be learned again.`, 'ok');
    else button.disabled = false;
  });

  // ------------------------------------------------------------------ post notes

  let editingPost = null; // id of the notes being edited, or null when adding
  let postNotes = [];

  async function loadPostNotes() {
    postNotes = (await api('GET', '/api/notes')).items;
    $('post-notes').replaceChildren(...postNotes.map((note) => el('li', { class: 'post-note', 'data-id': note.id },
      el('div', { class: 'post-head' },
        el('strong', { class: 'post-title' }, note.post_title || note.url),
        note.post_title && note.url ? el('span', { class: 'post-url muted' }, note.url) : null),
      note.notes ? el('p', { class: 'post-text' }, note.notes) : null,
      note.allow.length ? el('p', { class: 'post-allow muted' }, 'Allowed here: ', note.allow.join(', ')) : null,
      el('div', { class: 'actions' },
        el('button', { type: 'button', 'data-action': 'edit', 'data-id': note.id }, 'Edit'),
        el('button', { type: 'button', class: 'danger', 'data-action': 'delete', 'data-id': note.id }, 'Delete')))));
    $('posts-empty').hidden = postNotes.length > 0;
  }

  function editPost(note) {
    editingPost = note ? note.id : null;
    $('p-url').value = note?.url || '';
    $('p-title').value = note?.post_title || '';
    $('p-notes').value = note?.notes || '';
    $('p-allow').value = (note?.allow || []).join('\n');
    $('post-form-title').textContent = note ? `Edit the notes for “${note.post_title || note.url}”` : 'Add notes for a post';
    $('post-save').textContent = note ? 'Save changes' : 'Add notes';
    $('post-cancel').hidden = !note;
    say($('post-error'), '');
    if (note) $('p-notes').focus();
  }

  $('post-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { url: $('p-url').value.trim(), post_title: $('p-title').value.trim(), notes: $('p-notes').value,
      allow: lines($('p-allow').value) };
    const adding = editingPost === null;
    const saved = await attempt($('post-error'), () =>
      (adding ? api('POST', '/api/notes', body) : api('PUT', `/api/notes/${editingPost}`, body)));
    if (!saved) { say($('post-result'), ''); return; }
    editPost(null);
    await attempt($('post-error'), loadPostNotes);
    say($('post-result'), adding ? 'Notes added.' : 'Notes saved.', 'ok');
  });
  $('post-cancel').addEventListener('click', () => { editPost(null); say($('post-result'), ''); });

  $('post-notes').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const note = postNotes.find((entry) => String(entry.id) === button.dataset.id);
    if (!note) return;
    if (button.dataset.action === 'edit') { editPost(note); return; }
    // Delete asks once more on the button itself: a second click within a few seconds deletes.
    if (button.dataset.armed !== 'yes') {
      button.dataset.armed = 'yes';
      button.textContent = 'Really delete?';
      button.classList.add('primary');
      setTimeout(() => {
        if (!button.isConnected) return;
        button.dataset.armed = '';
        button.textContent = 'Delete';
        button.classList.remove('primary');
      }, 4000);
      return;
    }
    const deleted = await attempt($('post-error'), async () => {
      await api('DELETE', `/api/notes/${note.id}`);
      await loadPostNotes();
      return true;
    });
    if (deleted) {
      if (editingPost === note.id) editPost(null);
      say($('post-result'), `Deleted the notes for “${note.post_title || note.url}”.`, 'ok');
    }
  });

  // ------------------------------------------------------------------ past replies

  const library = { q: '', page: 1, total: 0, shown: 0, seq: 0 };

  function setPastReplies(count) {
    pastReplies = Number(count) || 0;
    $('library-count').textContent = `(${number(pastReplies)})`;
  }

  function replyRow(item) {
    const meta = [PLATFORMS[item.platform] || item.platform, when(item.date || item.added_at),
      item.source === 'tandem' ? 'sent with Tandem' : item.source === 'import' ? 'imported' : item.source].filter(Boolean);
    return el('li', { class: 'reply-row', 'data-id': item.id },
      item.comment ? el('p', { class: 'reply-comment' }, item.comment) : el('p', { class: 'reply-comment muted' }, '(no comment saved)'),
      el('p', { class: 'reply-text' }, item.reply),
      el('div', { class: 'reply-meta' }, el('span', { class: 'muted' }, meta.join(' · ')),
        el('button', { type: 'button', class: 'quiet delete', 'data-id': item.id, 'aria-label': 'Delete this past reply' }, 'Delete')));
  }

  async function loadReplies({ more = false } = {}) {
    const seq = ++library.seq;
    const page = more ? library.page + 1 : 1;
    const params = new URLSearchParams({ page: String(page) });
    if (library.q) params.set('q', library.q);
    const data = await api('GET', `/api/replies?${params}`);
    if (seq !== library.seq) return;
    library.page = page;
    library.total = data.total;
    const rows = data.items.map(replyRow);
    if (more) $('replies').append(...rows);
    else $('replies').replaceChildren(...rows);
    library.shown = $('replies').children.length;
    $('replies-more').hidden = library.shown >= library.total;
    $('replies-empty').hidden = library.total > 0;
    $('replies-empty').textContent = library.q ? `No past reply contains “${library.q}”.`
      : 'No past replies yet. Import some above, or send a few replies with Tandem.';
    $('library-shown').textContent = library.total === 0 ? ''
      : library.q ? `${number(library.total)} ${library.total === 1 ? 'reply matches' : 'replies match'} “${library.q}”, showing ${number(library.shown)}.`
        : `Newest first, showing ${number(library.shown)} of ${number(library.total)}.`;
  }

  async function refreshLibrary() {
    await attempt($('library-result'), async () => {
      setPastReplies((await api('GET', '/api/voice')).past_replies);
      await loadReplies();
    });
  }

  let searchTimer = 0;
  $('r-q').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      library.q = $('r-q').value.trim();
      attempt($('library-result'), () => loadReplies());
    }, 250);
  });
  $('library-search').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    library.q = $('r-q').value.trim();
    attempt($('library-result'), () => loadReplies());
  });
  $('replies-more').addEventListener('click', () => attempt($('library-result'), () => loadReplies({ more: true })));

  $('replies').addEventListener('click', async (event) => {
    const button = event.target.closest('button.delete');
    if (!button) return;
    button.disabled = true;
    const deleted = await attempt($('library-result'), async () => { await api('DELETE', `/api/replies/${button.dataset.id}`); return true; });
    if (!deleted) { button.disabled = false; return; }
    const row = button.closest('.reply-row');
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    library.total -= 1;
    library.shown -= 1;
    setPastReplies(pastReplies - 1);
    $('library-shown').textContent = library.total ? `Showing ${number(library.shown)} of ${number(library.total)}.` : '';
    $('replies-empty').hidden = library.total > 0;
    say($('library-result'), 'Deleted that past reply.', 'ok');
    next?.querySelector('button.delete')?.focus();
  });

  // ------------------------------------------------------------------ import

  /** Rows a CSV holds, roughly (lines after the header), for the progress bar's end. */
  async function estimateRows(file) {
    if (file.size > 60_000_000) return 0;
    const text = await file.text();
    if (/^\s*[[{]/.test(text)) return 0; // JSON: unknown until parsed
    let count = 0;
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
    if (!text.endsWith('\n')) count += 1;
    return Math.max(0, count - 1);
  }

  function showProgress(rows, expected) {
    const bar = $('import-progress');
    if (expected > 0) {
      bar.max = expected;
      bar.value = Math.min(rows, expected);
      say($('import-text'), `Reading… ${number(rows)} of about ${number(expected)} rows`);
    } else {
      bar.removeAttribute('value'); // indeterminate
      say($('import-text'), `Reading… ${number(rows)} rows`);
    }
  }

  async function readEvents(response, onEvent) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n');
      while (end !== -1) {
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (line) onEvent(JSON.parse(line));
        end = buffer.indexOf('\n');
      }
    }
    if (buffer.trim()) onEvent(JSON.parse(buffer));
  }

  $('import-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('import-file').files[0];
    say($('import-error'), '');
    if (!file) {
      say($('import-error'), 'Choose a file to import first.', 'error');
      $('import-file').focus();
      return;
    }
    $('import-start').disabled = true;
    $('import-status').hidden = false;
    root.dataset.importing = 'yes';
    const expected = await estimateRows(file);
    showProgress(0, expected);
    const form = new FormData();
    form.append('file', file, file.name);
    if ($('import-platform').value) form.append('platform', $('import-platform').value);
    let outcome = null;
    try {
      const response = await request('POST', '/api/replies/import', { form });
      await readEvents(response, (update) => {
        if (update.type === 'progress') showProgress(update.rows, Math.max(expected, update.rows));
        else outcome = update;
      });
      if (!outcome) throw new Error('The import stopped before the server said it was done. Check the count below.');
    } catch (error) {
      outcome = { type: 'error', message: error.message };
    }
    if (outcome.type === 'done') {
      const bar = $('import-progress');
      bar.max = Math.max(1, outcome.rows);
      bar.value = bar.max;
      const skipped = outcome.rows - outcome.imported;
      say($('import-text'), `Imported ${number(outcome.imported)} ${outcome.imported === 1 ? 'reply' : 'replies'}`
        + (skipped ? ` (${number(skipped)} empty ${skipped === 1 ? 'row' : 'rows'} left out).` : '.'), 'ok');
      $('import-file').value = '';
    } else {
      $('import-status').hidden = true;
      say($('import-error'), outcome.message, 'error');
    }
    root.dataset.importing = '';
    $('import-start').disabled = false;
    await refreshLibrary();
  });

  // ------------------------------------------------------------------ disclosure tags

  let disclosure = {};

  function fillDisclosure(values) {
    disclosure = { ...values };
    $('disclosure-grid').replaceChildren(...Object.entries(PLATFORMS).map(([key, label]) => el('div', { class: 'field' },
      el('label', { for: `d-${key}` }, label),
      el('input', { id: `d-${key}`, name: key, maxlength: 80, autocomplete: 'off', placeholder: 'No tag' }))));
    for (const key of Object.keys(PLATFORMS)) $(`d-${key}`).value = disclosure[key] || '';
  }

  $('disclosure-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = { ...disclosure };
    for (const key of Object.keys(PLATFORMS)) values[key] = $(`d-${key}`).value.trim();
    const saved = await attempt($('disclosure-error'), () => api('PATCH', '/api/settings', { disclosure: values }));
    if (saved) {
      fillDisclosure(saved.settings.disclosure || {});
      say($('disclosure-result'), 'Tags saved.', 'ok');
    } else {
      say($('disclosure-result'), '');
    }
  });

  // ------------------------------------------------------------------ start

  const platformSelect = $('import-platform');
  for (const [key, label] of Object.entries(PLATFORMS)) platformSelect.append(el('option', { value: key }, label));

  async function start() {
    say($('load-error'), '');
    try {
      const [voice, settings] = await Promise.all([api('GET', '/api/voice'), api('GET', '/api/settings')]);
      fillProfile(voice);
      $('profile-fields').disabled = false;
      fillDisclosure(settings.settings.disclosure || {});
      $('v-their-language').checked = Boolean(settings.settings.reply_in_their_language);
      $('disclosure-fields').disabled = false;
      await Promise.all([loadStyleNotes(), loadPostNotes(), loadReplies()]);
      root.dataset.loaded = 'yes';
    } catch (error) {
      const message = el('span', {}, `Could not load your voice: ${error.message} `);
      const retry = el('button', { type: 'button' }, 'Try again');
      retry.addEventListener('click', start);
      $('load-error').replaceChildren(message, retry);
      $('load-error').hidden = false;
      return;
    }
    $('load-error').hidden = true;
  }

  start();
})();

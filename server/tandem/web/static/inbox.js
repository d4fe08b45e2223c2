// Tandem inbox dashboard: list, triage, drafts and keyboard. No framework, no build step.
//
// Safety rule for this file: everything that comes from a comment, an author, a triage reason,
// a draft or a server message is put on the page as text (textContent, or a string passed to
// el(), which becomes a text node). Nothing from data ever goes through innerHTML.
// Nothing is ever posted from here: "o" opens the comment on its site, where the creator posts.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const root = $('inbox-app');
  if (!root) return;

  const TOKEN = document.querySelector('meta[name="tandem-token"]')?.content || '';
  const BATCH_LIMIT = Number(root.dataset.batchLimit) || 0;
  const SESSION_MINUTES = Number(root.dataset.sessionMinutes) || 0;
  const HANDLED = new Set(['skipped', 'inserted', 'replied', 'hidden']);
  const PLATFORMS = { youtube: 'YouTube', x: 'X', reddit: 'Reddit', instagram: 'Instagram', tiktok: 'TikTok',
    facebook: 'Facebook', linkedin: 'LinkedIn', demo: 'Demo' };
  const STATUS_WORDS = { new: 'New', drafted: 'Drafted', inserted: 'Inserted', replied: 'Replied',
    skipped: 'Skipped', hidden: 'Hidden' };
  const PER_PAGE = 50;
  const POLL_MS = 5000;

  const state = {
    items: [], total: 0, page: 0, counts: {},
    filters: { status: 'new,drafted', platform: '', label: '', q: '', group: null },
    selected: -1,
    details: new Map(),      // id -> detail (fan memory, group members)
    revealed: new Set(),     // toxic items the creator chose to see
    drafting: new Set(),     // items being drafted on demand right now
    edits: loadEdits(),      // id -> the creator's edited reply (kept in this tab only)
    editing: null,           // id whose editor is open
    progress: null,
    undo: null,              // {id, status} of the last single status change
    groupOpen: new Map(),    // group id -> how many of its comments are still open (new or drafted)
    answer: null,            // the "answer once" composer: {group, open, node, running, ...}
    linkForm: null,          // {item, node}: the "same person on another site" form of the selected item
    links: loadLinks(),      // fan key -> every identity linked to it (as POST /api/fans/link answered)
    loadSeq: 0, detailSeq: 0, loading: false,
  };

  const list = $('list');
  const detail = $('detail');

  // ------------------------------------------------------------------ small helpers

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child)); // strings become text nodes
    }
    return node;
  }

  function storage(name, value) {
    try {
      if (value === undefined) return window.sessionStorage.getItem(name);
      window.sessionStorage.setItem(name, value);
    } catch (error) { /* storage disabled: keep going without it */ }
    return null;
  }

  function loadEdits() {
    try { return new Map(Object.entries(JSON.parse(storage('tandem.inbox.edits') || '{}'))); } catch (error) { return new Map(); }
  }

  function saveEdits() {
    storage('tandem.inbox.edits', JSON.stringify(Object.fromEntries(state.edits)));
  }

  function loadLinks() {
    try { return new Map(Object.entries(JSON.parse(storage('tandem.inbox.links') || '{}'))); } catch (error) { return new Map(); }
  }

  function saveLinks() {
    storage('tandem.inbox.links', JSON.stringify(Object.fromEntries(state.links)));
  }

  /** The server's key for a fan: "platform:handle", handle without a leading @, lower case. */
  function fanKey(platform, author) {
    return `${platform}:${String(author || '').trim().replace(/^@+/, '').toLowerCase()}`;
  }

  function identityText(key) {
    const at = key.indexOf(':');
    const platform = key.slice(0, at);
    return `${PLATFORMS[platform] || platform} @${key.slice(at + 1)}`;
  }

  function ago(seconds) {
    const delta = Math.max(0, Date.now() / 1000 - Number(seconds || 0));
    if (delta < 60) return 'just now';
    if (delta < 3600) return `${Math.floor(delta / 60)} min ago`;
    if (delta < 86400) return `${Math.floor(delta / 3600)} h ago`;
    return `${Math.floor(delta / 86400)} d ago`;
  }

  function hasLabel(item, name) {
    return (item.labels || []).some((entry) => entry.label === name);
  }

  function isBlurred(item) {
    return hasLabel(item, 'toxic') && !state.revealed.has(item.id);
  }

  function current() {
    return state.items[state.selected] || null;
  }

  function groupText(item) {
    const size = item.group?.size || 1;
    if (hasLabel(item, 'spam')) return `${size} copies of this`;
    if (hasLabel(item, 'question')) return `${size} people asked this`;
    return `${size} people said this`;
  }

  let liveTimer = 0;
  let liveClear = 0;
  function announce(message) {
    const live = $('live');
    live.textContent = '';
    clearTimeout(liveTimer);
    clearTimeout(liveClear);
    liveTimer = setTimeout(() => { live.textContent = message; }, 30); // re-announce repeats
    liveClear = setTimeout(() => { live.textContent = ''; }, 8000); // the visible toast fades away
  }

  // ------------------------------------------------------------------ the server

  class ApiFailure extends Error {
    constructor(message, code, status) { super(message); this.code = code; this.status = status; }
  }

  async function api(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiFailure('Cannot reach the Tandem server. Is `tandem serve` still running?', 'unreachable', 0);
    }
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!response.ok) {
      const message = data?.error?.message || `The server answered ${response.status}.`;
      throw new ApiFailure(message, data?.error?.code || 'http_error', response.status);
    }
    return data;
  }

  function showError(message, retry) {
    $('error-text').textContent = message;
    const button = $('error-retry');
    button.textContent = retry ? 'Try again' : 'Dismiss';
    button.onclick = () => { hideError(); if (retry) retry(); };
    $('error').hidden = false;
  }

  function hideError() { $('error').hidden = true; }

  function failed(error, retry) {
    showError(error.message, retry);
    announce(`Error: ${error.message}`);
  }

  // ------------------------------------------------------------------ loading the list

  function query(page, perPage = PER_PAGE) {
    const params = new URLSearchParams();
    const { status, platform, label, q, group } = state.filters;
    if (status) params.set('status', status);
    if (platform) params.set('platform', platform);
    if (label) params.set('label', label);
    if (q) params.set('q', q);
    if (group !== null) params.set('group', String(group));
    params.set('page', String(page));
    params.set('per_page', String(perPage));
    return `/api/inbox?${params}`;
  }

  async function load({ keepId = current()?.id, more = false } = {}) {
    const seq = ++state.loadSeq;
    const page = more ? state.page + 1 : 1;
    state.loading = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const data = await api('GET', query(page));
      if (seq !== state.loadSeq) return;
      hideError();
      state.page = page;
      state.total = data.total;
      state.counts = data.counts || {};
      if (more) {
        const known = new Set(state.items.map((item) => item.id));
        state.items.push(...data.items.filter((item) => !known.has(item.id)));
      } else {
        state.items = data.items;
      }
      renderProgress(data.drafting);
      renderCounts();
      renderList();
      if (!more) {
        const index = state.items.findIndex((item) => item.id === keepId);
        select(index >= 0 ? index : 0, { scroll: true });
      }
    } catch (error) {
      if (seq === state.loadSeq) failed(error, () => load({ keepId, more }));
    } finally {
      if (seq === state.loadSeq) {
        state.loading = false;
        list.removeAttribute('aria-busy');
      }
    }
  }

  /** New drafts arrived in the background: update the items on screen, without reordering. */
  async function refreshInPlace() {
    if (state.loading || !state.items.length) return;
    try {
      const data = await api('GET', query(1, Math.min(200, Math.max(PER_PAGE, state.items.length))));
      state.counts = data.counts || state.counts;
      renderCounts();
      for (const fresh of data.items) {
        const old = state.items.find((item) => item.id === fresh.id);
        if (old && (old.status !== fresh.status || (old.drafts || []).length !== (fresh.drafts || []).length)) {
          replaceItem(fresh);
        }
      }
    } catch (error) { /* the next poll tries again; the progress line shows the server state */ }
  }

  function filtersActive() {
    const f = state.filters;
    return f.status !== 'new,drafted' || f.platform || f.label || f.q || f.group !== null;
  }

  function renderCounts() {
    const c = state.counts;
    const todo = (c.new || 0) + (c.drafted || 0);
    const parts = [`${todo} to do`, `${c.drafted || 0} drafted`, `${(c.inserted || 0) + (c.replied || 0)} answered`,
      `${c.skipped || 0} skipped`];
    $('counts').textContent = parts.join(' · ');
  }

  // ------------------------------------------------------------------ rendering

  function labelChips(item) {
    return el('span', { class: 'chips' }, (item.labels || []).map((entry) =>
      el('span', { class: `chip chip-${cssName(entry.label)}`, title: entry.reason || entry.label }, entry.label)));
  }

  function cssName(value) {
    return String(value || '').toLowerCase().replace(/[^a-z0-9-]/g, '');
  }

  function renderRow(item, index) {
    const c = item.comment || {};
    const fan = state.details.get(item.id)?.fan;
    const blurred = isBlurred(item);
    const selected = index === state.selected;
    const draftCount = (item.drafts || []).length;
    const drafting = state.drafting.has(item.id) || (state.progress?.working_on || []).includes(item.id);
    const row = el('li', {
      id: `item-${item.id}`, class: 'row', role: 'option', 'aria-selected': String(selected), 'data-index': index,
    },
    el('div', { class: 'row-head' },
      el('span', { class: `platform platform-${cssName(c.platform)}` }, PLATFORMS[c.platform] || c.platform || '?'),
      el('span', { class: 'author' }, c.author || 'someone'),
      fan?.regular ? el('span', { class: 'badge regular' }, 'regular') : null,
      fan?.replied_today ? el('span', { class: 'badge replied-today' }, 'replied today') : null,
      item.status !== 'new' ? el('span', { class: `status status-${cssName(item.status)}` }, STATUS_WORDS[item.status] || item.status) : null,
      drafting ? el('span', { class: 'status status-drafting' }, 'drafting…') : (draftCount && item.status === 'drafted' ? null
        : draftCount ? el('span', { class: 'status' }, `${draftCount} drafts`) : null),
      item.chosen !== undefined && item.chosen !== null ? el('span', { class: 'status status-picked' }, `picked ${item.chosen + 1}`) : null,
      el('span', { class: 'when' }, ago(item.seen_at))),
    blurred ? el('p', { class: 'row-text blurred', 'aria-hidden': 'true' }, c.text) : el('p', { class: 'row-text' }, c.text),
    blurred ? el('p', { class: 'blur-note' }, 'Toxic comment hidden. Press v or click to show it.') : null,
    item.drafts?.[0]?.source === 'group_answer'
      ? el('p', { class: 'row-draft' }, el('span', { class: 'row-draft-tag' }, 'Group answer'), ' ', item.drafts[0].text || '') : null,
    el('div', { class: 'row-foot' },
      labelChips(item),
      (item.group?.size || 1) > 1
        ? el('button', { type: 'button', class: 'group-link', tabindex: '-1', 'data-group': item.group.id }, groupText(item))
        : null));
    return row;
  }

  function renderList() {
    const rows = state.items.map(renderRow);
    list.replaceChildren(...rows);
    const empty = !state.items.length;
    $('empty').hidden = !empty;
    list.hidden = empty;
    if (empty) {
      const filtered = filtersActive();
      $('empty-title').textContent = filtered ? 'Nothing matches' : 'Inbox zero';
      $('empty-text').replaceChildren(...(filtered
        ? ['No comments match these filters.']
        : ['Nothing is waiting for you. Comments arrive here by themselves as you browse: with the Tandem '
          + 'extension paired, every comment section you open on YouTube, X, Reddit, Instagram, TikTok, '
          + 'Facebook or LinkedIn is sent here, triaged and pre-drafted. Not paired yet? Open ',
        el('a', { href: '/pair' }, 'the pairing page'), ' in this browser.']));
      $('empty-clear').hidden = !filtered;
    }
    const more = $('more');
    more.hidden = state.items.length >= state.total;
    more.textContent = `Load more (${Math.max(0, state.total - state.items.length)} left)`;
  }

  function replaceItem(fresh) {
    const index = state.items.findIndex((item) => item.id === fresh.id);
    if (index < 0) return;
    const merged = { ...state.items[index], ...fresh };
    delete merged.fan;
    state.items[index] = merged;
    if (fresh.fan) state.details.set(fresh.id, fresh);
    const row = $(`item-${fresh.id}`);
    if (row) row.replaceWith(renderRow(merged, index));
    if (index === state.selected) renderDetail();
  }

  function renderDetail() {
    const item = current();
    if (!item) {
      detail.replaceChildren(el('p', { class: 'muted detail-empty' }, state.items.length ? '' : 'Nothing selected.'));
      return;
    }
    const c = item.comment || {};
    const info = state.details.get(item.id);
    const fan = info?.fan;
    const blurred = isBlurred(item);
    const sensitive = hasLabel(item, 'sensitive');
    const drafts = item.drafts || [];
    const chosen = Number.isInteger(item.chosen) ? item.chosen : null;
    const edit = state.edits.get(String(item.id));
    const focusInDetail = detail.contains(document.activeElement);

    const header = el('header', { class: 'detail-head' },
      el('span', { class: `platform platform-${cssName(c.platform)}` }, PLATFORMS[c.platform] || c.platform || '?'),
      el('strong', { class: 'author' }, c.author || 'someone'),
      fan?.regular ? el('span', { class: 'badge regular', title: `Seen ${fan.seen} other comments from them` }, 'regular') : null,
      fan?.replied_today ? el('span', { class: 'badge replied-today' }, 'you already replied to them today') : null,
      el('span', { class: `status status-${cssName(item.status)}` }, STATUS_WORDS[item.status] || item.status),
      el('span', { class: 'when' }, ago(item.seen_at)));

    const body = [header];
    if (c.post_title) body.push(el('p', { class: 'post-title muted' }, 'On: ', el('span', {}, c.post_title)));
    if (sensitive) {
      body.push(el('p', { class: 'banner-sensitive', role: 'note' },
        el('strong', {}, 'Needs you — no draft. '),
        'This comment touches something personal. Tandem does not draft a reply to it; answer in your own words, or not at all.'));
    }
    if ((c.context || []).length) {
      body.push(el('details', { class: 'thread' }, el('summary', {}, `Earlier in the thread (${c.context.length})`),
        el('ol', {}, c.context.map((line) => el('li', {}, line)))));
    }
    body.push(el('blockquote', { class: `comment-text${blurred ? ' blurred' : ''}`, 'aria-hidden': blurred ? 'true' : null }, c.text));
    if (blurred) {
      body.push(el('p', { class: 'blur-note' }, 'Toxic comment hidden for your peace of mind. ',
        el('button', { type: 'button', 'data-action': 'reveal' }, 'Show it (v)')));
    }
    if ((item.labels || []).length) {
      body.push(el('ul', { class: 'reasons', 'aria-label': 'Why it is labelled' }, item.labels.map((entry) =>
        el('li', {}, el('span', { class: `chip chip-${cssName(entry.label)}` }, entry.label), ' ',
          el('span', { class: 'reason' }, entry.reason || '')))));
    }
    if ((item.group?.size || 1) > 1) {
      const open = state.groupOpen.get(item.group.id) || 0;
      body.push(el('p', { class: 'group' }, el('strong', {}, groupText(item)), ' ',
        el('button', { type: 'button', 'data-action': 'group', 'data-group': item.group.id }, 'Show them'), ' ',
        el('button', { type: 'button', 'data-action': 'skip-group' }, `Skip all ${item.group.size}`), ' ',
        open > 1 ? el('button', { type: 'button', 'data-action': 'answer-group', 'aria-keyshortcuts': 'a',
          class: 'answer-offer', 'aria-expanded': String(state.answer?.group === item.group.id) },
        `Answer all ${open}`, ' ', el('kbd', {}, 'a')) : null));
    }
    if (state.answer && state.answer.group === item.group?.id) body.push(state.answer.node);

    // drafts
    const draftSection = el('section', { class: 'drafts', 'aria-label': 'Drafts' });
    if (state.drafting.has(item.id)) {
      draftSection.append(el('p', { class: 'drafting-now', 'aria-busy': 'true' }, 'Drafting replies in your voice…'));
    } else if (drafts.length) {
      if (drafts[0].source === 'group_answer') {
        draftSection.append(el('p', { class: 'engine-note group-note' }, item.engine === 'ollama'
          ? 'Draft 1 is your group answer, personalised for them by your model.'
          : 'Draft 1 is your group answer, addressed to them by name',
        item.engine !== 'ollama' ? (item.draft_reason ? ` (your model was not used: ${item.draft_reason})` : '.') : null));
      } else if (item.engine && item.engine !== 'ollama') {
        draftSection.append(el('p', { class: 'engine-note' }, 'From your saved replies',
          item.draft_reason ? `: ${item.draft_reason}` : '.'));
      }
      draftSection.append(el('ol', { class: 'draft-list' }, drafts.slice(0, 9).map((draft, index) =>
        el('li', {},
          el('button', { type: 'button', class: 'draft', 'data-action': 'choose', 'data-n': index + 1,
            'aria-pressed': String(chosen === index) },
          el('kbd', { class: 'draft-key' }, index < 3 ? String(index + 1) : '·'),
          el('span', { class: 'draft-text' }, draft.text || ''),
          draft.source === 'group_answer' ? el('span', { class: 'draft-source' }, 'group answer') : null,
          chosen === index ? el('span', { class: 'picked' }, 'picked') : null),
          (draft.flags || []).length ? el('ul', { class: 'flags' }, draft.flags.map((flag) =>
            el('li', { title: flag.code || '' }, flag.message || flag.code || ''))) : null))));
    } else if (!sensitive) {
      draftSection.append(el('p', { class: 'muted' },
        item.draftable === false ? 'Not pre-drafted (see the labels above). Press d to draft anyway.'
          : 'No drafts yet. Press d to draft now.'));
    }
    body.push(draftSection);

    if (edit !== undefined && state.editing !== item.id) {
      body.push(el('section', { class: 'edit-saved', 'aria-label': 'Your edited reply' },
        el('p', { class: 'muted' }, 'Your edit (kept in this tab; o copies it for you):'),
        el('p', { class: 'edit-text' }, edit)));
    }
    // While the creator types, a redraw (new drafts, fan memory arriving) must not lose their words:
    // the open editor is carried over as it is, with its text, caret and focus.
    const openEditor = $('editor');
    const typing = openEditor && document.activeElement === openEditor;
    const caret = openEditor ? [openEditor.selectionStart, openEditor.selectionEnd] : null;
    if (state.editing === item.id) {
      let area = openEditor;
      if (!area) {
        area = el('textarea', { id: 'editor', rows: '4', 'aria-label': 'Edit your reply', maxlength: '5000' });
        area.value = edit ?? (drafts[chosen ?? 0]?.text || '');
      }
      body.push(el('section', { class: 'editor' }, area,
        el('p', { class: 'muted' }, el('kbd', {}, 'Ctrl'), '+', el('kbd', {}, 'Enter'), ' keeps it · ', el('kbd', {}, 'Esc'), ' cancels ',
          el('button', { type: 'button', 'data-action': 'save-edit', class: 'primary' }, 'Keep'), ' ',
          el('button', { type: 'button', 'data-action': 'cancel-edit' }, 'Cancel'))));
    }

    const button = (action, label, key, extra = {}) =>
      el('button', { type: 'button', 'data-action': action, 'aria-keyshortcuts': key, ...extra }, label, ' ', el('kbd', {}, key));
    const url = /^https?:\/\//i.test(c.url || '') ? c.url : '';
    body.push(el('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' },
      button('open', 'Open on site', 'o', { class: 'primary', disabled: !url }),
      button('edit', 'Edit', 'e'),
      button('draft', 'Draft now', 'd', { disabled: sensitive || state.drafting.has(item.id) }),
      button('skip', 'Skip', 's'),
      button('replied', 'Replied', 'r'),
      button('hide', 'Hide', 'h')));

    if (fan) {
      const own = fanKey(c.platform, c.author);
      const linked = (state.links.get(own) || []).filter((key) => key !== own);
      body.push(el('section', { class: 'fan', 'aria-label': 'About this person' },
        el('p', { class: 'muted fan-seen' }, fan.seen
          ? `Seen ${fan.seen} other comment${fan.seen === 1 ? '' : 's'} from them; you replied to ${fan.replied}.`
          : 'No other comments from them yet.'),
        fan.seen ? el('ul', { class: 'recent' }, (fan.recent || []).map((entry) =>
          el('li', {}, el('span', { class: 'status' }, STATUS_WORDS[entry.status] || entry.status), ' ',
            entry.platform && entry.platform !== c.platform
              ? el('span', { class: `platform platform-${cssName(entry.platform)}` }, PLATFORMS[entry.platform] || entry.platform) : null,
            entry.platform && entry.platform !== c.platform ? ' ' : null, entry.text))) : null,
        linked.length ? el('div', { class: 'linked' }, el('span', { class: 'muted' }, 'Same person as'),
          el('ul', { class: 'identities', 'aria-label': 'Linked accounts' },
            linked.map((key) => el('li', { class: 'identity', 'data-key': key }, identityText(key))))) : null,
        linkForm(item)));
    }
    // Forms carried over from the last draw (the answer composer, the link form) keep their text,
    // caret and focus: a redraw while the creator types must not lose their words.
    const active = document.activeElement;
    let activeCaret = null;
    try {
      if (active && typeof active.selectionStart === 'number') activeCaret = [active.selectionStart, active.selectionEnd];
    } catch (error) { activeCaret = null; }
    detail.replaceChildren(el('article', { class: 'detail-card' }, body));
    if (active && active !== document.activeElement && detail.contains(active)) {
      active.focus({ preventScroll: true });
      if (activeCaret) try { active.setSelectionRange(activeCaret[0], activeCaret[1]); } catch (error) { /* not a text field */ }
    }
    if (info) detail.dataset.loaded = String(item.id); // fan memory is in (tests wait for this)
    else delete detail.dataset.loaded;
    if (state.editing === item.id) {
      const area = $('editor');
      if (!openEditor || typing) area.focus();
      if (openEditor) area.setSelectionRange(caret[0], caret[1]);
      else area.setSelectionRange(area.value.length, area.value.length);
    } else if (focusInDetail && !detail.contains(document.activeElement)) {
      list.focus({ preventScroll: true });
    }
  }

  // ------------------------------------------------------------------ selection

  function select(index, { scroll = true } = {}) {
    if (!state.items.length) {
      state.selected = -1;
      list.removeAttribute('aria-activedescendant');
      renderDetail();
      return;
    }
    const next = Math.max(0, Math.min(state.items.length - 1, index));
    const before = $(`item-${state.items[state.selected]?.id}`);
    if (before) before.setAttribute('aria-selected', 'false');
    if (state.editing !== null && state.items[next]?.id !== state.editing) state.editing = null;
    if (state.answer && !state.answer.running && state.items[next]?.group?.id !== state.answer.group) state.answer = null;
    state.selected = next;
    const item = state.items[next];
    const row = $(`item-${item.id}`);
    if (row) {
      row.setAttribute('aria-selected', 'true');
      list.setAttribute('aria-activedescendant', row.id);
      if (scroll) row.scrollIntoView({ block: 'nearest' });
    }
    renderDetail();
    clearTimeout(detailTimer); // j held down: fetch only where the selection rests
    detailTimer = setTimeout(() => fetchDetail(item.id), state.details.has(item.id) ? 300 : 80);
    if (next >= state.items.length - 5 && state.items.length < state.total && !state.loading) load({ more: true });
  }

  let detailTimer = 0;
  async function fetchDetail(id) {
    const seq = ++state.detailSeq;
    try {
      const data = await api('GET', `/api/inbox/${id}`);
      if ((data.group?.size || 1) > 1) await countOpen(data.group.id); // "Answer all N" counts the open ones
      state.details.set(id, data);
      if (seq === state.detailSeq || current()?.id === id) replaceItem(data);
    } catch (error) {
      if (error.status === 404) {
        announce('That comment is gone from the inbox.');
      } else if (seq === state.detailSeq) {
        failed(error);
      }
    }
  }

  function move(delta) {
    if (!state.items.length) return;
    if (delta > 0 && state.selected >= state.items.length - 1) {
      if (state.items.length < state.total) {
        announce('Loading more…');
        if (!state.loading) load({ more: true });
      } else {
        announce('That was the last one.');
      }
      return;
    }
    select(state.selected + delta);
  }

  // ------------------------------------------------------------------ actions

  function statusShown(status) {
    const wanted = state.filters.status;
    return wanted ? wanted.split(',').includes(status) : status !== 'hidden';
  }

  async function setStatus(status, verb) {
    const item = current();
    if (!item) return;
    const before = item.status;
    try {
      const fresh = await api('PATCH', `/api/inbox/${item.id}`, { status });
      const counted = HANDLED.has(status) && !HANDLED.has(before);
      state.undo = { id: item.id, status: before, counted };
      if (counted) countHandled(1);
      const index = state.items.findIndex((entry) => entry.id === item.id);
      if (index >= 0 && !statusShown(status)) {
        state.items.splice(index, 1);
        state.total = Math.max(0, state.total - 1);
        state.details.set(fresh.id, fresh);
        renderList();
        select(index);
      } else {
        replaceItem(fresh);
        if (index === state.selected) select(index + 1);
      }
      state.counts[before] = Math.max(0, (state.counts[before] || 0) - 1);
      state.counts[status] = (state.counts[status] || 0) + 1;
      renderCounts();
      announce(`${verb} ${item.comment?.author || 'comment'}. Press u to undo.`);
    } catch (error) {
      failed(error);
    }
  }

  async function undo() {
    const last = state.undo;
    if (!last) { announce('Nothing to undo.'); return; }
    try {
      const fresh = await api('PATCH', `/api/inbox/${last.id}`, { status: last.status });
      state.undo = null;
      if (last.counted) countHandled(-1);
      announce(`Undone: ${fresh.comment?.author || 'comment'} is ${STATUS_WORDS[fresh.status] || fresh.status} again.`);
      await load({ keepId: last.id });
    } catch (error) {
      failed(error);
    }
  }

  async function choose(n) {
    const item = current();
    if (!item) return;
    const drafts = item.drafts || [];
    if (n > drafts.length) {
      announce(drafts.length ? `There are only ${drafts.length} drafts.` : 'No drafts yet. Press d to draft now.');
      return;
    }
    try {
      const fresh = await api('PATCH', `/api/inbox/${item.id}`, { chosen: n - 1 });
      replaceItem(fresh);
      announce(`Picked draft ${n}. Press o to open the comment, e to edit.`);
    } catch (error) {
      failed(error);
    }
  }

  function startEdit() {
    const item = current();
    if (!item) return;
    state.editing = item.id;
    renderDetail();
    announce('Editing. Ctrl+Enter keeps it, Escape cancels.');
  }

  async function saveEdit() {
    const item = current();
    const area = $('editor');
    if (!item || !area) return;
    const text = area.value.trim();
    state.editing = null;
    if (text) state.edits.set(String(item.id), text);
    else state.edits.delete(String(item.id));
    saveEdits();
    renderDetail();
    list.focus({ preventScroll: true });
    const drafts = item.drafts || [];
    if (drafts.length) {
      const chosen = Number.isInteger(item.chosen) ? item.chosen : 0;
      try {
        replaceItem(await api('PATCH', `/api/inbox/${item.id}`, { chosen }));
      } catch (error) {
        failed(error);
        return;
      }
    }
    announce(text ? 'Edit kept. Press o to open the comment; your edit is copied for you.' : 'Edit cleared.');
  }

  function cancelEdit() {
    state.editing = null;
    renderDetail();
    list.focus({ preventScroll: true });
    announce('Edit cancelled.');
  }

  async function openOnSite() {
    const item = current();
    if (!item) return;
    const url = item.comment?.url || '';
    if (!/^https?:\/\//i.test(url)) {
      announce('This comment came without a link.');
      return;
    }
    const drafts = item.drafts || [];
    if (drafts.length) {
      const chosen = Number.isInteger(item.chosen) ? item.chosen : 0;
      try {
        replaceItem(await api('PATCH', `/api/inbox/${item.id}`, { chosen }));
      } catch (error) {
        failed(error);
        return;
      }
    }
    const edit = state.edits.get(String(item.id));
    if (edit && navigator.clipboard) navigator.clipboard.writeText(edit).catch(() => {});
    const opened = window.open(url, '_blank');
    if (opened) {
      try { opened.opener = null; } catch (error) { /* cross-origin already */ }
      announce(edit ? 'Opened. Your edit is on the clipboard.' : 'Opened on its site. Tandem offers your pick there.');
    } else {
      const link = el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, 'open it here');
      showError('The browser blocked the new tab. ');
      $('error-text').append(link);
    }
  }

  async function draftNow() {
    const item = current();
    if (!item || state.drafting.has(item.id)) return;
    if (hasLabel(item, 'sensitive')) {
      announce('This one needs you: Tandem does not draft replies to sensitive comments.');
      return;
    }
    state.drafting.add(item.id);
    replaceItem(item);
    announce('Drafting…');
    try {
      const fresh = await api('POST', `/api/inbox/${item.id}/draft`);
      state.drafting.delete(item.id);
      replaceItem(fresh);
      const count = (fresh.drafts || []).length;
      announce(count ? `${count} drafts ready${fresh.engine === 'saved' ? ' from your saved replies' : ''}.` : 'No drafts came back.');
    } catch (error) {
      state.drafting.delete(item.id);
      replaceItem(item);
      failed(error);
    }
  }

  function reveal() {
    const item = current();
    if (!item || !hasLabel(item, 'toxic')) return;
    state.revealed.add(item.id);
    replaceItem(item);
    announce('Showing the comment.');
  }

  function filterGroup(id) {
    state.filters.group = Number(id);
    const item = state.items.find((entry) => entry.group?.id === Number(id));
    $('f-group-text').textContent = item ? groupText(item) : 'One group';
    $('f-group').hidden = false;
    load({ keepId: null });
  }

  async function skipGroup() {
    const item = current();
    if (!item) return;
    try {
      const members = await api('GET', `/api/inbox?group=${item.group.id}&status=new,drafted&per_page=200`);
      const ids = members.items.map((entry) => entry.id);
      if (!ids.length) { announce('Nothing left to skip in this group.'); return; }
      confirmThen(`Skip all ${ids.length} open comments in this group?`, async () => {
        const result = await api('POST', '/api/inbox/bulk', { ids, status: 'skipped' });
        announce(`Skipped ${result.updated} comments.`);
        await load();
      });
    } catch (error) {
      failed(error);
    }
  }

  async function skipAllSpam() {
    try {
      const spam = await api('GET', '/api/inbox?label=spam&status=new,drafted&per_page=1');
      if (!spam.total) { announce('No open spam to skip.'); return; }
      confirmThen(`Skip all ${spam.total} open comments labelled spam? They stay under Skipped.`, async () => {
        const result = await api('POST', '/api/inbox/bulk', { filter: { label: 'spam', status: 'new,drafted' }, status: 'skipped' });
        announce(`Skipped ${result.updated} spam comments.`);
        await load();
      });
    } catch (error) {
      failed(error);
    }
  }

  // ------------------------------------------------------------------ answer once (a whole group)

  /** How many comments of a group are still open; kept in state.groupOpen. */
  async function countOpen(groupId) {
    try {
      const data = await api('GET', `/api/inbox?group=${groupId}&status=new,drafted&per_page=1`);
      state.groupOpen.set(groupId, data.total);
    } catch (error) { /* the offer waits for the next detail load */ }
    return state.groupOpen.get(groupId) || 0;
  }

  function answerComposer(groupId, open, prefill) {
    const area = el('textarea', { id: 'group-answer-text', rows: '4', maxlength: '5000',
      'aria-describedby': 'group-answer-help' });
    area.value = prefill;
    const personalise = el('input', { type: 'checkbox', id: 'group-answer-personalise', checked: true });
    const send = el('button', { type: 'button', id: 'group-answer-send', class: 'primary', 'aria-keyshortcuts': 'Control+Enter' },
      `Draft for all ${open}`);
    const cancel = el('button', { type: 'button', id: 'group-answer-cancel', 'aria-keyshortcuts': 'Escape' }, 'Close');
    const node = el('section', { id: 'group-answer', class: 'group-answer', 'aria-labelledby': 'group-answer-title' },
      el('h3', { id: 'group-answer-title' }, `Answer all ${open} at once`),
      el('p', { id: 'group-answer-help', class: 'muted' }, 'Write your answer once. Tandem makes it the first draft for each of them; ',
        'nothing is posted, you still post every reply yourself. ', el('kbd', {}, 'Ctrl'), '+', el('kbd', {}, 'Enter'), ' drafts, ',
        el('kbd', {}, 'Esc'), ' closes.'),
      el('label', { for: 'group-answer-text', class: 'field-label' }, 'Your answer'),
      area,
      el('label', { class: 'check' }, personalise, ' Personalise for each person ',
        el('span', { class: 'muted' }, '(your model rewrites it around their words; off: addressed to them by name)')),
      el('div', { class: 'group-answer-actions' }, send, cancel),
      el('progress', { id: 'group-answer-meter', max: String(open), value: '0', hidden: true, 'aria-label': 'Drafting progress' }),
      el('p', { id: 'group-answer-status', class: 'group-answer-status', role: 'status' }),
      el('p', { id: 'group-answer-error', class: 'group-answer-error', role: 'alert', hidden: true }));
    send.addEventListener('click', submitAnswer);
    cancel.addEventListener('click', closeAnswer);
    return { group: groupId, open, node, area, personalise, send, cancel, running: false };
  }

  async function openAnswer() {
    const item = current();
    if (!item) return;
    const groupId = item.group?.id;
    if (state.answer && state.answer.group === groupId) { state.answer.area.focus(); return; }
    if (state.answer?.running) { announce('Still drafting the last group answer.'); return; }
    const open = (item.group?.size || 1) > 1 ? await countOpen(groupId) : 0;
    if (current() !== item) return;
    if (open < 2) {
      announce('Only one person asked this. Press e to edit a reply for them.');
      return;
    }
    const drafts = item.drafts || [];
    const chosen = Number.isInteger(item.chosen) ? item.chosen : 0;
    const prefill = state.edits.get(String(item.id)) ?? (drafts[chosen]?.text || drafts[0]?.text || '');
    state.answer = answerComposer(groupId, open, prefill);
    renderDetail();
    const area = state.answer.area;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
    announce(`Answer all ${open}: write your answer, Ctrl+Enter drafts it for each of them.`);
  }

  function closeAnswer() {
    if (!state.answer || state.answer.running) return;
    state.answer = null;
    renderDetail();
    list.focus({ preventScroll: true });
  }

  function answerError(answer, message) {
    const line = answer.node.querySelector('#group-answer-error');
    line.textContent = message;
    line.hidden = false;
    if (!document.contains(answer.node)) showError(message);
    announce(`Error: ${message}`);
  }

  async function submitAnswer() {
    const answer = state.answer;
    if (!answer || answer.running) return;
    const personalise = answer.personalise.checked;
    const status = answer.node.querySelector('#group-answer-status');
    const meter = answer.node.querySelector('#group-answer-meter');
    const errorLine = answer.node.querySelector('#group-answer-error');
    const verb = personalise ? 'Personalising' : 'Addressing';
    const engines = {};
    const answered = [];
    let total = answer.open;
    let finished = null;
    errorLine.hidden = true;
    answer.running = true;
    for (const field of [answer.area, answer.personalise, answer.send, answer.cancel]) field.disabled = true;
    answer.node.setAttribute('aria-busy', 'true');
    status.textContent = `${verb} for ${total} people…`;
    meter.max = total;
    meter.value = 0;
    meter.hidden = false;
    try {
      let response;
      try {
        response = await fetch(`/api/inbox/groups/${answer.group}/answer`, {
          method: 'POST', cache: 'no-store',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: answer.area.value, personalise }),
        });
      } catch (error) {
        throw new ApiFailure('Cannot reach the Tandem server. Is `tandem serve` still running?', 'unreachable', 0);
      }
      if (!response.ok) {
        let data = null;
        try { data = await response.json(); } catch (error) { data = null; }
        throw new ApiFailure(data?.error?.message || `The server answered ${response.status}.`, data?.error?.code || 'http_error', response.status);
      }
      const handle = (event) => {
        if (event.error) throw new ApiFailure(event.error.message || 'The answer stopped.', event.error.code, 200);
        if (event.type === 'progress') {
          total = event.total;
          answered.push(event.item);
          engines[event.engine] = (engines[event.engine] || 0) + 1;
          state.details.delete(event.item);
          meter.max = total;
          meter.value = event.done;
          status.textContent = `${verb} ${event.done} of ${total}…`;
        } else if (event.type === 'done') {
          finished = event;
        }
      };
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) handle(JSON.parse(line));
        }
        if (done) break;
      }
      if (buffer.trim()) handle(JSON.parse(buffer));
      if (!finished) {
        throw new ApiFailure(`The answer stopped after ${answered.length} of ${total}; those keep their new draft.`, 'incomplete', 200);
      }
      const parts = [];
      if (engines.ollama) parts.push(`${engines.ollama} personalised by your model (ollama)`);
      if (engines.saved) {
        parts.push(`${engines.saved} addressed by name${personalise ? ': your model was not available' : ''} (saved)`);
      }
      status.textContent = `Drafted for ${answered.length} of ${total}: ${parts.join(', ')}.`;
      announce(`Your answer is now the first draft for ${finished.answered} people.`);
    } catch (error) {
      status.textContent = answered.length ? `Stopped after ${answered.length} of ${total}.` : '';
      if (!answered.length) meter.hidden = true;
      answerError(answer, error.message);
    } finally {
      answer.running = false;
      answer.node.removeAttribute('aria-busy');
      for (const field of [answer.area, answer.personalise, answer.send, answer.cancel]) field.disabled = false;
    }
    if (answered.length) await load();
  }

  // ------------------------------------------------------------------ linking a fan across sites

  function linkForm(item) {
    if (state.linkForm?.item === item.id) return state.linkForm.node;
    const c = item.comment || {};
    const select = el('select', { id: 'link-platform', 'aria-label': 'Their other site' },
      Object.keys(PLATFORMS).filter((name) => name !== 'demo').map((name) =>
        el('option', { value: name, selected: name === (c.platform === 'youtube' ? 'x' : 'youtube') }, PLATFORMS[name])));
    const handle = el('input', { type: 'text', id: 'link-handle', maxlength: '200', autocomplete: 'off', spellcheck: 'false',
      placeholder: '@handle', 'aria-label': 'Their handle there' });
    const error = el('p', { class: 'link-error', role: 'alert', hidden: true });
    const node = el('form', { id: 'link-fan', class: 'link-fan', 'aria-labelledby': 'link-fan-title' },
      el('span', { id: 'link-fan-title', class: 'link-fan-title' }, 'Same person on another site'),
      el('label', {}, 'Site ', select), el('label', {}, 'Handle ', handle),
      el('button', { type: 'submit' }, 'Link'), error);
    node.addEventListener('submit', (event) => {
      event.preventDefault();
      linkFan(item, select.value, handle.value, error);
    });
    state.linkForm = { item: item.id, node };
    return node;
  }

  async function linkFan(item, platform, handle, errorLine) {
    const c = item.comment || {};
    const author = handle.trim().replace(/^@+/, '');
    errorLine.hidden = true;
    const fail = (message) => { errorLine.textContent = message; errorLine.hidden = false; announce(`Error: ${message}`); };
    if (!author) { fail('Type their handle on the other site.'); return; }
    if (fanKey(platform, author) === fanKey(c.platform, c.author)) { fail('That is this same account.'); return; }
    try {
      const result = await api('POST', '/api/fans/link', { a: { platform: c.platform, author: c.author || '' }, b: { platform, author } });
      const linked = result.linked || [];
      for (const key of linked) state.links.set(key, linked);
      saveLinks();
      if (state.linkForm?.item === item.id) state.linkForm.node.querySelector('#link-handle').value = '';
      for (const [id, info] of state.details) {
        const other = info.comment || {};
        if (id !== item.id && linked.includes(fanKey(other.platform, other.author))) state.details.delete(id);
      }
      await fetchDetail(item.id);
      const seen = state.details.get(item.id)?.fan?.seen || 0;
      announce(`Linked ${c.author || 'them'} with ${PLATFORMS[platform] || platform} @${author}. Seen ${seen} other comment${seen === 1 ? '' : 's'} from them.`);
    } catch (error) {
      fail(error.message);
    }
  }

  let confirmReturn = null;
  function confirmThen(message, action) {
    confirmReturn = document.activeElement;
    $('confirm-text').textContent = message;
    $('confirm').hidden = false;
    $('confirm-yes').onclick = async () => {
      closeConfirm();
      try { await action(); } catch (error) { failed(error); }
    };
    $('confirm-yes').focus();
  }

  function closeConfirm() {
    $('confirm').hidden = true;
    $('confirm-yes').onclick = null;
    (confirmReturn && document.contains(confirmReturn) ? confirmReturn : list).focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ drafting progress

  function renderProgress(progress) {
    if (!progress) return;
    const before = state.progress;
    state.progress = progress;
    const text = $('drafting-text');
    const capped = progress.daily_cap > 0 && progress.drafted_today >= progress.daily_cap;
    let line = `Pre-drafted ${progress.drafted_today} of ${progress.daily_cap} today · ${progress.waiting} waiting`;
    if (progress.paused) line = `Paused · ${progress.drafted_today} drafted today · ${progress.waiting} waiting. Press d on a comment to draft it now.`;
    else if (progress.blocked) line = `Waiting for your model: ${progress.blocked}`;
    else if (progress.daily_cap === 0) line = 'Pre-drafting is off (daily cap 0). Press d on a comment to draft it.';
    else if (capped) line = `Daily cap reached: ${progress.drafted_today} drafted today. Press d on a comment to draft it now.`;
    else if (!progress.workers) line += ' · background drafting is off; press d to draft one now';
    else if ((progress.working_on || []).length) line += ' · drafting now';
    text.textContent = line;
    $('drafting').classList.toggle('is-paused', !!progress.paused);
    $('drafting').classList.toggle('is-blocked', !!progress.blocked);
    const share = progress.daily_cap > 0 ? Math.min(1, progress.drafted_today / progress.daily_cap) : 0;
    $('drafting-bar').style.width = `${Math.round(share * 100)}%`; // CSSOM from script: allowed by the CSP
    $('drafting-pause').hidden = !!progress.paused;
    $('drafting-resume').hidden = !progress.paused;
    $('drafting-cancel').disabled = !progress.waiting;
    if (before && before.drafted_today !== progress.drafted_today) {
      refreshInPlace();
      if (current()) fetchDetail(current().id);
    }
  }

  async function controlDrafting(action) {
    try {
      const progress = await api('POST', '/api/drafting', { action });
      renderProgress(progress);
      announce(action === 'pause' ? 'Pre-drafting paused.' : action === 'resume' ? 'Pre-drafting resumed.'
        : `Dropped ${progress.cancelled || 0} from today's drafting queue; press d to draft any of them.`);
    } catch (error) {
      failed(error);
    }
  }

  let pollTimer = 0;
  async function poll() {
    clearTimeout(pollTimer);
    if (!document.hidden) {
      try { renderProgress(await api('GET', '/api/drafting')); } catch (error) { /* shown on the next action */ }
    }
    pollTimer = setTimeout(poll, POLL_MS);
  }

  // ------------------------------------------------------------------ wellbeing

  function countHandled(delta) {
    const handled = Math.max(0, Number(storage('tandem.inbox.handled') || 0) + delta);
    storage('tandem.inbox.handled', String(handled));
    if (BATCH_LIMIT > 0 && delta > 0) {
      const nextBreak = Number(storage('tandem.inbox.nextBreak') || BATCH_LIMIT);
      if (handled >= nextBreak) {
        showBreak(`You have handled ${handled} comments in this sitting. Stretch, drink some water, look out of a window: the comments will wait.`,
          () => storage('tandem.inbox.nextBreak', String(handled + BATCH_LIMIT)));
      }
    }
  }

  let breakDismiss = null;
  function showBreak(message, onDismiss) {
    $('break-text').textContent = message;
    $('break').hidden = false;
    breakDismiss = onDismiss;
    announce('Take a break? ' + message);
  }

  function dismissBreak() {
    $('break').hidden = true;
    if (breakDismiss) breakDismiss();
    breakDismiss = null;
    announce('Break reminder dismissed.');
  }

  function startSessionTimer() {
    if (SESSION_MINUTES <= 0) return;
    const timer = $('session-timer');
    timer.hidden = false;
    let start = Number(storage('tandem.inbox.sessionStart'));
    if (!start) {
      start = Date.now();
      storage('tandem.inbox.sessionStart', String(start));
    }
    let suggested = false;
    const tick = () => {
      const left = Math.round((start + SESSION_MINUTES * 60000 - Date.now()) / 1000);
      if (left > 0) {
        const minutes = Math.floor(left / 60);
        const seconds = String(left % 60).padStart(2, '0');
        timer.textContent = `Sitting: ${minutes}:${seconds} left`;
        timer.classList.remove('over');
      } else {
        timer.textContent = 'Sitting: time for a break';
        timer.classList.add('over');
        if (!suggested) {
          suggested = true;
          showBreak(`You have been answering comments for ${SESSION_MINUTES} minutes. A short break keeps your replies kind, to them and to you.`,
            () => {
              start = Date.now();
              storage('tandem.inbox.sessionStart', String(start));
              suggested = false;
              tick();
            });
        }
      }
    };
    tick();
    setInterval(tick, 1000);
  }

  // ------------------------------------------------------------------ help overlay

  let helpReturn = null;
  function openHelp() {
    helpReturn = document.activeElement;
    $('help').hidden = false;
    root.querySelector('.help').focus();
  }

  function closeHelp() {
    $('help').hidden = true;
    (helpReturn && document.contains(helpReturn) ? helpReturn : list).focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ keyboard

  function typing(target) {
    return !!(target && target.closest && target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])'));
  }

  const KEYS = {
    j: () => move(1), ArrowDown: () => move(1),
    k: () => move(-1), ArrowUp: () => move(-1),
    Home: () => select(0), End: () => select(state.items.length - 1),
    1: () => choose(1), 2: () => choose(2), 3: () => choose(3),
    e: startEdit, a: openAnswer, s: () => setStatus('skipped', 'Skipped'), h: () => setStatus('hidden', 'Hid'),
    r: () => setStatus('replied', 'Marked as replied:'), u: undo, d: draftNow, o: openOnSite, v: reveal,
    '/': () => { const search = $('f-q'); search.focus(); search.select(); },
    '?': openHelp,
  };

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (!$('help').hidden) {
      if (event.key === 'Escape' || event.key === '?') { event.preventDefault(); closeHelp(); }
      else if (event.key === 'Tab') { event.preventDefault(); $('help-close').focus(); } // keep focus inside
      return;
    }
    if (event.target && event.target.id === 'editor') {
      if (event.key === 'Escape') { event.preventDefault(); cancelEdit(); }
      else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); saveEdit(); }
      return;
    }
    if (event.target && event.target.closest && event.target.closest('#group-answer')) {
      if (event.key === 'Escape') { event.preventDefault(); closeAnswer(); return; }
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); submitAnswer(); return; }
      if (typing(event.target)) return;
    }
    if (typing(event.target)) {
      if (event.key === 'Escape') { // leave the field, keep what is typed (Chrome would clear a search box)
        event.preventDefault();
        event.target.blur();
        list.focus({ preventScroll: true });
      }
      return;
    }
    if (event.key === 'Escape') {
      if (!$('confirm').hidden) closeConfirm();
      else if (!$('break').hidden) dismissBreak();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const arrows = event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End';
    if (arrows && event.target !== list && event.target !== document.body) return; // let buttons and the page scroll
    const action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // ------------------------------------------------------------------ mouse and form

  list.addEventListener('click', (event) => {
    const groupButton = event.target.closest('.group-link');
    if (groupButton) { filterGroup(groupButton.dataset.group); return; }
    const row = event.target.closest('.row');
    if (!row) return;
    const index = Number(row.dataset.index);
    if (index !== state.selected) select(index, { scroll: false });
    else if (event.target.closest('.blurred, .blur-note')) reveal();
    list.focus({ preventScroll: true });
  });

  detail.addEventListener('click', (event) => {
    const target = event.target.closest('.blurred');
    if (target) { reveal(); return; }
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const actions = {
      reveal, group: () => filterGroup(button.dataset.group), 'skip-group': skipGroup, 'answer-group': openAnswer,
      choose: () => choose(Number(button.dataset.n)), 'save-edit': saveEdit, 'cancel-edit': cancelEdit,
      open: openOnSite, edit: startEdit, draft: draftNow, skip: () => setStatus('skipped', 'Skipped'),
      replied: () => setStatus('replied', 'Marked as replied:'), hide: () => setStatus('hidden', 'Hid'),
    };
    actions[button.dataset.action]?.();
  });

  const filterFields = { status: $('f-status'), platform: $('f-platform'), label: $('f-label') };
  for (const [name, field] of Object.entries(filterFields)) {
    field.addEventListener('change', () => { state.filters[name] = field.value; load({ keepId: null }); });
  }
  let searchTimer = 0;
  $('f-q').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.filters.q = $('f-q').value.trim(); load({ keepId: null }); }, 250);
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    state.filters.q = $('f-q').value.trim();
    load({ keepId: null });
    list.focus({ preventScroll: true });
  });
  $('f-group-clear').addEventListener('click', () => {
    state.filters.group = null;
    $('f-group').hidden = true;
    load({ keepId: null });
  });
  $('empty-clear').addEventListener('click', () => {
    state.filters = { status: 'new,drafted', platform: '', label: '', q: '', group: null };
    filterFields.status.value = 'new,drafted';
    filterFields.platform.value = '';
    filterFields.label.value = '';
    $('f-q').value = '';
    $('f-group').hidden = true;
    load({ keepId: null });
  });
  $('bulk-spam').addEventListener('click', skipAllSpam);
  $('confirm-no').addEventListener('click', closeConfirm);
  $('more').addEventListener('click', () => load({ more: true }));
  $('refresh').addEventListener('click', () => load());
  $('drafting-pause').addEventListener('click', () => controlDrafting('pause'));
  $('drafting-resume').addEventListener('click', () => controlDrafting('resume'));
  $('drafting-cancel').addEventListener('click', () =>
    confirmThen(`Drop the ${state.progress?.waiting || 0} comments waiting for a draft today? You can still draft any of them with d.`,
      () => controlDrafting('cancel')));
  $('break-dismiss').addEventListener('click', dismissBreak);
  $('help-open').addEventListener('click', openHelp);
  $('help-close').addEventListener('click', closeHelp);
  $('help').addEventListener('click', (event) => { if (event.target === $('help')) closeHelp(); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });

  // ------------------------------------------------------------------ start

  list.focus({ preventScroll: true });
  load();
  pollTimer = setTimeout(poll, POLL_MS);
  startSessionTimer();
})();

// Tandem content core: the suggestion loop on a page. Chip click (or keyboard command) ->
// suggestions streamed from background -> insert on the creator's click -> feedback to the
// ledger (inserted, and sent once the site shows the creator's posted reply).
//
// - One adapter per page (TandemSites.forUrl); no adapter, or the site switched off in Tandem's
//   settings, and this script does nothing at all.
// - page.js tracks the comments on the page (one observer, states keyed by stable id); chip.js
//   and palette.js draw; this file decides what happens.
// - inbox.js sends the page's comments to the creator's inbox (through background); what the
//   inbox knows comes back here: drafts the creator picked in the dashboard are offered at once,
//   toxic comments are blurred when the creator asked for that, and the inbox item follows what
//   happens on the page (inserted, replied).
// - Nothing here posts. Inserting goes through TandemInsert (content/insert.js), which only
//   writes text; the creator presses the site's own button.
(() => {
  'use strict';
  if (globalThis.TandemCore) return;
  globalThis.TandemCore = Object.freeze({ started: true });

  const { api, send, connect } = globalThis.TandemBridge;
  const { itemsOf } = globalThis.TandemChip;
  const page = globalThis.TandemPage;
  const Inbox = globalThis.TandemInbox;
  const insertText = (...args) => globalThis.TandemInsert.insertText(...args);
  const findEditable = (box) => globalThis.TandemInsert.findEditable(box);

  const PING_MS = 10_000; // keeps the background awake while a slow model streams
  const SUGGESTION_ID = /^[0-9a-f]{16}$/;
  const INBOX_RANK = { inserted: 1, replied: 2 }; // any other status is below both

  let settings = null; // the server's settings (tone, n, sites); null when unknown
  let tones = ['warm'];
  const panels = new Set(); // ports from open side panels following this tab
  let inbox = null; // TandemInbox sync for this page, made at start
  let blurToxic = false; // the blur_toxic_on_pages setting, refreshed with every inbox answer
  let everBlurred = false;

  // ---------------------------------------------------------------- state

  function newState(comment) {
    const state = {
      id: comment.id, comment, status: 'new', open: false, phase: 'idle', drafts: [], suggestions: [],
      engine: null, reason: '', model: null, fallbackReason: null, error: null, notice: '',
      tone: settings?.tone || tones[0], tones, pendingInsert: null, inserted: null, startedAt: 0,
      port: null, ping: 0, autoInsert: false, postedText: undefined,
      inbox: null, inboxWant: null, revealed: false, blurred: false,
    };
    inbox?.add(forServer(comment));
    return state;
  }

  function update(id, changes) {
    Object.assign(page.get(id), changes);
    page.render(id);
  }

  const seconds = (since) => Math.max(0, (performance.now() - since) / 1000);

  function feedback(suggestionId, action, finalText, secs, extra = {}) {
    // Best effort: the ledger is a record, never a reason to interrupt the creator mid-reply.
    send('feedback', { id: suggestionId, action, final_text: finalText, seconds: secs, ...extra }).catch(() => {});
  }

  /** For a draft from the inbox: what it said and what it answered, should the server have
      forgotten issuing it (restarted since it was drafted). */
  function draftOrigin(state) {
    const inserted = state.inserted;
    return inserted?.fromInbox ? { suggestion_text: inserted.suggested, comment: forServer(state.comment) } : {};
  }

  // ---------------------------------------------------------------- suggestions, streamed

  const EVENTS = {
    start: () => {},
    token: () => {},
    draft: (state, event) => { state.drafts[event.index] = event.text; },
    fallback: (state, event) => { state.fallbackReason = event.reason || ''; },
    done: (state, event) => {
      Object.assign(state, { phase: 'done', suggestions: event.suggestions || [], engine: event.engine,
        reason: event.reason || '', model: event.model, disclosure: event.disclosure || '' });
      if (state.status === 'new') state.status = 'suggested';
      finishStream(state);
      reportInserted(state); // a draft inserted before its id arrived
      if (state.autoInsert) {
        state.autoInsert = false;
        setTimeout(() => insert(state.id, 0), 0);
      }
    },
    error: (state, event) => {
      Object.assign(state, { phase: 'error', error: event.error?.message || 'Tandem could not get suggestions.', autoInsert: false });
      finishStream(state);
    },
  };

  function finishStream(state) {
    clearInterval(state.ping);
    const port = state.port;
    state.port = null;
    port?.disconnect(); // background aborts the request if it is still running
  }

  function forServer(comment) {
    const { id, author, text, url, post_title: postTitle, context } = comment;
    return { platform: page.adapter().platform, id, author, text, url, post_title: postTitle, context: context || [] };
  }

  function suggest(id) {
    const state = page.get(id);
    finishStream(state); // regenerate: the old stream is abandoned
    Object.assign(state, { open: true, phase: 'streaming', drafts: [], suggestions: [], engine: null, reason: '', model: null,
      fallbackReason: null, error: null, notice: '', pendingInsert: null, startedAt: performance.now() });
    const port = connect('suggest');
    state.port = port;
    port.onMessage.addListener((event) => {
      if (state.port !== port) return; // a stream we already abandoned (regenerate, dismiss)
      EVENTS[event?.type]?.(state, event);
      page.render(id);
    });
    port.onDisconnect.addListener(() => {
      if (state.port !== port) return;
      state.port = null;
      clearInterval(state.ping);
      if (state.phase === 'streaming') update(id, { phase: 'error', error: 'Tandem stopped before the suggestions arrived. Try again.' });
    });
    state.ping = setInterval(() => port.postMessage({ type: 'ping' }), PING_MS);
    const body = { comment: forServer(state.comment), tone: state.tone };
    if (settings?.n) body.n = settings.n;
    port.postMessage({ type: 'suggest', body });
    page.render(id);
  }

  function openAndSuggest(id) {
    const state = id && page.get(id);
    if (!state) return false;
    page.elementFor(id)?.scrollIntoView({ block: 'nearest' });
    if (state.phase === 'streaming' || state.phase === 'done') update(id, { open: true });
    else suggest(id);
    return true;
  }

  // ---------------------------------------------------------------- inserting (creator's click)

  function boxText(box) {
    const editable = findEditable(box);
    if (!editable) return '';
    return (typeof editable.value === 'string' ? editable.value : editable.innerText || '').trim();
  }

  async function replyBoxFor(id) {
    const el = page.elementFor(id);
    if (!el) return { error: 'This comment is no longer on the page. Scroll back to it and try again.' };
    const adapter = page.adapter();
    const box = adapter.findReplyBox(el) || (await adapter.openReplyBox(el));
    return box ? { box } : { error: 'Tandem could not open the reply box for this comment.' };
  }

  async function insert(id, index, mode) {
    const state = page.get(id);
    const item = itemsOf(state)[index];
    if (!item) return;
    const { box, error } = await replyBoxFor(id);
    if (error) return update(id, { error, pendingInsert: null });
    if (!mode && boxText(box)) return update(id, { pendingInsert: index, error: null }); // ask: replace or add?
    // The creator's disclosure tag for this site rides along; the server already counted it
    // in the length limit.
    const text = state.disclosure ? `${item.text} ${state.disclosure}` : item.text;
    const result = await insertText(box, text, { mode: mode || 'replace' });
    if (!result.ok) return update(id, { error: result.error, pendingInsert: null });
    state.inserted = { index, text: result.text, suggested: text, suggestionId: item.id, reported: false, fromInbox: Boolean(item.inbox) };
    update(id, { status: 'inserted', pendingInsert: null, error: null, notice: 'Inserted. Edit it if you like, then post it yourself.' });
    reportInserted(state);
    markInbox(state, 'inserted');
    findEditable(box)?.focus();
  }

  function reportInserted(state) {
    const inserted = state.inserted;
    if (!inserted || inserted.reported) return;
    inserted.suggestionId ||= state.suggestions.find((item) => item.text === inserted.suggested)?.id || null;
    if (!inserted.suggestionId) return; // a draft: its id comes with the done event
    inserted.reported = true;
    feedback(inserted.suggestionId, 'inserted', inserted.text, seconds(state.startedAt), draftOrigin(state));
  }

  /** page.js saw a reply by the creator under this comment (one it had not seen before). */
  function onPosted(state, text) {
    if (state.status === 'inserted' && state.inserted?.suggestionId) {
      feedback(state.inserted.suggestionId, 'sent', text, seconds(state.startedAt), draftOrigin(state));
    }
    if (state.status === 'inserted') markInbox(state, 'replied'); // Tandem put a reply in and it was posted
    state.status = 'replied';
    state.notice = '';
    page.render(state.id);
  }

  function dismiss(id) {
    const state = page.get(id);
    finishStream(state);
    if (!state.inserted) for (const item of state.suggestions) feedback(item.id, 'dismissed');
    update(id, { open: false, phase: 'idle', drafts: [], suggestions: [], pendingInsert: null, error: null, notice: '',
      autoInsert: false, status: state.status === 'suggested' ? 'new' : state.status });
  }

  function insertFirst(id) {
    const state = id && page.get(id);
    if (!state) return false;
    if (state.phase === 'done' && itemsOf(state).length) insert(id, 0);
    else {
      state.autoInsert = true;
      openAndSuggest(id);
    }
    return true;
  }

  /** What the chip's buttons do (chip.js draws; this decides). */
  const actions = {
    toggle: (id) => (page.get(id).open ? update(id, { open: false, pendingInsert: null }) : openAndSuggest(id)),
    close: (id) => update(id, { open: false, pendingInsert: null }),
    regenerate: (id) => suggest(id),
    insert: (id, index, mode) => insert(id, index, mode),
    cancelInsert: (id) => update(id, { pendingInsert: null }),
    dismiss: (id) => dismiss(id),
    setTone: (id, tone) => { page.get(id).tone = tone; suggest(id); },
    reveal: (id) => reveal(id),
    // Called straight from the click handler: sidePanel.open() needs that user gesture.
    openPanel: () => { send('openPanel').catch(() => {}); },
  };

  // ---------------------------------------------------------------- the inbox

  /** The inbox item follows the page: inserted, then replied (never back down). */
  function markInbox(state, status) {
    if ((INBOX_RANK[status] || 0) > (INBOX_RANK[state.inboxWant] || 0)) state.inboxWant = status;
    syncInboxStatus(state);
  }

  function syncInboxStatus(state) {
    const item = state.inbox;
    const want = state.inboxWant;
    if (!item || !want || (INBOX_RANK[item.status] || 0) >= INBOX_RANK[want]) return;
    const before = item.status;
    item.status = want;
    send('inboxStatus', { item: item.id, status: want }).catch(() => {
      if (item.status === want) item.status = before; // the next change tries again
    });
  }

  /** Drafts made in the inbox, offered at once (no model call); the creator's pick first. */
  function offerDrafts(state, item) {
    if (!item.drafts?.length || state.phase !== 'idle' || state.status === 'replied') return;
    const drafts = [...item.drafts];
    const chosen = drafts.findIndex((draft) => draft.index === item.chosen);
    if (chosen > 0) drafts.unshift(...drafts.splice(chosen, 1));
    state.suggestions = drafts.map((draft, position) => ({
      id: SUGGESTION_ID.test(draft.id || '') ? draft.id : null, text: draft.text, flags: draft.flags || [],
      inbox: true, picked: chosen >= 0 && position === 0,
    }));
    Object.assign(state, { phase: 'done', engine: 'inbox', reason: '', model: null, error: null, startedAt: performance.now(),
      status: state.status === 'new' ? 'suggested' : state.status });
    // The creator picked one in the dashboard and pressed "open": the card is what they came for.
    if (chosen >= 0 && ['new', 'drafted'].includes(item.status)) state.open = true;
  }

  /** Blur the comment's text while it is toxic, the creator asked for that and has not revealed it. */
  function decorate(el, state) {
    const want = blurToxic && !state.revealed && Inbox.isToxic(state.inbox);
    // Nothing to blur or unblur (a node the page recycled may still carry another comment's blur).
    if (!el || (!want && !state.blurred && !(everBlurred && el.querySelector(`.${Inbox.BLUR_CLASS}`)))) return;
    const text = page.adapter()?.textElement?.(el);
    Inbox.blur(text, want);
    everBlurred ||= want;
    const blurred = want && Boolean(text);
    if (blurred !== state.blurred) {
      state.blurred = blurred;
      page.render(state.id);
    }
  }

  function applyInbox(items, answer) {
    if (typeof answer.blur_toxic === 'boolean' && answer.blur_toxic !== blurToxic) {
      blurToxic = answer.blur_toxic;
      for (const el of page.markedElements()) {
        const state = page.get(page.idOf(el));
        if (state) decorate(el, state);
      }
    }
    for (const item of items) {
      const state = page.get(item.comment_id);
      if (!state) continue;
      state.inbox = item;
      offerDrafts(state, item);
      syncInboxStatus(state);
      decorate(page.elementFor(state.id), state);
      page.render(state.id);
    }
  }

  function reveal(id) {
    const state = page.get(id);
    state.revealed = true;
    decorate(page.elementFor(id), state);
    page.render(id);
  }

  function inboxState() {
    const known = [];
    const blurred = [];
    for (const el of page.markedElements()) {
      const state = page.get(page.idOf(el));
      if (state?.inbox) known.push(state.id);
      if (state?.blurred) blurred.push(state.id);
    }
    return { ...(inbox?.stats() || {}), known, blurred, blur_toxic: blurToxic };
  }

  // ---------------------------------------------------------------- keyboard commands

  async function openPalette() {
    const id = page.focusedComment() || page.firstVisible();
    if (!id) return false;
    const { box, error } = await replyBoxFor(id);
    if (error) return false;
    const { author, post_title: postTitle } = page.get(id).comment;
    globalThis.TandemPalette.open({
      anchor: findEditable(box) || box,
      variables: { author, post_title: postTitle, platform: page.adapter().platform },
      search: (q) => send('searchSnippets', { q }),
      pick: async (text) => {
        const result = await insertText(box, text, { mode: boxText(box) ? 'append' : 'replace' });
        if (result.ok && page.get(id).status !== 'replied') {
          update(id, { status: 'inserted' });
          markInbox(page.get(id), 'inserted');
        }
        return result.ok ? { ok: true } : { ok: false, error: result.error };
      },
      onClose: () => findEditable(box)?.focus(),
    });
    return true;
  }

  function nextUnreplied() {
    const marked = page.markedElements();
    const from = marked.findIndex((el) => page.idOf(el) === page.focusedComment());
    for (let step = 1; step <= marked.length; step += 1) {
      const el = marked[(from + step + marked.length) % marked.length];
      const id = page.idOf(el);
      if (['new', 'suggested'].includes(page.get(id)?.status)) {
        el.scrollIntoView({ block: 'center' });
        page.viewFor(id)?.focusChip();
        return id;
      }
    }
    return null;
  }

  const commands = {
    suggest: () => openAndSuggest(page.focusedComment() || page.firstVisible()),
    'quick-replies': () => openPalette(),
    'insert-first': () => insertFirst(page.focusedComment() || page.firstVisible()),
    'next-unreplied': () => nextUnreplied(),
  };

  // ---------------------------------------------------------------- messages (background, panel)

  function listComments() {
    const seen = new Set();
    const items = [];
    for (const el of page.markedElements()) {
      const state = page.get(page.idOf(el));
      if (!state || seen.has(state.id)) continue;
      seen.add(state.id);
      items.push({ id: state.id, author: state.comment.author, text: state.comment.text.slice(0, 280),
        status: state.status, phase: state.phase, suggestions: itemsOf(state).length });
    }
    return { site: page.adapter()?.name || null, items };
  }

  let panelTimer = 0;
  function panelsChanged() {
    if (!panels.size || panelTimer) return;
    panelTimer = setTimeout(() => {
      panelTimer = 0;
      const message = { type: 'comments', ...listComments() };
      for (const port of panels) port.postMessage(message);
    }, 200);
  }

  const active = () => Boolean(page.adapter());
  const handlers = {
    ping: () => ({ adapter: page.adapter()?.name || null, comments: page.markedElements().length }),
    command: ({ command }) => active() && Object.hasOwn(commands, command) && commands[command](),
    listComments: () => listComments(),
    suggestFor: ({ id }) => active() && openAndSuggest(id),
    insertFirst: ({ id }) => active() && insertFirst(id),
    inboxState: () => inboxState(),
  };

  function handle(message) {
    return Promise.resolve().then(() => handlers[message.type](message));
  }

  function listen() {
    api.runtime.onMessage.addListener((message, sender, sendResponse) => {
      if (sender.id !== api.runtime.id || !Object.hasOwn(handlers, message?.type)) return false;
      handle(message).then((data) => sendResponse({ ok: true, data: data ?? null }),
        (error) => sendResponse({ ok: false, error: { code: 'content_error', message: String(error?.message || error) } }));
      return true;
    });
    // The side panel connects to this tab to follow its comments and send actions.
    api.runtime.onConnect.addListener((port) => {
      if (port.name !== 'panel' || port.sender?.id !== api.runtime.id) return;
      panels.add(port);
      port.onDisconnect.addListener(() => panels.delete(port));
      port.onMessage.addListener((message) => {
        if (Object.hasOwn(handlers, message?.type)) handle(message).catch(() => {});
      });
      port.postMessage({ type: 'comments', ...listComments() });
    });
  }

  // ---------------------------------------------------------------- start

  function adapterFor(url) {
    const candidate = globalThis.TandemSites.forUrl(url);
    return candidate && (!settings?.sites || settings.sites.includes(candidate.platform)) ? candidate : null;
  }

  async function start() {
    listen(); // even without an adapter: the panel and the tests can ask what this page is
    if (!globalThis.TandemSites.forUrl(location.href)) return;
    try {
      const state = await send('getState');
      settings = state.settings;
      tones = state.tones?.length ? state.tones : tones;
    } catch {
      // background unavailable: run with the server's defaults; suggesting will say what is wrong
    }
    const adapter = adapterFor(location.href);
    if (!adapter) return; // switched off in Tandem's settings
    blurToxic = settings?.blur_toxic_on_pages === true;
    inbox = Inbox.create({ send, onItems: applyInbox });
    page.start(adapter, {
      newState,
      createView: (state) => globalThis.TandemChip.create(state, actions),
      onPosted,
      onChange: panelsChanged,
      adapterFor,
      decorate,
    });
  }

  start();
})();

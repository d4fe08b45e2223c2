// Tandem: the "Suggest" chip beside a comment and the card of suggestions it opens.
//
// A classic content script; defines globalThis.TandemChip.create(state, actions) -> view:
//   view.host          the element to put beside the comment (an open shadow root inside)
//   view.render(state) show the comment's current state (core.js owns the state; this file only
//                      draws it, so a chip re-created after the site re-rendered shows the same)
//   view.focusChip()
// actions (all take the comment id): toggle, close, regenerate, insert(id, index, mode?),
// cancelInsert, dismiss, setTone(id, tone), reveal (unblur a comment blurred as toxic), openPanel().
//
// Page and model text go in with textContent only. Suggestions appear one by one as the model
// finishes them (draft events), then are replaced by the final list with ids and flags. Drafts
// made in the inbox arrive as a finished list (engine "inbox"), the creator's pick first.
(() => {
  'use strict';
  if (globalThis.TandemChip) return;

  const { el, shadowHost, keepKeysInside, BASE_CSS } = globalThis.TandemUI;

  const CSS = `${BASE_CSS}
    :host { display: inline-block; vertical-align: middle; margin: 0 4px; }
    :host([data-open]) { display: block; flex-basis: 100%; margin: 4px 0; }
    .chip { border-color: var(--tandem-accent); color: var(--tandem-accent); font-weight: 600; }
    .chip[data-status="inserted"], .chip[data-status="replied"] { border-style: dashed; }
    .card { margin-top: 6px; max-width: 38rem; background: var(--tandem-bg); border: 1px solid var(--tandem-line);
      border-radius: 10px; padding: 10px 12px; box-shadow: 0 4px 16px rgba(0, 0, 0, .12); }
    .head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
    .title { font-weight: 600; margin: 0; font-size: 13px; }
    .close { border: 0; font-size: 16px; line-height: 1; padding: 2px 6px; }
    .engine { color: var(--tandem-muted); margin: 4px 0; }
    .back { color: var(--tandem-muted); font-style: italic; margin: 2px 0 4px; }
    .engine[data-engine="saved"] { color: var(--tandem-warn); }
    .error { color: #b91c1c; margin: 4px 0; }
    .notice { color: var(--tandem-accent); margin: 4px 0; }
    ol { list-style: none; margin: 6px 0; padding: 0; display: grid; gap: 6px; }
    .suggestion { border: 1px solid var(--tandem-line); border-radius: 8px; padding: 6px 8px; }
    .suggestion[data-draft] { border-style: dashed; }
    .suggestion[data-inserted] { border-color: var(--tandem-accent); }
    .text { margin: 0 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .flags { margin: 0 0 4px; padding: 0; list-style: none; }
    .flag { color: var(--tandem-warn); font-size: 12px; }
    .flag::before { content: "⚠ "; }
    .picked { display: inline-block; margin: 0 0 4px; padding: 0 6px; border-radius: 999px; font-size: 12px;
      background: var(--tandem-accent); color: #fff; }
    .reveal { margin-left: 4px; font-size: 12px; color: var(--tandem-muted); }
    .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    .choice { margin-top: 4px; }
    .foot { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin-top: 6px; }
    select { border: 1px solid var(--tandem-line); border-radius: 6px; background: var(--tandem-bg); padding: 1px 4px; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `;

  const CHIP_TEXT = {
    new: () => '✦ Suggest',
    suggested: (state) => (state.engine === 'inbox'
      ? `✦ ${itemsOf(state).length} ${itemsOf(state).length === 1 ? 'draft' : 'drafts'} from your inbox`
      : `✦ ${itemsOf(state).length || ''} suggestions`.replace('  ', ' ')),
    inserted: () => '✓ Inserted',
    replied: () => '✓ Replied',
  };

  /** What the card lists: the final suggestions once done, the drafts while they stream. */
  function itemsOf(state) {
    if (state.suggestions.length) return state.suggestions;
    return state.drafts.filter((text) => typeof text === 'string').map((text) => ({ id: null, text, flags: [], draft: true }));
  }

  function engineText(state) {
    if (state.phase === 'streaming') {
      return state.fallbackReason !== null
        ? `Your model is not available, so these come from your saved replies: ${state.fallbackReason}`
        : 'Writing suggestions…';
    }
    if (state.phase !== 'done') return '';
    if (state.engine === 'saved') return `From your saved replies: ${state.reason || 'your model is not available.'}`;
    if (state.engine === 'inbox') return 'Drafted in your inbox. Regenerate for new ones.';
    return state.model ? `From your model (${state.model})` : 'From your model';
  }

  function create(initial, actions) {
    const id = initial.id;
    const { host, root } = shadowHost('span', { 'data-tandem-chip-for': id }, CSS);
    keepKeysInside(host);

    const chip = el('button', { class: 'chip', type: 'button', attrs: { 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
      on: { click: () => actions.toggle(id) } });
    const title = el('p', { class: 'title' });
    const close = el('button', { class: 'close', type: 'button', text: '×', attrs: { 'aria-label': 'Close suggestions' },
      on: { click: () => { actions.close(id); chip.focus(); } } });
    const engine = el('p', { class: 'engine' });
    const error = el('p', { class: 'error', attrs: { role: 'alert' }, hidden: true });
    const notice = el('p', { class: 'notice', hidden: true });
    const list = el('ol', { class: 'suggestions' });
    const tone = el('select', { class: 'tone', on: { change: () => actions.setTone(id, tone.value) } });
    const regenerate = el('button', { class: 'regenerate', type: 'button', text: 'Regenerate', on: { click: () => actions.regenerate(id) } });
    const dismiss = el('button', { class: 'dismiss', type: 'button', text: 'Dismiss', on: { click: () => { actions.dismiss(id); chip.focus(); } } });
    const panel = el('button', { class: 'panel', type: 'button', text: 'Side panel', attrs: { 'aria-label': 'Open Tandem\'s side panel' },
      on: { click: () => actions.openPanel() } });
    const live = el('p', { class: 'sr', attrs: { 'aria-live': 'polite' } });
    const reveal = el('button', { class: 'reveal', type: 'button', text: 'Show', hidden: true,
      attrs: { title: 'Tandem blurred this comment: your inbox found it toxic.', 'aria-label': 'Show the comment Tandem blurred as toxic' },
      on: { click: () => { actions.reveal(id); chip.focus(); } } });
    const card = el('section', { class: 'card', hidden: true, tabIndex: -1, attrs: { role: 'dialog' } },
      el('div', { class: 'head' }, title, close), engine, error, notice, list,
      el('div', { class: 'foot' }, el('label', {}, 'Tone ', tone), regenerate, dismiss, panel), live);
    card.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      actions.close(id);
      chip.focus();
    });
    root.append(chip, reveal, card);

    let lastPhase = null;
    let lastPending = null;

    function renderTones(state) {
      if (tone.options.length !== state.tones.length) {
        tone.replaceChildren(...state.tones.map((name) => el('option', { value: name, text: name })));
      }
      tone.value = state.tone;
    }

    function renderItem(li, item, index, state) {
      li.dataset.index = String(index);
      li.toggleAttribute('data-draft', Boolean(item.draft));
      li.toggleAttribute('data-inserted', state.inserted?.index === index && state.status !== 'new');
      if (item.id) li.dataset.suggestionId = item.id;
      else delete li.dataset.suggestionId;
      li.querySelector('.text').textContent = item.text;
      const back = li.querySelector('.back');
      back.textContent = item.back_translation ? `In your language: ${item.back_translation}` : '';
      back.hidden = !item.back_translation;
      const flags = li.querySelector('.flags');
      flags.replaceChildren(...(item.flags || []).map((flag) => el('li', { class: 'flag', dataset: { code: flag.code }, text: flag.message })));
      flags.hidden = !flags.childElementCount;
      const choice = li.querySelector('.choice');
      choice.hidden = state.pendingInsert !== index;
      li.toggleAttribute('data-picked', Boolean(item.picked));
      li.querySelector('.picked').hidden = !item.picked;
    }

    function newItem(index) {
      const insert = el('button', { class: 'insert', type: 'button', text: 'Insert', attrs: { 'aria-label': `Insert suggestion ${index + 1}` },
        on: { click: () => actions.insert(id, index) } });
      const choice = el('div', { class: 'row choice', hidden: true },
        el('span', { text: 'The reply box already has text:' }),
        el('button', { class: 'replace', type: 'button', text: 'Replace it', on: { click: () => actions.insert(id, index, 'replace') } }),
        el('button', { class: 'append', type: 'button', text: 'Add after it', on: { click: () => actions.insert(id, index, 'append') } }),
        el('button', { class: 'cancel', type: 'button', text: 'Cancel', on: { click: () => actions.cancelInsert(id) } }));
      return el('li', { class: 'suggestion' }, el('p', { class: 'picked', text: 'Picked in your inbox', hidden: true }),
        el('p', { class: 'text' }), el('p', { class: 'back', hidden: true }), el('ul', { class: 'flags' }),
        el('div', { class: 'row' }, insert), choice);
    }

    function renderList(state) {
      const items = itemsOf(state);
      while (list.children.length > items.length) list.lastElementChild.remove();
      items.forEach((item, index) => {
        const li = list.children[index] || list.appendChild(newItem(index));
        renderItem(li, item, index, state);
      });
      if (state.pendingInsert !== null && state.pendingInsert !== lastPending) {
        list.children[state.pendingInsert]?.querySelector('.replace')?.focus();
      }
      lastPending = state.pendingInsert;
    }

    function announce(state) {
      if (state.phase === lastPhase) return;
      lastPhase = state.phase;
      const count = itemsOf(state).length;
      live.textContent = { streaming: 'Writing suggestions…', done: `${count} suggestions ready.`, error: state.error || '' }[state.phase] || '';
    }

    function render(state) {
      const author = state.comment.author || 'this comment';
      chip.dataset.status = state.status;
      chip.textContent = CHIP_TEXT[state.status](state);
      chip.setAttribute('aria-label', `Tandem: suggest a reply to ${author} (${state.status})`);
      chip.setAttribute('aria-expanded', String(state.open));
      host.toggleAttribute('data-open', state.open);
      card.hidden = !state.open;
      card.dataset.phase = state.phase;
      card.dataset.engine = state.engine || '';
      card.setAttribute('aria-label', `Reply suggestions for ${author}`);
      title.textContent = `Replies to ${author}`;
      engine.textContent = engineText(state);
      engine.dataset.engine = state.phase === 'done' ? state.engine || '' : state.fallbackReason !== null ? 'saved' : '';
      engine.hidden = !engine.textContent;
      reveal.hidden = !state.blurred;
      error.textContent = state.error || '';
      error.hidden = !state.error;
      notice.textContent = state.notice || '';
      notice.hidden = !state.notice;
      renderTones(state);
      renderList(state);
      announce(state);
    }

    render(initial);
    return {
      host,
      render,
      focusChip: () => chip.focus(),
      focusCard: () => card.focus(),
    };
  }

  globalThis.TandemChip = Object.freeze({ create, itemsOf });
})();

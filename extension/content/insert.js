// Tandem: put a chosen reply into a site's reply box so that the site's editor registers it.
//
// A classic script (content scripts are not modules); it defines globalThis.TandemInsert:
//   detectEditorKind(el)  -> "textarea" | "draft" | "lexical" | "quill" | "contenteditable" | null
//   findEditable(el)      -> the editable element at or inside a reply box (open shadow roots too)
//   insertText(box, text, {mode: "replace" | "append"})
//                         -> Promise<{ok: true, kind, strategy, text} | {ok: false, kind, error}>
//
// It only ever writes text: it never dispatches Enter, never clicks, never submits. The creator
// posts the reply themselves.
//
// Strategies, measured in Chromium against the real libraries (tests/browser/test_insert.py):
//   textarea (React-controlled; Instagram): the prototype's native value setter + a bubbling
//     `input` event. Assigning .value alone leaves React's state empty.
//   draft (X, TikTok): a synthetic `paste` carrying a DataTransfer with text/plain; Draft's own
//     paste handler turns each line into a block. execCommand('insertText') on an EMPTY Draft
//     editor crashes the page's React tree (removeChild NotFoundError, the root unmounts), and a
//     synthetic `textInput` leaves Draft's state and DOM out of step, so paste is the only one.
//   lexical (Facebook): execCommand('insertText') for one line. (Chromium fires no beforeinput
//     for execCommand; Lexical picks the edit up from the DOM.) Lexical drops the "\n" of a
//     multi-line insertText and ignores insertLineBreak/insertParagraph from execCommand, so
//     multi-line text goes in by paste (newlines become line breaks or paragraphs).
//   quill (Quill 1; LinkedIn): execCommand('insertText'), one line at a time with
//     insertParagraph between lines (a "\n" inside insertText leaves an extra empty paragraph).
//     Quill 1's paste handler waits for a NATIVE paste into its clipboard container, so a
//     synthetic paste only deletes the selection: never used for Quill.
//   contenteditable (YouTube, Reddit's composer): execCommand('insertText'); multi-line text one
//     line at a time with insertLineBreak between (<br>s; a "\n" inside insertText makes <div>s
//     whose innerText gains an extra blank line).
// Every attempt is read back from the DOM. An attempt that changed the box without producing
// the intended text is overwritten by the next strategy, which replaces the whole box with the
// intended content, so the reply never lands twice.
(() => {
  'use strict';

  const EDITABLE_SELECTOR = [
    'textarea',
    'input:not([type])',
    'input[type="text"]',
    'input[type="search"]',
    '[data-lexical-editor="true"]',
    '.public-DraftEditor-content',
    '.ql-editor',
    '[contenteditable=""]',
    '[contenteditable="true"]',
    '[contenteditable="plaintext-only"]',
  ].join(', ');

  // Quill 1 reacts to DOM changes in a MutationObserver and to paste in a 1 ms timer; React 18
  // re-renders in a microtask. Reading back after this long sees what the editor made of it.
  const SETTLE_MS = 20;
  const SELECTIONCHANGE_TIMEOUT_MS = 50;

  // ---------------------------------------------------------------- detection

  const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url']);

  function isTextField(el) {
    return el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type));
  }

  /** The outermost contenteditable element containing el (editors nest editable spans). */
  function editingHost(el) {
    let host = null;
    for (let node = el; node instanceof HTMLElement; node = node.parentElement) {
      if (node.isContentEditable) host = node;
      else if (host) break;
    }
    return host;
  }

  function detectEditorKind(el) {
    if (!(el instanceof HTMLElement)) return null;
    if (isTextField(el)) return 'textarea';
    const editable = el.isContentEditable;
    if (el.closest('.public-DraftEditor-content, [data-contents="true"], .DraftEditor-root')) {
      return editable ? 'draft' : null;
    }
    if (el.closest('[data-lexical-editor="true"]')) return editable ? 'lexical' : null;
    if (el.closest('.ql-editor')) return editable ? 'quill' : null;
    return editable ? 'contenteditable' : null;
  }

  /** Every element matching selector at or under root, descending into open shadow roots. */
  function* deepQueryAll(root, selector) {
    if (root instanceof Element && root.matches(selector)) yield root;
    const scopes = [root];
    while (scopes.length) {
      const scope = scopes.shift();
      if (scope instanceof Element && scope.shadowRoot) scopes.push(scope.shadowRoot);
      for (const el of scope.querySelectorAll('*')) {
        if (el !== root && el.matches(selector)) yield el;
        if (el.shadowRoot) scopes.push(el.shadowRoot);
      }
    }
  }

  function isUsable(el) {
    if (el.disabled || el.readOnly) return false;
    if (el.getAttribute('aria-disabled') === 'true' || el.getAttribute('aria-hidden') === 'true') return false;
    return isTextField(el) || el.isContentEditable;
  }

  /** The element to type into, given a reply-box container or any element inside an editor. */
  function findEditable(el) {
    if (!(el instanceof Element)) return null;
    if (isTextField(el)) return isUsable(el) ? el : null;
    const host = editingHost(el);
    if (host) return host;
    for (const candidate of deepQueryAll(el, EDITABLE_SELECTOR)) {
      const found = isTextField(candidate) ? candidate : editingHost(candidate);
      if (found && isUsable(found)) return found;
    }
    return null;
  }

  // ---------------------------------------------------------------- reading back

  const INVISIBLE = /[\u200B\u200C\u200D\uFEFF]/g;
  const BLOCK_TAGS = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE)$/;

  function isBlock(node) {
    return node.nodeType === Node.ELEMENT_NODE && BLOCK_TAGS.test(node.tagName);
  }

  function isEmptyText(node) {
    return node.nodeType === Node.TEXT_NODE && node.data === '';
  }

  /** A <br> with nothing after it up to the end of its block is the editor's filler. */
  function isFillerBreak(br, root) {
    for (let node = br; node && node !== root && !isBlock(node); node = node.parentNode) {
      let next = node.nextSibling;
      while (next && isEmptyText(next)) next = next.nextSibling;
      if (next) return false;
    }
    return true;
  }

  /**
   * The box's text as a person reads it: one line per block, <br> as a newline, filler <br>s
   * dropped. innerText would need layout and doubles the breaks around every <p>.
   */
  function readText(el) {
    if (isTextField(el)) return el.value;
    const lines = [''];
    let lineUsed = false; // the current line holds text or stands for an empty block
    const newline = () => {
      lines.push('');
      lineUsed = false;
    };
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          lines[lines.length - 1] += child.data;
          lineUsed ||= child.data !== '';
        } else if (child.nodeName === 'BR') {
          if (isFillerBreak(child, el)) lineUsed = true;
          else {
            newline();
            lineUsed = true;
          }
        } else if (child.nodeType === Node.ELEMENT_NODE && child.getAttribute('contenteditable') !== 'false') {
          const block = isBlock(child);
          if (block && lineUsed) newline();
          walk(child);
          if (block && lineUsed) newline();
        }
      }
    };
    walk(el);
    if (lines.length > 1 && !lineUsed) lines.pop();
    return lines.join('\n').replace(INVISIBLE, '').replace(/\u00A0/g, ' ');
  }

  /** Editors differ in how they render spaces and line breaks; the words must match exactly. */
  function normalise(text) {
    return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  }

  // ---------------------------------------------------------------- focus and selection

  const wait = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

  function deepActiveElement() {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) {
      active = active.shadowRoot.activeElement;
    }
    return active;
  }

  async function focusEditor(el) {
    const active = deepActiveElement();
    if (active === el || el.contains(active)) return;
    el.focus();
    // Draft re-renders on focus and moves the DOM selection (forceSelection): let it finish.
    await wait();
  }

  /** Resolve once the page has handled our selection change: Draft and Lexical track it there. */
  function selectionSettled() {
    return new Promise((resolve) => {
      const done = () => {
        document.removeEventListener('selectionchange', done);
        // Our listener was added after the page's, so the page's handlers have run; their
        // re-renders land in a microtask or the next task.
        wait().then(resolve);
      };
      document.addEventListener('selectionchange', done);
      setTimeout(done, SELECTIONCHANGE_TIMEOUT_MS);
    });
  }

  /** Where a user's caret lands after clicking past the end: inside the last line, not after it. */
  function endPoint(el) {
    let node = el;
    for (;;) {
      let last = node.lastChild;
      while (last && isEmptyText(last)) last = last.previousSibling;
      if (!last) return [node, node.childNodes.length];
      if (last.nodeType === Node.TEXT_NODE) return [last, last.data.length];
      if (last.nodeName === 'BR') return [node, Array.prototype.indexOf.call(node.childNodes, last)];
      if (last.nodeType !== Node.ELEMENT_NODE || last.getAttribute('contenteditable') === 'false') {
        return [node, node.childNodes.length];
      }
      node = last;
    }
  }

  function editorRange(el, selectAll) {
    const range = document.createRange();
    if (selectAll) range.selectNodeContents(el);
    else range.setStart(...endPoint(el));
    return range;
  }

  function selectionFor(el) {
    // Chromium exposes a shadow root's own selection; elsewhere window's reaches into it.
    const root = el.getRootNode();
    return (root instanceof ShadowRoot && root.getSelection && root.getSelection()) || window.getSelection();
  }

  /** Select the whole box (replace) or put the caret at its end (append), as a user would. */
  async function placeSelection(el, selectAll) {
    if (isTextField(el)) {
      const end = el.value.length;
      el.setSelectionRange(selectAll ? 0 : end, end);
      return;
    }
    const selection = selectionFor(el);
    selection.removeAllRanges();
    selection.addRange(editorRange(el, selectAll));
    await selectionSettled();
  }

  // ---------------------------------------------------------------- strategies

  /** React shadows .value on the element; the prototype's setter also updates React's tracker. */
  function nativeSetter(el, text, selectAll) {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setValue = Object.getOwnPropertyDescriptor(proto, 'value').set;
    const value = selectAll ? text : el.value + text;
    setValue.call(el, value);
    el.setSelectionRange(value.length, value.length);
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  }

  function execInsertText(el, text) {
    document.execCommand('insertText', false, text);
  }

  /** One line at a time, with lineCommand ('insertParagraph' or 'insertLineBreak') between. */
  function execLines(text, lineCommand) {
    text.split('\n').forEach((line, i) => {
      if (i) document.execCommand(lineCommand, false);
      if (line) document.execCommand('insertText', false, line);
    });
  }

  function syntheticPaste(el, text) {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }

  /** Last resort where the DOM is the state (plain contenteditable, Quill's observer). */
  function domWrite(el, text, selectAll) {
    const range = editorRange(el, selectAll);
    range.deleteContents();
    const fragment = document.createDocumentFragment();
    text.split('\n').forEach((line, i) => {
      if (i) fragment.append(document.createElement('br'));
      if (line) fragment.append(document.createTextNode(line));
    });
    range.insertNode(fragment);
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  }

  const STRATEGIES = {
    'native-setter': nativeSetter,
    'exec-insert-text': execInsertText,
    'exec-paragraphs': (el, text) => execLines(text, 'insertParagraph'),
    'exec-line-breaks': (el, text) => execLines(text, 'insertLineBreak'),
    paste: syntheticPaste,
    'dom-write': domWrite,
  };

  /** Strategies to try, best first, for this editor kind and the box's final text (see the header). */
  function planFor(kind, text) {
    const multiline = text.includes('\n');
    switch (kind) {
      case 'textarea':
        return ['native-setter', 'exec-insert-text'];
      case 'draft':
        return ['paste'];
      case 'lexical':
        return multiline ? ['paste'] : ['exec-insert-text', 'paste'];
      case 'quill':
        return [multiline ? 'exec-paragraphs' : 'exec-insert-text', 'dom-write'];
      default:
        // An unknown framework may handle paste (ProseMirror, Slate); if not, nothing happens.
        return [multiline ? 'exec-line-breaks' : 'exec-insert-text', 'paste', 'dom-write'];
    }
  }

  // Never on Draft: execCommand on an empty Draft editor crashes the page's React tree, and a
  // DOM write shows text that Draft's state never gets (measured: state stays empty).
  const FORBIDDEN = { draft: new Set(['exec-insert-text', 'exec-paragraphs', 'exec-line-breaks', 'dom-write']) };

  // ---------------------------------------------------------------- insertText

  /** What goes between the creator's draft and an appended reply. */
  function separatorFor(before, text) {
    if (!before.trim() || /\s$/.test(before) || /^\s/.test(text)) return '';
    return text.includes('\n') || before.includes('\n') ? '\n' : ' ';
  }

  async function attempt(el, strategy, text, selectAll) {
    await focusEditor(el);
    await placeSelection(el, selectAll);
    try {
      STRATEGIES[strategy](el, text, selectAll);
    } catch (error) {
      return `${strategy} threw ${error && error.message}`;
    }
    await wait(SETTLE_MS);
    return null;
  }

  /** After every strategy failed: put back the creator's own draft if an attempt changed it. */
  async function restore(el, kind, before, plan) {
    const same = () => normalise(readText(el)) === normalise(before);
    if (same()) return true;
    if (!before.trim()) {
      if (kind === 'draft') return false; // no safe way to empty Draft from outside
      await placeSelection(el, true);
      if (isTextField(el)) nativeSetter(el, '', true);
      else document.execCommand('delete', false);
      await wait(SETTLE_MS);
      return same();
    }
    for (const strategy of plan) {
      await attempt(el, strategy, before, true);
      if (same()) return true;
    }
    return false;
  }

  function failure(kind, error) {
    return { ok: false, kind, error };
  }

  function checkArguments(el, kind, text, mode) {
    if (!el || !kind) return 'No editable reply box was found here.';
    if (!el.isConnected) return 'The reply box is no longer on the page.';
    if (typeof text !== 'string' || !text.trim()) return 'Nothing to insert: the reply is empty.';
    if (mode !== 'replace' && mode !== 'append') return `Unknown insert mode "${mode}".`;
    return null;
  }

  /**
   * Put text into the reply box. "replace" replaces whatever the box holds; "append" adds it
   * after the creator's draft with a space (or a newline for multi-line text) between them.
   * options.strategies overrides the plan (tests and diagnostics); Draft's forbidden ones stay
   * forbidden.
   */
  async function insertText(box, text, options = {}) {
    const mode = options.mode || 'replace';
    const el = findEditable(box);
    const kind = el ? detectEditorKind(el) : null;
    const problem = checkArguments(el, kind, text, mode);
    if (problem) return failure(kind, problem);

    const before = readText(el);
    const insertion = mode === 'append' ? separatorFor(before, text) + text : text;
    const expected = mode === 'append' ? before + insertion : text;
    const forbidden = FORBIDDEN[kind] || new Set();
    // Planned for the final content: a fallback may have to rewrite a multi-line draft whole.
    const plan = (options.strategies || planFor(kind, expected)).filter((s) => STRATEGIES[s] && !forbidden.has(s));
    const notes = [];
    let selectAll = mode === 'replace';
    let payload = insertion;

    for (const strategy of plan) {
      const threw = await attempt(el, strategy, payload, selectAll);
      if (!el.isConnected) return failure(kind, `The reply box left the page during ${strategy}.`);
      const now = readText(el);
      if (!threw && normalise(now) === normalise(expected)) return { ok: true, kind, strategy, text: now };
      notes.push(threw || `${strategy} left ${JSON.stringify(now)}`);
      if (normalise(now) !== normalise(before)) {
        // Half-done or doubled: the next strategy replaces everything with the intended text.
        selectAll = true;
        payload = expected;
      }
    }
    if (!plan.length) notes.push(`no usable strategy for ${kind}`);
    const restored = await restore(el, kind, before, plan);
    const state = restored ? 'the box holds what it held before' : `the box now holds ${JSON.stringify(readText(el))}`;
    return failure(kind, `The reply could not be inserted; ${state} (${notes.join('; ')}).`);
  }

  globalThis.TandemInsert = Object.freeze({ detectEditorKind, findEditable, insertText });
})();

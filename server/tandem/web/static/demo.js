// The demo comment section's own behaviour (no inline scripts: the page's CSP forbids them).
//
// "Reply" opens a reply box with a real Quill 1 editor, as LinkedIn does, so Tandem's extension
// inserts into a real editor here. "Reply" inside the box only adds the reply to this page:
// nothing is sent anywhere. Two globals make the page inspectable from the console and the
// browser tests: demoEditors[commentId] is the editor handle (getText() reads Quill's own state,
// not the DOM) and demoPosted lists the replies "posted" on this page.
(() => {
  'use strict';

  const editors = (window.demoEditors = {});
  const posted = (window.demoPosted = []);
  const creatorName = document.querySelector('.demo-comments')?.dataset.creator || 'You';

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, label, type = 'button') {
    const node = element('button', className, label);
    node.type = type;
    return node;
  }

  function ownParts(article) {
    const main = article.querySelector(':scope > .demo-comment-main');
    return {
      main,
      slot: main.querySelector(':scope > .demo-reply-slot'),
      replyButton: main.querySelector(':scope > .demo-comment-actions .demo-reply-button'),
      replies: article.querySelector(':scope > .demo-replies'),
    };
  }

  function closeReplyBox(article) {
    const { slot, replyButton } = ownParts(article);
    slot.replaceChildren();
    replyButton.setAttribute('aria-expanded', 'false');
    delete editors[article.dataset.commentId];
  }

  function postedReply(article, text) {
    const id = `${article.dataset.commentId}-you-${posted.length + 1}`;
    const reply = element('article', 'demo-comment');
    reply.id = `comment-${id}`;
    reply.dataset.commentId = id;
    reply.dataset.creator = 'true';
    const main = element('div', 'demo-comment-main');
    const head = element('header', 'demo-comment-head');
    head.append(element('span', 'demo-avatar', creatorName[0].toUpperCase()), element('span', 'demo-author', creatorName),
      element('span', 'demo-badge', 'Creator'), element('span', 'demo-when', 'just now (only on this page)'));
    head.firstChild.setAttribute('aria-hidden', 'true');
    main.append(head, element('p', 'demo-comment-text', text));
    reply.append(main, element('div', 'demo-replies'));
    return reply;
  }

  function openReplyBox(article) {
    const { slot, replyButton, replies } = ownParts(article);
    const commentId = article.dataset.commentId;
    if (editors[commentId]) {
      editors[commentId].root.focus();
      return;
    }
    const form = element('form', 'demo-reply-form');
    form.setAttribute('aria-label', `Reply to ${article.querySelector('.demo-author').textContent}`);
    const box = element('div', 'demo-editor');
    const actions = element('div', 'demo-reply-actions');
    const cancel = button('demo-cancel', 'Cancel');
    const post = button('demo-post-button', 'Reply', 'submit');
    actions.append(cancel, post);
    form.append(box, actions);
    slot.append(form);
    replyButton.setAttribute('aria-expanded', 'true');

    const editor = window.FixtureEditors.mount('quill', box, { placeholder: 'Add a reply…' });
    editors[commentId] = editor;
    editor.root.setAttribute('aria-label', 'Your reply');
    editor.root.focus();

    cancel.addEventListener('click', () => closeReplyBox(article));
    form.addEventListener('submit', (event) => {
      event.preventDefault(); // nothing leaves this page
      const text = editor.getText().trim();
      if (!text) return;
      posted.push({ commentId, text });
      replies.append(postedReply(article, text));
      closeReplyBox(article);
    });
  }

  document.addEventListener('click', (event) => {
    const replyButton = event.target.closest?.('.demo-reply-button');
    if (replyButton) openReplyBox(replyButton.closest('.demo-comment'));
  });
})();

// A chat thread whose answers stream in as server-sent events (`Accept: text/event-stream`):
// tokens are shown as they arrive, then the full answer with its sources. The thread lives in
// memory only (`thread`, kept by the caller), never in browser storage.

import { h, fill, field, fmtDate, errorBox } from './dom.js';

/** A new, empty thread. */
export function newThread() {
  return { conversationId: null, messages: [] };
}

/** The sources by document (an answer may cite several passages of one document). */
function sourcesBlock(sources) {
  if (!sources || !sources.length) return null;
  const documents = new Map();
  for (const s of sources) {
    const known = documents.get(s.document_id);
    if (known) known.passages += 1;
    else documents.set(s.document_id, { ...s, passages: 1 });
  }
  return h('div', { class: 'sources' },
    h('span', {}, 'Sources:'),
    h('ul', {}, [...documents.values()].map((s) => h('li', {}, s.title || s.document_id, s.date ? ` (${fmtDate(s.date)})` : '',
      s.passages > 1 ? ` — ${s.passages} passages` : ''))));
}

function messageNode(m) {
  const node = h('div', { class: `msg ${m.role}`, 'data-role': m.role, 'data-tokens': m.role === 'assistant' ? String(m.tokens || 0) : null, 'data-done': m.done ? 'true' : null });
  node.append(h('span', { class: 'visually-hidden' }, m.role === 'user' ? 'You: ' : 'MediClear: '));
  const text = h('span', { class: 'text' }, m.text);
  node.append(text);
  if (m.context) node.append(h('div', { class: 'small muted' }, `Context: ${m.context}`));
  if (m.requires) node.append(h('p', { class: 'alert', role: 'alert' }, 'Please talk to a doctor about this.'));
  if (m.role === 'assistant' && m.done && m.fromRecords === false) node.append(h('div', { class: 'small muted' }, 'Not answered from the records.'));
  const src = sourcesBlock(m.sources);
  if (src) node.append(src);
  return node;
}

/**
 * path: the chat route; makeBody(message, conversationId, context) → request body;
 * onAnswer(answer) hears each finished answer; withContext adds the doctor's context field.
 */
export function chatPanel(ctx, { title, path, makeBody, thread, onAnswer, withContext = false, placeholder }) {
  const log = h('div', { class: 'chat-log', role: 'log', 'aria-label': `${title} messages` });
  const errors = h('div');
  const question = h('textarea', { name: 'message', rows: 2, required: true, placeholder: placeholder || null });
  const context = withContext ? h('input', { name: 'additional_context', autocomplete: 'off' }) : null;
  const send = h('button', { type: 'submit', class: 'primary' }, 'Ask');
  const form = h('form', { class: 'chat-form' },
    field('Your question', question, 'Enter sends; Shift+Enter starts a new line.'),
    context ? field('Context for this question (optional)', context, 'Kept with your question and used to find the passages.') : null,
    h('div', { class: 'actions' }, send));

  const render = () => {
    fill(log, thread.messages.length
      ? thread.messages.map(messageNode)
      : h('p', { class: 'muted' }, 'No messages yet. Answers come from the records only, with their sources.'));
    log.scrollTop = log.scrollHeight;
  };

  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = question.value.trim();
    if (!message) return;
    const extra = context ? context.value.trim() : '';
    fill(errors);
    send.disabled = true;
    question.value = '';
    thread.messages.push({ role: 'user', text: message, context: extra || null });
    const answer = { role: 'assistant', text: '', sources: [], streaming: true };
    thread.messages.push(answer);
    render();
    const bubble = log.lastElementChild;
    const text = bubble.querySelector('.text');
    bubble.setAttribute('aria-busy', 'true');
    bubble.classList.add('streaming');
    try {
      const done = await ctx.api.stream(path, makeBody(message, thread.conversationId, extra), {
        onToken: (piece) => {
          answer.text += piece;
          answer.tokens = (answer.tokens || 0) + 1;
          bubble.dataset.tokens = String(answer.tokens);
          text.textContent = answer.text;
          log.scrollTop = log.scrollHeight;
        },
      });
      thread.conversationId = done.conversation_id || thread.conversationId;
      Object.assign(answer, {
        text: done.response, sources: done.sources || [], requires: done.requires_doctor_consultation,
        fromRecords: done.answered_from_records, streaming: false, done: true,
      });
      if (context) context.value = '';
      if (onAnswer) onAnswer(done);
    } catch (error) {
      thread.messages.splice(thread.messages.indexOf(answer), 1);
      fill(errors, errorBox(error));
    } finally {
      send.disabled = false;
      render();
      question.focus();
    }
  });

  render();
  return h('section', { class: 'panel chat', 'aria-labelledby': 'chat-title' },
    h('h2', { id: 'chat-title' }, title),
    log, errors, form);
}

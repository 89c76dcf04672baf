// The onboarding questionnaire (`GET /patients/questionnaire`) as form controls, and the answers
// read back from them. Every question is optional unless it says `required`; an empty control
// sends nothing.

import { h, field } from './dom.js';

function feedsHint(question) {
  const feeds = (question.feeds || []).map((f) => f.replace(/^score:/, 'score: ').replace(/^risk:/, 'risk: ').replaceAll('_', ' '));
  return feeds.length ? `Feeds ${feeds.join(', ')}` : null;
}

function control(question, value) {
  const name = `q:${question.id}`;
  switch (question.type) {
    case 'boolean':
      return h('select', { name },
        h('option', { value: '' }, 'Not answered'),
        h('option', { value: 'true', selected: value === true }, 'Yes'),
        h('option', { value: 'false', selected: value === false }, 'No'));
    case 'choice': {
      const labels = question.labels || {};
      return h('select', { name },
        h('option', { value: '' }, 'Not answered'),
        (question.options || []).map((o) => h('option', { value: o, selected: value === o }, labels[o] || o.replaceAll('_', ' '))));
    }
    case 'number':
      return h('input', { name, type: 'number', step: 'any', min: question.min ?? null, max: question.max ?? null, value: value ?? '', inputmode: 'decimal' });
    case 'date':
      return h('input', { name, type: 'date', value: value ?? '' });
    default:
      return h('input', { name, type: 'text', value: value ?? '' });
  }
}

/** The questions as labelled fields, with the current answers filled in. */
export function questionFields(questions, answers = {}) {
  return questions.map((q) => {
    const label = q.text + (q.unit ? ` (${q.unit})` : '') + (q.required ? ' (required)' : '');
    const input = control(q, answers[q.id]);
    if (q.required) input.required = true;
    return field(label, input, feedsHint(q));
  });
}

/** The answers in a form: only the questions answered. */
export function readAnswers(form, questions) {
  const answers = {};
  for (const q of questions) {
    const el = form.elements.namedItem(`q:${q.id}`);
    if (!el || el.value === '') continue;
    if (q.type === 'boolean') answers[q.id] = el.value === 'true';
    else if (q.type === 'number') answers[q.id] = Number(el.value);
    else answers[q.id] = el.value;
  }
  return answers;
}

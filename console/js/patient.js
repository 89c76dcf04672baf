// Patient: health score and risk assessment, documents with the pipeline's progress, questions
// about their own records (streamed answers with sources), and their questionnaire answers.

import { h, fill, field, select, busy, errorBox, fmtDateTime, put } from './dom.js';
import { healthScorePanel, riskPanel } from './insights.js';
import { uploadPanel, documentsPanel } from './documents.js';
import { chatPanel, newThread } from './chat.js';
import { questionFields, readAnswers } from './questionnaire.js';

function patientId(root, ctx) {
  if (ctx.who.patientId) return ctx.who.patientId;
  put(root, h('p', { class: 'error' }, 'This patient account is bound to no patient id.'));
  return null;
}

export function patientHealthView(root, ctx) {
  put(root, h('h1', {}, 'My health'));
  const id = patientId(root, ctx);
  if (!id) return null;
  put(root, 
    h('p', { class: 'muted' }, 'Computed from your questionnaire answers and your indexed documents, by documented rules; every part names its sources.'),
    healthScorePanel(ctx, id),
    riskPanel(ctx, id));
  return null;
}

export function patientDocumentsView(root, ctx) {
  put(root, h('h1', {}, 'My documents'));
  const id = patientId(root, ctx);
  if (!id) return null;
  const docs = documentsPanel(ctx, id);
  put(root, uploadPanel(ctx, id, () => docs.reload()), docs.element);
  return null;
}

export function patientChatView(root, ctx) {
  put(root, h('h1', {}, 'Ask about my records'));
  const id = patientId(root, ctx);
  if (!id) return null;
  ctx.memory.patientThread = ctx.memory.patientThread || newThread();
  put(root, 
    h('p', { class: 'muted' }, 'Answers use only your own records and list their sources. For symptoms that worry you, contact your doctor or emergency services.'),
    chatPanel(ctx, {
      title: 'Questions about your records',
      path: `/patients/${encodeURIComponent(id)}/chat`,
      thread: ctx.memory.patientThread,
      placeholder: 'e.g. What did my last mammogram show?',
      makeBody: (message, conversationId) => (conversationId ? { message, conversation_id: conversationId } : { message }),
    }));
  return null;
}

export function patientQuestionnaireView(root, ctx) {
  put(root, h('h1', {}, 'My questionnaire'));
  const id = patientId(root, ctx);
  if (!id) return null;
  const slot = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  put(root, slot);
  const load = async (message) => {
    const [questions, patient] = await Promise.all([
      ctx.api.get('/patients/questionnaire'),
      ctx.api.get(`/patients/${encodeURIComponent(id)}`),
    ]);
    const d = patient.demographics || {};
    const errors = h('div');
    const saved = h('div', { role: 'status' }, message ? h('p', { class: 'ok' }, message) : null);
    const form = h('form', { class: 'panel' },
      h('p', { class: 'small muted' }, `Version ${patient.version}, updated ${fmtDateTime(patient.updated_at)}.`),
      h('fieldset', {},
        h('legend', {}, 'About you'),
        h('div', { class: 'row' },
          field('Given name', h('input', { name: 'given_name', required: true, value: d.given_name, autocomplete: 'given-name' })),
          field('Family name', h('input', { name: 'family_name', required: true, value: d.family_name, autocomplete: 'family-name' })),
          field('Date of birth', h('input', { name: 'date_of_birth', type: 'date', required: true, value: d.date_of_birth })),
          field('Sex', select('sex', [['female', 'Female'], ['male', 'Male'], ['intersex', 'Intersex'], ['unknown', 'Prefer not to say']], d.sex)))),
      h('fieldset', {}, h('legend', {}, 'Questionnaire'), h('div', { class: 'questions' }, questionFields(questions, patient.answers || {}))),
      saved, errors,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save answers')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, errors, async () => {
        const v = (name) => form.elements.namedItem(name).value;
        const body = {
          demographics: { ...d, given_name: v('given_name').trim(), family_name: v('family_name').trim(), date_of_birth: v('date_of_birth'), sex: v('sex') },
          answers: readAnswers(form, questions),
        };
        for (const key of Object.keys(body.demographics)) if (body.demographics[key] === null) delete body.demographics[key];
        try {
          const updated = await ctx.api.put(`/patients/${encodeURIComponent(id)}`, body, { headers: { 'if-match': String(patient.version) } });
          await load(`Saved: version ${updated.version}. Your score and risk assessment are recomputed.`);
        } catch (error) {
          if (error.httpStatus === 409) error.message += ' Reload to see the latest version, then save again.';
          throw error;
        }
      });
    });
    fill(slot, form);
  };
  load().catch((error) => fill(slot, errorBox(error)));
  return null;
}

// Provider: file a case (or a Da Vinci PAS Bundle), watch it being analysed on the provider's
// channel, read the per-criterion recommendation; upload clinical records for retrieval.

import { h, fill, field, select, busy, facts, badge, showError, put } from './dom.js';
import { followJob } from './api.js';
import { caseWorkspace } from './cases.js';

/** A fresh Idempotency-Key per submission (README: creating POSTs may be retried safely). */
export function idempotencyKey() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function caseForm(ctx, onFiled) {
  const errors = h('div');
  const form = h('form', { class: 'panel', 'aria-labelledby': 'file-title' },
    h('h2', { id: 'file-title' }, 'File a case'),
    h('div', { class: 'row' },
      field('Patient id', h('input', { name: 'patient_id', required: true, placeholder: 'PAT-001', autocomplete: 'off' })),
      field('Procedure code', h('input', { name: 'procedure_code', required: true, placeholder: '27447', autocomplete: 'off' }), 'CPT or HCPCS.')),
    h('div', { class: 'row' },
      field('Diagnosis codes', h('input', { name: 'diagnosis_codes', placeholder: 'M17.11', autocomplete: 'off' }), 'ICD-10-CM, separated by commas.'),
      field('Urgency', select('urgency', [['standard', 'Standard (7 days)'], ['expedited', 'Expedited (72 hours)']], 'standard'))),
    field('Notes (optional)', h('textarea', { name: 'notes' })),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'File case')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      const body = {
        patient_id: String(data.get('patient_id')).trim(),
        procedure_code: String(data.get('procedure_code')).trim(),
        diagnosis_codes: String(data.get('diagnosis_codes') || '').split(',').map((s) => s.trim()).filter(Boolean),
        urgency: data.get('urgency'),
      };
      const notes = String(data.get('notes') || '').trim();
      if (notes) body.notes = notes;
      const filed = await ctx.api.post('/preauth/cases', body, { headers: { 'idempotency-key': idempotencyKey() } });
      ctx.announce(`Case filed for ${filed.patient_id}: ${filed.status}`);
      onFiled(filed);
    });
  });
  return form;
}

export function providerCasesView(root, ctx) {
  const who = ctx.who;
  put(root, h('h1', {}, 'Prior-authorization cases'));
  if (!who.providerId) {
    put(root, h('p', { class: 'error' }, 'This provider account is bound to no provider id.'));
    return null;
  }
  let workspace = null;
  const form = caseForm(ctx, (filed) => {
    workspace.board.upsert(filed, true);
    workspace.board.select(filed.case_id);
  });
  workspace = caseWorkspace(root, ctx, {
    channel: `provider-${who.providerId}`,
    title: 'Your cases',
    canDecide: false,
    before: form,
  });
  return workspace.cleanup;
}

const EXT_REVIEW_ACTION = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction';
const EXT_REVIEW_ACTION_CODE = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewActionCode';

function reviewAction(item) {
  for (const adjudication of item.adjudication || []) {
    for (const ext of adjudication.extension || []) {
      if (ext.url !== EXT_REVIEW_ACTION) continue;
      for (const inner of ext.extension || []) {
        if (inner.url === EXT_REVIEW_ACTION_CODE) {
          const coding = (inner.valueCodeableConcept && inner.valueCodeableConcept.coding && inner.valueCodeableConcept.coding[0]) || {};
          return `${coding.code || '?'}${coding.display ? ` — ${coding.display}` : ''}`;
        }
      }
    }
  }
  return '—';
}

function claimResponseView(bundle) {
  const first = bundle && bundle.entry && bundle.entry[0] && bundle.entry[0].resource;
  if (!first || first.resourceType !== 'ClaimResponse') {
    return h('pre', {}, JSON.stringify(bundle, null, 2));
  }
  return h('section', { class: 'panel claim-response', 'aria-labelledby': 'claim-response-title' },
    h('h2', { id: 'claim-response-title' }, 'ClaimResponse: ', badge(first.outcome)),
    facts([
      ['Cases (preAuthRef)', first.preAuthRef || '—'],
      ['Disposition', first.disposition],
      ['Created', first.created],
    ]),
    h('table', {},
      h('caption', {}, 'Items'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), h('th', { scope: 'col' }, 'Review action'))),
      h('tbody', {}, (first.item || []).map((item) => h('tr', {}, h('td', {}, String(item.itemSequence)), h('td', {}, reviewAction(item)))))),
    h('p', { class: 'small muted' }, 'Pended items are decided by the insurer; the cases appear under Cases and update live.'));
}

export function pasBundleView(root, ctx) {
  const errors = h('div');
  const result = h('div', { 'aria-live': 'polite' });
  const file = h('input', { name: 'bundle', type: 'file', accept: '.json,application/json,application/fhir+json' });
  const text = h('textarea', { name: 'bundle_text', rows: 8, spellcheck: 'false', class: 'mono' });
  file.addEventListener('change', async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  });
  const send = (operation, button) => busy(button, errors, async () => {
    if (!text.value.trim()) throw { code: 'NO_BUNDLE', message: 'Choose a Bundle file or paste one first.' };
    const answer = await ctx.api.fhir(`/api/v1/fhir/Claim/$${operation}`, text.value);
    fill(result, claimResponseView(answer));
    ctx.announce(`PAS ${operation}: ${answer && answer.entry && answer.entry[0] && answer.entry[0].resource.outcome}`);
  });
  const submit = h('button', { type: 'button', class: 'primary', onclick: () => send('submit', submit) }, 'Submit ($submit)');
  const inquire = h('button', { type: 'button', onclick: () => send('inquire', inquire) }, 'Inquire ($inquire)');
  put(root, 
    h('h1', {}, 'Da Vinci PAS Bundle'),
    h('section', { class: 'panel' },
      h('p', {}, 'Each Claim item becomes a case of yours; attached documents become the patient\'s records.'),
      field('Bundle file', file, 'A PAS request or inquiry Bundle (application/fhir+json).'),
      field('Bundle JSON', text, 'Filled from the file; you may also paste or edit it here.'),
      errors,
      h('div', { class: 'actions' }, submit, inquire)),
    result);
  return null;
}

export function providerRecordsView(root, ctx) {
  const errors = h('div');
  const progress = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel' },
    h('div', { class: 'row' },
      field('Patient id', h('input', { name: 'patient_id', required: true, autocomplete: 'off' })),
      field('Record file', h('input', { name: 'file', type: 'file', required: true, accept: 'application/pdf,text/plain,.txt,.pdf' }), 'PDF or plain text.')),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Upload record')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      data.set('patient_id', String(data.get('patient_id')).trim());
      const stored = await ctx.api.postForm('/preauth/records', data, { headers: { 'idempotency-key': idempotencyKey() } });
      const line = h('p', { class: 'notice' }, `Record ${stored.file_name} for ${stored.patient_id}: `, badge('INGESTED'));
      fill(progress, line);
      form.reset();
      const job = await followJob(ctx.api, stored.job_id, (j) => fill(line, `Record ${stored.file_name} for ${stored.patient_id}: `, badge(j.status), j.reason ? ` ${j.reason}` : ''));
      if (job) ctx.announce(`Record ${stored.file_name}: ${job.status}`);
    });
  });
  put(root, 
    h('h1', {}, 'Clinical records'),
    h('p', { class: 'muted' }, 'Notes uploaded here are indexed for your cases\' analyses of that patient.'),
    form, progress);
  showError(errors, null);
  return null;
}

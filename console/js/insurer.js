// Insurer: the live queue (`insurer-queue` channel), each case's recommendation with its evidence
// traced to the source passage, and the decision; policies uploaded for criteria retrieval.

import { h, fill, field, busy, badge, put } from './dom.js';
import { followJob } from './api.js';
import { caseWorkspace } from './cases.js';
import { idempotencyKey } from './provider.js';

export function insurerQueueView(root, ctx) {
  put(root, 
    h('h1', {}, 'Prior-authorization queue'),
    h('p', { class: 'muted' }, 'New cases and status changes arrive live. The AI\'s analysis is a recommendation: read each criterion\'s evidence in its source, then decide.'));
  const workspace = caseWorkspace(root, ctx, { channel: 'insurer-queue', title: 'Queue', canDecide: true, filterable: true });
  return workspace.cleanup;
}

export function policyUploadView(root, ctx) {
  const errors = h('div');
  const progress = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel' },
    field('Policy title', h('input', { name: 'title', required: true })),
    field('Procedure codes', h('input', { name: 'procedure_codes', required: true, autocomplete: 'off' }), 'CPT or HCPCS codes the policy covers, separated by commas.'),
    field('Policy file', h('input', { name: 'file', type: 'file', required: true, accept: 'application/pdf,text/plain,.txt,.pdf' }), 'PDF or plain text, with numbered criteria.'),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Upload policy')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      const stored = await ctx.api.postForm('/preauth/policies', data, { headers: { 'idempotency-key': idempotencyKey() } });
      const line = h('p', { class: 'notice' }, `Policy “${stored.title}” (${(stored.procedure_codes || []).join(', ')}): `, badge('INGESTED'));
      fill(progress, line);
      form.reset();
      const job = await followJob(ctx.api, stored.job_id, (j) => fill(line, `Policy “${stored.title}”: `, badge(j.status), j.reason ? ` ${j.reason}` : ''));
      if (job) ctx.announce(`Policy ${stored.title}: ${job.status}`);
    });
  });
  put(root, h('h1', {}, 'Insurer policies'), h('p', { class: 'muted' }, 'Uploaded policies are indexed; cases for their procedures are judged against their criteria.'), form, progress);
  return null;
}

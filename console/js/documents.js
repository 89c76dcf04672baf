// A patient's documents: upload with the pipeline's progress (extract → enrich → index, read
// from `GET /jobs/{job_id}`), the list with each document's status, and one document's text,
// extraction and detected markers.

import { h, fill, field, select, busy, badge, fmtDate, fmtDateTime, facts, table, errorBox } from './dom.js';
import { followJob } from './api.js';

const TYPES = [
  ['consultation_note', 'Consultation note'], ['lab_report', 'Lab report'], ['imaging_report', 'Imaging report'],
  ['specialist_letter', 'Specialist letter'], ['discharge_summary', 'Discharge summary'], ['prescription', 'Prescription'], ['other', 'Other'],
];
const STEPS = [['received', 'Received'], ['extract', 'Extract text'], ['enrich', 'Enrich'], ['index', 'Index'], ['done', 'Ready']];

/** The pipeline's steps for a job's status and tier. */
function stepsFor(job) {
  const tierIndex = { extract: 1, enrich: 2, index: 3 };
  let current;
  if (job.status === 'INGESTED') current = 1;
  else if (job.status === 'ANALYZING') current = tierIndex[job.tier] || 1;
  else current = 4;
  const failed = job.status === 'FAILED' || job.status === 'NEEDS_REVIEW';
  return h('ol', { class: 'steps', 'aria-label': 'Pipeline steps' }, STEPS.map(([key, label], i) => {
    let state = i < current ? 'done' : i === current ? 'current' : '';
    if (i === 4 && job.status === 'INDEXED') state = 'done';
    if (failed && i === 4) state = 'failed';
    const suffix = state === 'done' ? ' (done)' : state === 'current' ? ' (in progress)' : state === 'failed' ? ' (stopped)' : '';
    return h('li', { class: state || null, 'aria-current': state === 'current' ? 'step' : null }, label + suffix);
  }));
}

function progressLine(fileName, job) {
  const finished = ['INDEXED', 'NEEDS_REVIEW', 'FAILED'].includes(job.status);
  return h('div', { class: 'job', 'data-job-status': job.status },
    h('p', {}, h('strong', {}, fileName), ' ', badge(job.status), job.tier && !finished ? ` — ${job.tier}` : ''),
    stepsFor(job),
    job.status === 'NEEDS_REVIEW' ? h('p', { class: 'small' }, 'No text could be read from this file; it waits for a person to transcribe it.') : null,
    job.reason ? h('p', { class: job.status === 'FAILED' ? 'error' : 'small muted' }, job.reason) : null);
}

export function uploadPanel(ctx, patientId, onIndexed) {
  const errors = h('div');
  const progress = h('div', { class: 'uploads', 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title' }, 'Upload a document'),
    h('div', { class: 'row' },
      field('File', h('input', { name: 'file', type: 'file', required: true, accept: 'application/pdf,image/png,image/jpeg,text/plain,.txt' }), 'PDF, JPEG, PNG or plain text, up to 6 MB.'),
      field('Document type', select('document_type', TYPES, 'consultation_note')),
      field('Document date (optional)', h('input', { name: 'document_date', type: 'date' }))),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Upload')),
    progress);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      data.set('patient_id', patientId);
      if (!data.get('document_date')) data.delete('document_date');
      const fileName = data.get('file').name;
      const stored = await ctx.api.postForm('/documents/upload', data);
      form.reset();
      const slot = h('div', {}, progressLine(fileName, { status: 'INGESTED' }));
      progress.prepend(slot);
      ctx.announce(`${fileName} uploaded; processing started.`);
      const job = await followJob(ctx.api, stored.job_id, (j) => fill(slot, progressLine(fileName, j)));
      if (job) {
        ctx.announce(`${fileName}: ${job.status.replaceAll('_', ' ').toLowerCase()}`);
        if (onIndexed) onIndexed(job);
      }
    });
  });
  return form;
}

function documentDetail(doc) {
  const ex = doc.extraction;
  const en = doc.enrichment;
  const tags = (en && en.tags) || {};
  return h('article', { class: 'panel document-detail', 'aria-labelledby': 'doc-title' },
    h('h2', { id: 'doc-title' }, doc.file_name, ' ', badge(doc.status)),
    facts([
      ['Type', String(doc.document_type).replaceAll('_', ' ')],
      ['Date', fmtDate(doc.document_date)],
      ['Uploaded', fmtDateTime(doc.created_at)],
      ['Steps done', (doc.tiers_done || []).join(', ') || '—'],
      ex ? ['Text read by', `${ex.method.replaceAll('_', ' ')} (${ex.engine}), ${ex.pages} page${ex.pages === 1 ? '' : 's'}, ${ex.characters} characters${typeof ex.confidence === 'number' ? `, confidence ${Math.round(ex.confidence)}` : ''}`] : null,
      en ? ['Pictures', en.vision_note] : null,
      doc.reason ? ['Note', doc.reason] : null,
    ]),
    (tags.markers || []).length ? [
      h('h3', {}, 'Risk markers found'),
      h('ul', { class: 'plain' }, tags.markers.map((m) => h('li', {},
        h('strong', {}, m.indicator), ' ', badge(String(m.level).toUpperCase()),
        m.date ? h('span', { class: 'small muted' }, ` · ${fmtDate(m.date)}`) : null,
        h('blockquote', { class: 'small' }, m.quote))))] : null,
    (tags.tests || []).length ? [
      h('h3', {}, 'Tests mentioned'),
      h('ul', {}, tags.tests.map((t) => h('li', {}, String(t.group).replaceAll('_', ' '), t.date ? ` (${fmtDate(t.date)})` : '')))] : null,
    (en && en.images || []).length ? [
      h('h3', {}, 'Picture descriptions'),
      h('ul', {}, en.images.map((i) => h('li', {}, `Page ${i.page}: ${i.description} (${i.model})`)))] : null,
    h('h3', {}, 'Text'),
    doc.text ? h('pre', { class: 'document-text' }, doc.text) : h('p', { class: 'muted' }, 'No text yet.'),
    doc.text_truncated ? h('p', { class: 'small muted' }, 'The text is cut here; the full text is kept.') : null);
}

/** The document list (newest first) with a detail pane. Returns {element, reload}. */
export function documentsPanel(ctx, patientId) {
  const listSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const detail = h('div', { class: 'detail' });
  const openDocument = async (doc, button) => {
    await busy(button, detail, async () => {
      const full = await ctx.api.get(`/documents/${encodeURIComponent(doc.document_id)}`);
      fill(detail, documentDetail(full));
      const heading = detail.querySelector('h2');
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    });
  };
  const reload = async () => {
    try {
      const list = await ctx.api.get(`/patients/${encodeURIComponent(patientId)}/documents`);
      const docs = list.documents || [];
      fill(listSlot, docs.length ? table([
        { label: 'Document', cell: (d) => { const b = h('button', { type: 'button', class: 'link', onclick: () => openDocument(d, b) }, d.file_name); return b; } },
        { label: 'Type', cell: (d) => String(d.document_type).replaceAll('_', ' ') },
        { label: 'Date', cell: (d) => fmtDate(d.document_date) },
        { label: 'Status', cell: (d) => badge(d.status) },
        { label: 'Steps done', cell: (d) => (d.tiers_done || []).join(', ') || '—' },
      ], docs, { caption: `${docs.length} document${docs.length === 1 ? '' : 's'}`, rowAttrs: (d) => ({ 'data-document-id': d.document_id, 'data-status': d.status }) })
        : h('p', { class: 'muted' }, 'No documents yet.'));
    } catch (error) {
      fill(listSlot, errorBox(error));
    }
  };
  reload();
  const element = h('div', { class: 'split' },
    h('section', { class: 'panel', 'aria-labelledby': 'docs-title' },
      h('div', { class: 'row' }, h('h2', { id: 'docs-title' }, 'Documents'), h('button', { type: 'button', onclick: reload }, 'Refresh')),
      listSlot),
    detail);
  return { element, reload };
}

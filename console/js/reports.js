// PHI reports (admins, doctors of the connection's organisation): a request in plain English →
// the one query MediClear plans for it, with the validator's verdict → a PDF or CSV report
// through a link that lives five minutes.

import { h, fill, field, select, busy, badge, facts, fmtDateTime, table, errorBox, put } from './dom.js';

function validationView(v, text) {
  return h('div', { class: 'validation' },
    h('p', {}, 'Validation: ', badge(v.verdict), ' ', v.patient_scoped ? 'scoped to one patient' : h('strong', {}, 'not proven to be scoped to one patient')),
    (v.reasons || []).length ? h('ul', {}, v.reasons.map((r) => h('li', {}, h('code', {}, r.code), ` ${r.message}`))) : null,
    v.normalized && v.normalized !== text ? [h('p', { class: 'small muted' }, 'What runs (normalised):'), h('pre', { class: 'normalized' }, v.normalized)] : null);
}

function generatedView(q) {
  return h('section', { class: 'panel generated', 'aria-labelledby': 'generated-title' },
    h('h2', { id: 'generated-title' }, 'Generated query'),
    facts([['Language', q.language], q.collection ? ['Collection', q.collection] : null, ['Patient', q.patient_id || '—']]),
    h('p', {}, q.explanation),
    h('pre', { class: 'query-text', 'aria-label': 'Query text' }, q.text),
    (q.parameters || []).length
      ? table([
        { label: 'Parameter', cell: (p) => h('code', {}, String(p.name ?? '')) },
        { label: 'Value', cell: (p) => String(p.value ?? '') },
      ], q.parameters, { caption: 'Bound parameters' })
      : null,
    validationView(q.validation || { verdict: 'unknown', reasons: [] }, q.text));
}

function reportLinkView(r) {
  return h('li', { class: 'report', 'data-report-id': r.report_id },
    h('p', {}, h('strong', {}, `${String(r.format).toUpperCase()} report`), ` · ${r.kind} · ${r.row_count} row${r.row_count === 1 ? '' : 's'}${r.truncated ? ' (cut at the row cap)' : ''} · made ${fmtDateTime(r.generated_at)}`),
    r.download_url
      ? h('p', {}, h('a', { href: r.download_url, download: '', class: 'download', rel: 'noopener' }, `Download ${String(r.format).toUpperCase()}`),
        h('span', { class: 'small muted' }, ` link valid until ${fmtDateTime(r.expires_at)}`))
      : h('p', { class: 'muted' }, 'The file has expired.'));
}

export function reportsView(root, ctx) {
  put(root, h('h1', {}, 'Reports'));
  if (ctx.who.role === 'doctor' && !ctx.who.orgId) {
    put(root, h('p', { class: 'notice' }, 'Reports use your organisation\'s databases, and this account is bound to no organisation.'));
  }
  ctx.memory.reports = ctx.memory.reports || [];
  const connection = h('select', { name: 'connection_id', required: true }, h('option', { value: '' }, 'Loading…'));
  const request = h('textarea', { name: 'query', required: true, rows: 3, placeholder: 'Show me patient 3950\'s visits since 2015' });
  const format = select('format', [['pdf', 'PDF (summary, charts, tables)'], ['csv', 'CSV']], 'pdf');
  const errors = h('div');
  const generated = h('div', { 'aria-live': 'polite' });
  const made = h('div', { 'aria-live': 'polite' });
  const renderMade = () => fill(made, ctx.memory.reports.length
    ? h('section', { class: 'panel', 'aria-labelledby': 'made-title' },
      h('h2', { id: 'made-title' }, 'Reports made in this session'),
      h('ul', { class: 'plain reports' }, ctx.memory.reports.map(reportLinkView)))
    : null);

  const generate = h('button', { type: 'button', onclick: () => busy(generate, errors, async () => {
    if (!connection.value || !request.value.trim()) throw { code: 'INCOMPLETE', message: 'Choose a database and write a request first.' };
    fill(generated);
    const q = await ctx.api.post('/queries/generate', { connection_id: connection.value, query: request.value.trim() });
    fill(generated, generatedView(q));
    ctx.announce(`Query generated: ${q.validation ? q.validation.verdict : 'no verdict'}`);
  }) }, 'Show the query');
  const form = h('form', { class: 'panel', 'aria-labelledby': 'request-title' },
    h('h2', { id: 'request-title' }, 'Ask for a report'),
    field('Database', connection),
    field('Request in plain English', request, 'One patient\'s details, visits, conditions, medications, labs, procedures or summary, with an optional time window.'),
    field('Format', format),
    errors,
    h('div', { class: 'actions' }, generate, h('button', { type: 'submit', class: 'primary' }, 'Make report')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const report = await ctx.api.post('/reports', { connection_id: connection.value, query: request.value.trim(), format: format.value });
      ctx.memory.reports.unshift(report);
      renderMade();
      ctx.announce(`${String(report.format).toUpperCase()} report ready with ${report.row_count} rows.`);
      const link = made.querySelector('a.download');
      if (link) link.focus();
    });
  });

  // Checking a query written by hand, against the same validator.
  const sql = h('textarea', { name: 'sql', rows: 4, class: 'mono', spellcheck: 'false' });
  const validateErrors = h('div');
  const validated = h('div', { 'aria-live': 'polite' });
  const validate = h('button', { type: 'button', onclick: () => busy(validate, validateErrors, async () => {
    if (!connection.value || !sql.value.trim()) throw { code: 'INCOMPLETE', message: 'Choose a database and write a query first.' };
    fill(validated, validationView(await ctx.api.post('/queries/validate', { connection_id: connection.value, sql: sql.value }), sql.value));
  }) }, 'Validate');

  put(root, 
    form, generated, made,
    h('details', { class: 'panel' }, h('summary', {}, 'Check a query of your own'),
      field('SQL', sql, 'Judged against the database\'s grammar and stored schema; nothing is run.'),
      validateErrors, h('div', { class: 'actions' }, validate), validated));
  renderMade();

  ctx.api.get('/connections').then((list) => {
    const connections = list.connections || [];
    fill(connection, connections.length
      ? connections.map((c) => h('option', { value: c.connection_id }, `${c.connection_name} (${c.database_type}, ${c.org_id})`))
      : h('option', { value: '' }, 'No database available'));
  }, (error) => {
    fill(connection, h('option', { value: '' }, 'Unavailable'));
    errors.append(errorBox(error));
  });
  return null;
}

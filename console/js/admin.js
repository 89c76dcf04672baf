// Admin: users, doctor verification (the credentials read from the documents, beside the
// documents' references), the manual review queue, and hospitals' database connections (test,
// schema). Admins manage; they do not read clinical content.

import { h, fill, field, select, busy, badge, facts, fmtDateTime, table, errorBox, showError, uid, put } from './dom.js';
import { idempotencyKey } from './provider.js';
import { followJob } from './api.js';

// ——— Users ———

const BINDING_FOR_ROLE = { patient: 'patient_id', doctor: 'doctor_id', provider: 'provider_id', admin: 'org_id' };

export function usersView(root, ctx) {
  ctx.memory.createdUsers = ctx.memory.createdUsers || [];
  const errors = h('div');
  const created = h('div', { 'aria-live': 'polite' });
  const role = select('role', [['provider', 'Provider'], ['insurer', 'Insurer'], ['doctor', 'Doctor'], ['patient', 'Patient'], ['admin', 'Admin']], 'provider');
  const bindings = {
    provider_id: field('Provider id', h('input', { name: 'provider_id', autocomplete: 'off', placeholder: 'PRV-002' }), 'Required for a provider.'),
    doctor_id: field('Doctor id', h('input', { name: 'doctor_id', autocomplete: 'off' }), 'Required for a doctor.'),
    patient_id: field('Patient id', h('input', { name: 'patient_id', autocomplete: 'off' }), 'Required for a patient.'),
    org_id: field('Organisation id (optional)', h('input', { name: 'org_id', autocomplete: 'off', placeholder: 'ORG-001' }), 'Admins and doctors: the organisation whose database connections they reach.'),
  };
  const showBindings = () => {
    const wanted = BINDING_FOR_ROLE[role.value];
    for (const [name, el] of Object.entries(bindings)) {
      el.hidden = !(name === wanted || (name === 'org_id' && (role.value === 'doctor' || role.value === 'admin')));
    }
  };
  role.addEventListener('change', showBindings);
  const form = h('form', { class: 'panel', 'aria-labelledby': 'new-user-title' },
    h('h2', { id: 'new-user-title' }, 'Create a user'),
    h('div', { class: 'row' },
      field('Username', h('input', { name: 'username', required: true, autocomplete: 'off', autocapitalize: 'off' })),
      field('Initial password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }), 'At least 12 characters.'),
      field('Role', role)),
    h('div', { class: 'row' }, Object.values(bindings)),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create user')));
  showBindings();
  const renderCreated = () => fill(created, ctx.memory.createdUsers.length
    ? h('section', { class: 'panel' }, table([
      { label: 'Username', cell: (u) => u.username },
      { label: 'Role', cell: (u) => u.role },
      { label: 'Bound to', cell: (u) => Object.entries(u.bindings || {}).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ') || '—' },
      { label: 'User id', cell: (u) => h('code', {}, u.user_id) },
    ], ctx.memory.createdUsers, { caption: 'Users created in this session' }))
    : null);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      const body = { username: String(data.get('username')).trim(), password: data.get('password'), role: data.get('role') };
      for (const [name, el] of Object.entries(bindings)) {
        const value = String(data.get(name) || '').trim();
        if (!el.hidden && value) body[name] = value;
      }
      const user = await ctx.api.post('/admin/users', body, { headers: { 'idempotency-key': idempotencyKey() } });
      ctx.memory.createdUsers.unshift(user);
      form.reset();
      showBindings();
      renderCreated();
      ctx.announce(`User ${user.username} created as ${user.role}.`);
    });
  });
  put(root, 
    h('h1', {}, 'Users'),
    h('p', { class: 'muted' }, 'The API creates users; it has no route that lists them, so this page shows the ones created here.'),
    form, created);
  renderCreated();
  return null;
}

// ——— Doctor verification ———

const CREDENTIAL_FIELDS = [
  ['doctorName', 'Name'], ['universityName', 'University'], ['degreeName', 'Degree'], ['licenseNumber', 'Licence number'], ['issueDate', 'Licence issued'],
];

function doctorDetail(ctx, doctor, onDecided) {
  const errors = h('div');
  const unread = new Set(doctor.unread_fields || []);
  const form = h('form', { class: 'verification', 'aria-labelledby': 'verify-title' },
    h('h3', { id: 'verify-title' }, 'Decision'),
    h('fieldset', {},
      h('legend', {}, 'Verification'),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'status', value: 'VERIFIED', required: true }), 'Verify: the credentials match the documents'),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'status', value: 'REJECTED' }), 'Reject')),
    field('Note (optional)', h('textarea', { name: 'note' }), 'Kept with the decision, e.g. "Checked with the state board."'),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Record decision')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      const body = { status: data.get('status') };
      const note = String(data.get('note') || '').trim();
      if (note) body.note = note;
      const updated = await ctx.api.post(`/doctors/${encodeURIComponent(doctor.doctor_id)}/verification`, body);
      ctx.announce(`${updated.name}: ${updated.verification_status}`);
      onDecided(updated);
    });
  });
  const assignErrors = h('div');
  const assignResult = h('div', { role: 'status' });
  const assign = h('form', { class: 'row', 'aria-label': 'Assign a patient' },
    field('Assign patient id', h('input', { name: 'patient_id', required: true, autocomplete: 'off' })),
    h('div', { class: 'field submit' }, h('button', { type: 'submit' }, 'Assign')));
  assign.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(assign, assignErrors, async () => {
      const patientId = String(new FormData(assign).get('patient_id')).trim();
      const a = await ctx.api.post(`/doctors/${encodeURIComponent(doctor.doctor_id)}/patients`, { patient_id: patientId });
      fill(assignResult, h('p', { class: 'ok' }, `${a.patient_id} assigned to ${a.doctor_id}.`));
      assign.reset();
    });
  });
  return h('article', { class: 'panel doctor-detail', 'data-doctor-id': doctor.doctor_id, 'aria-labelledby': 'doctor-title' },
    h('h2', { id: 'doctor-title' }, doctor.name, ' ', badge(doctor.verification_status)),
    facts([['Doctor id', doctor.doctor_id], ['Email', doctor.email], ['Specialization', doctor.specialization], ['Username', doctor.username], ['Signed up', fmtDateTime(doctor.created_at)],
      doctor.reviewed_by ? ['Reviewed', `${doctor.reviewed_by}, ${fmtDateTime(doctor.reviewed_at)}${doctor.verification_note ? ` — ${doctor.verification_note}` : ''}`] : null]),
    h('div', { class: 'credentials' },
      h('section', { 'aria-labelledby': 'read-title' },
        h('h3', { id: 'read-title' }, 'Read from the documents'),
        h('table', { class: 'credential-table' },
          h('tbody', {}, CREDENTIAL_FIELDS.map(([key, label]) => h('tr', { 'data-field': key },
            h('th', { scope: 'row' }, label),
            h('td', {}, doctor.credentials && doctor.credentials[key]
              ? doctor.credentials[key]
              : h('span', { class: 'badge warn' }, unread.has(key) ? 'not read' : 'missing'))))))),
      h('section', { 'aria-labelledby': 'docs-ref-title' },
        h('h3', { id: 'docs-ref-title' }, 'Documents'),
        facts([['Degree', h('code', {}, doctor.degree_document_key)], ['Licence', h('code', {}, doctor.license_document_key)]]),
        h('p', { class: 'small muted' }, 'Stored in the documents bucket under these keys; the API serves no route that returns the files themselves, so compare against the originals there.'))),
    doctor.verification_status === 'PENDING_MANUAL_REVIEW' ? form : null,
    doctor.verification_status === 'VERIFIED' ? [h('h3', {}, 'Care team'), assign, assignErrors, assignResult] : null);
}

export function doctorVerificationView(root, ctx) {
  const filter = select('verification_status', [['PENDING_MANUAL_REVIEW', 'Waiting for review'], ['VERIFIED', 'Verified'], ['REJECTED', 'Rejected'], ['', 'All']], 'PENDING_MANUAL_REVIEW');
  const listSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const detail = h('div', { class: 'detail' }, h('p', { class: 'panel muted' }, 'Open a doctor to compare the credentials read with the documents.'));
  let doctors = [];
  const open = (doctor) => {
    fill(detail, doctorDetail(ctx, doctor, (updated) => {
      load();
      open(updated);
    }));
    const heading = detail.querySelector('h2');
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  };
  const load = async () => {
    const params = new URLSearchParams({ limit: '100' });
    if (filter.value) params.set('verification_status', filter.value);
    try {
      const page = await ctx.api.get(`/doctors?${params}`);
      doctors = page.doctors || [];
      fill(listSlot, doctors.length ? table([
        { label: 'Doctor', cell: (d) => [h('button', { type: 'button', class: 'link', onclick: () => open(d) }, d.name), h('div', { class: 'small muted' }, d.specialization)] },
        { label: 'Status', cell: (d) => [badge(d.verification_status), (d.unread_fields || []).length ? h('div', { class: 'small' }, `${d.unread_fields.length} field(s) not read`) : null] },
        { label: 'Signed up', cell: (d) => fmtDateTime(d.created_at) },
      ], doctors, { caption: `${doctors.length} doctor${doctors.length === 1 ? '' : 's'}, oldest first`, rowAttrs: (d) => ({ 'data-doctor-id': d.doctor_id }) })
        : h('p', { class: 'muted' }, 'Nobody is waiting.'));
    } catch (error) {
      fill(listSlot, errorBox(error));
    }
  };
  filter.addEventListener('change', load);
  put(root, h('h1', {}, 'Doctor verification'), h('div', { class: 'split' },
    h('section', { class: 'panel', 'aria-labelledby': 'queue-title' },
      h('div', { class: 'row' }, h('h2', { id: 'queue-title' }, 'Doctors'), field('Show', filter), h('div', { class: 'field submit' }, h('button', { type: 'button', onclick: load }, 'Refresh'))),
      listSlot),
    detail));
  load();
  return null;
}

// ——— Manual review queue ———

export function reviewQueueView(root, ctx) {
  const listSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const load = async () => {
    try {
      const page = await ctx.api.get('/review/documents?limit=100');
      const docs = page.documents || [];
      fill(listSlot, docs.length
        ? h('ul', { class: 'plain review-list' }, docs.map((d) => reviewItem(d)))
        : h('p', { class: 'muted' }, 'No document is waiting for a transcription.'));
    } catch (error) {
      fill(listSlot, errorBox(error));
    }
  };
  const reviewItem = (d) => {
    const errors = h('div');
    const progress = h('div', { 'aria-live': 'polite' });
    const text = h('textarea', { name: 'text', rows: 5, required: true });
    const form = h('form', {},
      field(`Transcription of ${d.file_name}`, text, 'Type the document\'s text as you read it from the original; the pipeline continues with enrichment and indexing.'),
      errors,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Submit transcription')),
      progress);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, errors, async () => {
        const accepted = await ctx.api.post(`/documents/${encodeURIComponent(d.document_id)}/transcription`, { text: text.value });
        form.querySelector('button[type="submit"]').hidden = true;
        text.readOnly = true;
        // The document leaves this queue; its job (status_url) is followed to its end.
        const state = h('span', {}, badge(accepted.status || 'ANALYZING'));
        fill(progress, h('p', { class: 'ok' }, 'Transcription stored: ', state,
          ' The document continues with enrichment and indexing and leaves this queue.'));
        ctx.announce(`Transcription of ${d.file_name} stored.`);
        const jobId = String(accepted.status_url || '').split('/').pop();
        if (jobId) {
          followJob(ctx.api, jobId, (job) => fill(state, badge(job.status))).then((job) => {
            if (job) ctx.announce(`Transcribed document ${job.status === 'INDEXED' ? 'indexed' : job.status}.`);
          }, (error) => fill(progress, errorBox(error)));
        }
      });
    });
    return h('li', { class: 'review-item', 'data-document-id': d.document_id },
      h('p', {}, h('strong', {}, d.file_name), ' ', badge(d.status), h('span', { class: 'small muted' }, ` · ${String(d.document_type).replaceAll('_', ' ')} · patient ${d.patient_id} · uploaded ${fmtDateTime(d.created_at)}`)),
      d.reason ? h('p', { class: 'small muted' }, d.reason) : null,
      form);
  };
  put(root, 
    h('h1', {}, 'Manual review queue'),
    h('p', { class: 'muted' }, 'Documents whose text could not be extracted (OCR failed or unavailable), oldest first.'),
    h('section', { class: 'panel' }, h('div', { class: 'actions' }, h('button', { type: 'button', onclick: load }, 'Refresh')), listSlot));
  load();
  return null;
}

// ——— Database connections ———

function connectionFields(values = {}) {
  const v = (k, d = '') => values[k] ?? d;
  return [
    h('div', { class: 'row' },
      field('Connection name', h('input', { name: 'connection_name', required: true, value: v('connection_name') })),
      field('Organisation id', h('input', { name: 'org_id', required: true, value: v('org_id'), placeholder: 'ORG-001', autocomplete: 'off' })),
      field('Database type', select('database_type', [['PostgreSQL', 'PostgreSQL'], ['MySQL', 'MySQL / MariaDB'], ['MongoDB', 'MongoDB']], v('database_type', 'PostgreSQL')))),
    h('div', { class: 'row' },
      field('Host', h('input', { name: 'host', required: true, value: v('host'), autocomplete: 'off' })),
      field('Port', h('input', { name: 'port', type: 'number', min: 1, max: 65535, value: v('port') })),
      field('Database name', h('input', { name: 'database_name', required: true, value: v('database_name'), autocomplete: 'off' }))),
    h('div', { class: 'row' },
      field('Username', h('input', { name: 'username', value: v('username'), autocomplete: 'off' })),
      field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password' }), 'Sealed at rest and never shown again.'),
      field('Patient key column (optional)', h('input', { name: 'patient_key', autocomplete: 'off' }))),
    h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'tls' }), 'Require TLS'),
  ];
}

function connectionBody(form) {
  const data = new FormData(form);
  const body = {};
  for (const key of ['connection_name', 'org_id', 'database_type', 'host', 'database_name', 'username', 'password']) {
    const value = String(data.get(key) || '').trim();
    if (value) body[key] = key === 'password' ? data.get(key) : value;
  }
  if (data.get('port')) body.port = Number(data.get('port'));
  const patientKey = String(data.get('patient_key') || '').trim();
  body.options = { tls: data.get('tls') === 'on' };
  if (patientKey) body.options.patient_key = patientKey;
  return body;
}

function checkView(check) {
  return h('div', { class: check.authenticated && check.reachable ? 'ok check-result' : 'error check-result', role: 'status' },
    facts([
      ['Reachable', check.reachable ? 'yes' : 'no'],
      ['Authenticated', check.authenticated ? 'yes' : 'no'],
      ['Read-only possible', check.read_only_possible ? 'yes' : 'no'],
      ['Latency', check.latency_ms !== null && check.latency_ms !== undefined ? `${check.latency_ms} ms` : '—'],
      ['Server', check.server_version || '—'],
      check.error ? ['Problem', `${check.error.code}: ${check.error.message}`] : null,
    ]));
}

function schemaView(schema) {
  const tables = schema.tables || [];
  const titleId = uid('schema');
  return h('section', { class: 'schema', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, `Schema of ${schema.database_name} (${schema.database_type}): ${tables.length} table${tables.length === 1 ? '' : 's'}`),
    h('p', { class: 'small muted' }, `Extracted ${fmtDateTime(schema.extracted_at)}. Names and types only, never values.`),
    h('ul', { class: 'plain' }, tables.map((t) => h('li', { 'data-table': t.name },
      h('details', {},
        h('summary', {}, h('strong', {}, t.name), ` — ${t.type}, ${t.fields.length} field${t.fields.length === 1 ? '' : 's'}, `,
          t.row_count === null || t.row_count === undefined ? 'rows unknown' : `${t.row_count_exact ? '' : '~'}${t.row_count} rows`),
        table([
          { label: 'Field', cell: (f) => h('code', {}, f.name) },
          { label: 'Type', cell: (f) => f.type },
          { label: 'Nullable', cell: (f) => (f.nullable ? 'yes' : 'no') },
          { label: 'Key', cell: (f) => (f.primary_key ? 'primary' : '') },
          { label: 'Presence', cell: (f) => (typeof f.presence === 'number' ? `${Math.round(f.presence)} %` : '') },
        ], t.fields),
        (t.foreign_keys || []).length ? h('p', { class: 'small' }, 'References: ', t.foreign_keys.map((k) => `${k.columns.join(', ')} → ${k.references_table}(${k.references_columns.join(', ')})`).join('; ')) : null)))));
}

function connectionItem(ctx, c, reload) {
  const out = h('div', { class: 'connection-output', 'aria-live': 'polite' });
  const errors = h('div');
  const run = (button, action) => busy(button, errors, action);
  const test = h('button', { type: 'button', onclick: () => run(test, async () => {
    fill(out, checkView(await ctx.api.post(`/connections/${encodeURIComponent(c.connection_id)}/test`, {})));
  }) }, 'Test');
  const schema = h('button', { type: 'button', onclick: () => run(schema, async () => {
    fill(out, h('p', { class: 'muted' }, 'Reading the schema…'));
    fill(out, schemaView(await ctx.api.get(`/connections/${encodeURIComponent(c.connection_id)}/schema`)));
  }) }, 'Extract schema');
  const cached = c.schema_extracted_at ? h('button', { type: 'button', onclick: () => run(cached, async () => {
    fill(out, schemaView(await ctx.api.get(`/connections/${encodeURIComponent(c.connection_id)}/schema?cached=true`)));
  }) }, 'Stored schema') : null;
  const databases = h('button', { type: 'button', onclick: () => run(databases, async () => {
    const list = await ctx.api.get(`/connections/${encodeURIComponent(c.connection_id)}/databases`);
    fill(out, h('p', {}, 'Databases these credentials see: ', (list.databases || []).join(', ') || 'none'));
  }) }, 'Databases');
  const remove = h('button', { type: 'button', class: 'danger', onclick: () => run(remove, async () => {
    if (!window.confirm(`Delete the connection “${c.connection_name}”? Its stored schema goes with it.`)) return;
    await ctx.api.del(`/connections/${encodeURIComponent(c.connection_id)}`);
    ctx.announce(`Connection ${c.connection_name} deleted.`);
    reload();
  }) }, 'Delete');
  return h('li', { class: 'connection', 'data-connection-id': c.connection_id },
    h('h3', {}, c.connection_name),
    h('p', { class: 'small muted' }, `${c.database_type} · ${c.host}:${c.port}/${c.database_name} · user ${c.username || '—'} · ${c.org_id}`,
      c.schema_extracted_at ? ` · schema read ${fmtDateTime(c.schema_extracted_at)}` : ' · schema not read yet'),
    h('div', { class: 'actions' }, test, schema, cached, databases, remove),
    errors, out);
}

export function connectionsView(root, ctx) {
  const listSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const load = async () => {
    try {
      const list = await ctx.api.get('/connections');
      const connections = list.connections || [];
      fill(listSlot, connections.length
        ? h('ul', { class: 'plain connections' }, connections.map((c) => connectionItem(ctx, c, load)))
        : h('p', { class: 'muted' }, 'No database is registered yet.'));
    } catch (error) {
      fill(listSlot, errorBox(error));
    }
  };
  const errors = h('div');
  const checked = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', 'aria-labelledby': 'new-connection-title' },
    h('h2', { id: 'new-connection-title' }, 'Register a database'),
    connectionFields(),
    errors, checked,
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: (event) => busy(event.currentTarget, errors, async () => {
        fill(checked, checkView(await ctx.api.post('/connections/test', connectionBody(form))));
      }) }, 'Test before registering'),
      h('button', { type: 'submit', class: 'primary' }, 'Register')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const created = await ctx.api.post('/connections', connectionBody(form));
      form.reset();
      fill(checked, h('p', { class: 'ok' }, `Registered “${created.connection_name}”.`));
      ctx.announce(`Connection ${created.connection_name} registered.`);
      load();
    });
  });
  put(root, 
    h('h1', {}, 'Hospital databases'),
    h('section', { class: 'panel', 'aria-labelledby': 'connections-title' },
      h('div', { class: 'row' }, h('h2', { id: 'connections-title' }, 'Registered connections'), h('button', { type: 'button', onclick: load }, 'Refresh')),
      listSlot),
    h('details', {}, h('summary', {}, 'Register a database'), form));
  load();
  showError(errors, null);
  return null;
}

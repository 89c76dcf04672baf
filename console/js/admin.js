// Admin: users, doctor verification (the credentials read from the documents, beside the
// documents themselves), the manual review queue, and hospitals' database connections (test,
// schema). Admins manage; they do not read clinical content.

import { h, fill, field, select, busy, badge, facts, fmtDateTime, table, errorBox, showError, uid, put } from './dom.js';
import { idempotencyKey } from './provider.js';
import { followJob } from './api.js';

// ——— Users ———

const BINDING_FOR_ROLE = { patient: 'patient_id', doctor: 'doctor_id', provider: 'provider_id', admin: 'org_id' };
const BINDING_LABELS = [['patient_id', 'Patient'], ['doctor_id', 'Doctor'], ['provider_id', 'Provider'], ['org_id', 'Organisation']];
const ROLE_FILTER = [['', 'All roles'], ['patient', 'Patients'], ['doctor', 'Doctors'], ['provider', 'Providers'], ['insurer', 'Insurers'], ['admin', 'Admins']];
const USERS_PAGE = 50;
/** Pages read to find a user just created in the listing (the API lists role by role). */
const FIND_CREATED_PAGES = 20;

/** The users the API knows, a page at a time, with a role filter; `reload(highlight)` starts again. */
function userList(ctx) {
  const filter = select('role_filter', ROLE_FILTER, '');
  const listSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const errors = h('div');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  const titleId = uid('users');
  const title = h('h2', { id: titleId }, 'Existing users');
  let users = [];
  let nextToken = null;
  let generation = 0;
  let highlighted = null;

  const bindingsOf = (u) => {
    const bound = u.bindings || {};
    return BINDING_LABELS.filter(([key]) => bound[key]).map(([key, label]) => `${label} ${bound[key]}`).join(', ') || '—';
  };
  const render = () => {
    const shown = `${users.length} user${users.length === 1 ? '' : 's'}${nextToken ? ', more to load' : ''}`;
    const which = filter.value ? ROLE_FILTER.find(([v]) => v === filter.value)[1].toLowerCase() : 'every role, role by role';
    fill(listSlot, users.length ? table([
      { label: 'Username', cell: (u) => u.username },
      { label: 'Role', cell: (u) => u.role },
      { label: 'Bound to', cell: bindingsOf },
      { label: 'Created', cell: (u) => fmtDateTime(u.created_at) },
    ], users, {
      caption: `Users: ${which} (${shown})`,
      rowAttrs: (u) => ({ 'data-username': u.username, class: u.username === highlighted ? 'selected flash' : null }),
    }) : h('p', { class: 'muted' }, filter.value ? 'No user has this role.' : 'No user yet.'));
    more.hidden = !nextToken;
  };
  /** Reads one page; false when the listing was restarted meanwhile (its answer is then dropped). */
  const page = async (mine) => {
    const params = new URLSearchParams({ limit: String(USERS_PAGE) });
    if (filter.value) params.set('role', filter.value);
    if (nextToken) params.set('next_token', nextToken);
    const answer = await ctx.api.get(`/admin/users?${params}`);
    if (mine !== generation) return false;
    users = users.concat(answer.users || []);
    nextToken = answer.next_token || null;
    return true;
  };
  const reload = async (highlight = null) => {
    generation += 1;
    const mine = generation;
    users = [];
    nextToken = null;
    highlighted = highlight;
    more.hidden = true;
    showError(errors, null);
    try {
      if (!(await page(mine))) return;
      // A user just created is looked for over the next pages too, so it shows.
      for (let n = 1; highlight && nextToken && n < FIND_CREATED_PAGES && !users.some((u) => u.username === highlight); n += 1) {
        if (!(await page(mine))) return;
      }
      render();
    } catch (error) {
      if (mine !== generation) return;
      fill(listSlot);
      showError(errors, error);
    }
  };
  more.addEventListener('click', () => busy(more, errors, async () => {
    const before = users.length;
    if (!(await page(generation))) return;
    render();
    ctx.announce(`${users.length - before} more user${users.length - before === 1 ? '' : 's'} loaded.`);
    if (more.hidden) {
      title.setAttribute('tabindex', '-1');
      title.focus();
    }
  }));
  filter.addEventListener('change', () => reload());
  const section = h('section', { class: 'panel users', 'aria-labelledby': titleId },
    h('div', { class: 'row' }, title, field('Show', filter),
      h('div', { class: 'field submit' }, h('button', { type: 'button', onclick: () => reload() }, 'Refresh'))),
    errors, listSlot,
    h('div', { class: 'actions' }, more));
  return { section, filter, reload };
}

export function usersView(root, ctx) {
  const errors = h('div');
  const created = h('div', { 'aria-live': 'polite' });
  const listing = userList(ctx);
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
    errors, created,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create user')));
  showBindings();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      fill(created);
      const data = new FormData(form);
      const body = { username: String(data.get('username')).trim(), password: data.get('password'), role: data.get('role') };
      for (const [name, el] of Object.entries(bindings)) {
        const value = String(data.get(name) || '').trim();
        if (!el.hidden && value) body[name] = value;
      }
      const user = await ctx.api.post('/admin/users', body, { headers: { 'idempotency-key': idempotencyKey() } });
      form.reset();
      showBindings();
      const bound = Object.entries(user.bindings || {}).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ');
      fill(created, h('p', { class: 'ok' }, `Created ${user.username} as ${user.role}${bound ? ` (${bound})` : ''}. User id `, h('code', {}, user.user_id), '.'));
      ctx.announce(`User ${user.username} created as ${user.role}.`);
      // The listing shows the new user: its role's users, read again.
      if (listing.filter.value && listing.filter.value !== user.role) listing.filter.value = user.role;
      await listing.reload(user.username);
    });
  });
  put(root,
    h('h1', {}, 'Users'),
    form, listing.section);
  listing.reload();
  return null;
}

// ——— Doctor verification ———

const CREDENTIAL_FIELDS = [
  ['doctorName', 'Name'], ['universityName', 'University'], ['degreeName', 'Degree'], ['licenseNumber', 'Licence number'], ['issueDate', 'Licence issued'],
];

const DOCUMENT_KIND = { degree: ['degree', 'Degree'], license: ['licence', 'Licence'] };
const CONTENT_KIND = { 'application/pdf': 'PDF', 'image/png': 'PNG image', 'image/jpeg': 'JPEG image' };

/** One uploaded credential document: a picture shown as it is, a PDF behind a link (no frame: the CSP has none). */
function credentialDocument(d) {
  const [noun, title] = DOCUMENT_KIND[d.kind] || [String(d.kind), String(d.kind)];
  const type = CONTENT_KIND[d.content_type] || d.content_type || 'file';
  const link = h('a', { href: d.download_url, target: '_blank', rel: 'noopener', class: 'document-link' }, `Open the ${noun} document (${type})`);
  return h('figure', { class: 'credential-document', 'data-kind': d.kind },
    h('figcaption', {}, h('strong', {}, title)),
    String(d.content_type || '').startsWith('image/')
      ? h('a', { href: d.download_url, target: '_blank', rel: 'noopener', class: 'preview' },
        h('img', { src: d.download_url, alt: `${title} document as uploaded`, loading: 'lazy', decoding: 'async' }))
      : null,
    h('p', {}, link));
}

/**
 * The documents the doctor uploaded, beside what was read from them: short-lived links from
 * `GET /doctors/{id}` (`credential_documents`), read again on "Refresh links".
 */
function credentialDocuments(ctx, doctor) {
  const titleId = uid('docs');
  const slot = h('div', { 'aria-live': 'polite' });
  const errors = h('div');
  let expiry = null;
  const render = (d) => {
    const documents = d.credential_documents;
    if (!Array.isArray(documents)) {
      // A server without the links: the storage keys, to compare against the bucket.
      fill(slot,
        facts([['Degree', h('code', {}, d.degree_document_key)], ['Licence', h('code', {}, d.license_document_key)]]),
        h('p', { class: 'small muted' }, 'Stored in the documents bucket under these keys; compare against the originals there.'));
      return;
    }
    // The shortest-lived link decides; 5 minutes when the server does not say.
    const lives = documents.map((x) => Number(x.expires_in_seconds)).filter((n) => n > 0);
    const seconds = lives.length ? Math.min(...lives) : 300;
    const minutes = Math.max(1, Math.round(seconds / 60));
    const until = new Date(Date.now() + seconds * 1000).toLocaleTimeString(undefined, { timeStyle: 'short' });
    const note = h('p', { class: 'small muted validity' },
      `These links are valid for ${minutes} minute${minutes === 1 ? '' : 's'} (until ${until}); refresh them after that.`);
    fill(slot, documents.length
      ? [documents.map(credentialDocument), note]
      : h('p', { class: 'muted' }, 'No document is stored for this doctor.'));
    window.clearTimeout(expiry);
    expiry = window.setTimeout(() => {
      if (note.isConnected) fill(note, h('strong', {}, 'These links have expired:'), ' refresh them to open the documents.');
    }, seconds * 1000);
  };
  const load = () => busy(refresh, errors, async () => {
    render(await ctx.api.get(`/doctors/${encodeURIComponent(doctor.doctor_id)}`));
  });
  const refresh = h('button', { type: 'button', onclick: () => load().then(() => ctx.announce('Document links refreshed.')) }, 'Refresh links');
  // The list and the decision answer without the links: they are read when the detail opens.
  if (Array.isArray(doctor.credential_documents)) render(doctor);
  else {
    fill(slot, h('p', { class: 'muted' }, 'Loading the documents…'));
    load();
  }
  return h('section', { class: 'documents', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, 'Documents as uploaded'),
    slot, errors,
    h('div', { class: 'actions' }, refresh));
}

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
      credentialDocuments(ctx, doctor)),
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

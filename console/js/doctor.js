// Doctor: the patients assigned to them (listed by GET /doctors/{id}, or opened by id), one
// conversation thread per patient with its summary stats, and the patient's score, risk
// assessment and documents.

import { h, fill, field, busy, badge, facts, fmtDate, errorBox, put } from './dom.js';
import { chatPanel, newThread } from './chat.js';
import { healthScorePanel, riskPanel } from './insights.js';
import { documentsPanel, uploadPanel } from './documents.js';

function age(dateOfBirth) {
  if (!dateOfBirth) return null;
  const born = new Date(dateOfBirth);
  const now = new Date();
  let years = now.getFullYear() - born.getFullYear();
  if (now < new Date(now.getFullYear(), born.getMonth(), born.getDate())) years -= 1;
  return years;
}

function statsBlock(stats) {
  if (!stats) return h('p', { class: 'small muted' }, 'Summary stats arrive with the first answer in this thread.');
  return h('div', { class: 'stats summary-stats' },
    h('div', {}, h('span', { class: 'muted small' }, 'Age'), h('strong', {}, stats.age ?? '—')),
    h('div', {}, h('span', { class: 'muted small' }, 'Last consultation'), h('strong', {}, fmtDate(stats.last_consultation))),
    h('div', {}, h('span', { class: 'muted small' }, 'Active conditions'),
      (stats.active_conditions || []).length
        ? h('ul', { class: 'conditions' }, stats.active_conditions.map((c) => h('li', {}, c)))
        : h('strong', {}, 'none recorded')));
}

/** A section that loads its content the first time it is opened. */
function lazySection(title, build) {
  const details = h('details', { class: 'panel' }, h('summary', {}, h('strong', {}, title)));
  let built = false;
  details.addEventListener('toggle', () => {
    if (details.open && !built) {
      built = true;
      details.append(build());
    }
  });
  return details;
}

function patientWorkspace(ctx, doctorId, entry) {
  const p = entry.patient;
  const d = p.demographics || {};
  const statsSlot = h('div', {}, statsBlock(entry.stats));
  return h('article', { class: 'patient-workspace', 'data-patient-id': p.patient_id, 'aria-labelledby': 'patient-title' },
    h('section', { class: 'panel' },
      h('h2', { id: 'patient-title' }, `${d.given_name || ''} ${d.family_name || ''}`.trim() || p.patient_id),
      facts([
        ['Patient id', p.patient_id],
        ['Born', `${fmtDate(d.date_of_birth)}${age(d.date_of_birth) !== null ? ` (${age(d.date_of_birth)} years)` : ''}`],
        ['Sex', d.sex],
      ]),
      h('h3', {}, 'Summary stats'),
      statsSlot),
    chatPanel(ctx, {
      title: `Conversation about ${d.given_name || p.patient_id}`,
      path: `/doctors/${encodeURIComponent(doctorId)}/chat`,
      thread: entry.thread,
      withContext: true,
      placeholder: 'e.g. What are her active conditions and latest labs?',
      makeBody: (message, conversationId, context) => {
        const body = { patient_id: p.patient_id, message };
        if (conversationId) body.conversation_id = conversationId;
        if (context) body.additional_context = context;
        return body;
      },
      onAnswer: (answer) => {
        entry.stats = answer.patient_summary_stats || entry.stats;
        fill(statsSlot, statsBlock(entry.stats));
      },
    }),
    lazySection('Health score and risk assessment', () => h('div', {}, healthScorePanel(ctx, p.patient_id), riskPanel(ctx, p.patient_id))),
    lazySection('Documents', () => {
      const docs = documentsPanel(ctx, p.patient_id);
      return h('div', {}, uploadPanel(ctx, p.patient_id, () => docs.reload()), docs.element);
    }));
}

export function doctorPatientsView(root, ctx) {
  const doctorId = ctx.who.doctorId;
  put(root, h('h1', {}, 'My patients'));
  if (!doctorId) {
    put(root, h('p', { class: 'error' }, 'This doctor account is bound to no doctor id.'));
    return null;
  }
  const memory = ctx.memory;
  memory.patients = memory.patients || new Map();
  const status = h('div', { role: 'status' });
  const listSlot = h('div');
  const workspace = h('div', { class: 'detail' }, h('p', { class: 'panel muted' }, 'Open a patient assigned to you to see their thread, score and documents.'));
  const errors = h('div');
  const input = h('input', { name: 'patient_id', required: true, autocomplete: 'off', placeholder: 'PAT-101' });

  const show = (id, focus = true) => {
    memory.current = id;
    renderList();
    fill(workspace, patientWorkspace(ctx, doctorId, memory.patients.get(id)));
    if (focus) {
      const heading = workspace.querySelector('h2');
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  };
  const renderList = () => {
    const entries = [...memory.patients.values()];
    fill(listSlot, entries.length
      ? h('ul', { class: 'plain patient-list' }, entries.map((e) => h('li', {},
        h('button', {
          type: 'button', class: 'link', 'aria-current': memory.current === e.patient.patient_id ? 'true' : null,
          onclick: () => show(e.patient.patient_id),
        }, `${e.patient.demographics.given_name} ${e.patient.demographics.family_name}`),
        h('span', { class: 'small muted' }, ` ${e.patient.patient_id}`),
        e.thread.messages.length ? h('span', { class: 'small muted' }, ` · ${e.thread.messages.length / 2 | 0} question${e.thread.messages.length === 2 ? '' : 's'}`) : null)))
      : h('p', { class: 'small muted' }, 'No patients opened yet.'));
  };

  const form = h('form', { class: 'row' },
    field('Patient id', input, 'A patient assigned to you.'),
    h('div', { class: 'field submit' }, h('button', { type: 'submit', class: 'primary' }, 'Open patient')));
  const openPatient = (id) => busy(form, errors, async () => {
    const patient = await ctx.api.get(`/patients/${encodeURIComponent(id)}`).catch((error) => {
      if (error.httpStatus === 404) error.message = `${id} is not a patient assigned to you (or does not exist).`;
      throw error;
    });
    if (!memory.patients.has(patient.patient_id)) memory.patients.set(patient.patient_id, { patient, thread: newThread(), stats: null });
    else memory.patients.get(patient.patient_id).patient = patient;
    show(patient.patient_id);
  });
  const assignedSlot = h('div', { 'aria-live': 'polite' }, h('p', { class: 'small muted' }, 'Loading your patients…'));
  const renderAssigned = (assigned) => {
    fill(assignedSlot, assigned.length
      ? h('ul', { class: 'plain assigned-list' }, assigned.map((a) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => openPatient(a.patient_id) }, a.patient_id),
        h('span', { class: 'small muted' }, ` assigned ${fmtDate(a.assigned_at)}`))))
      : h('p', { class: 'small muted' }, 'No patients are assigned to you yet.'));
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const id = input.value.trim();
      const patient = await ctx.api.get(`/patients/${encodeURIComponent(id)}`).catch((error) => {
        if (error.httpStatus === 404) error.message = `${id} is not a patient assigned to you (or does not exist).`;
        throw error;
      });
      if (!memory.patients.has(patient.patient_id)) memory.patients.set(patient.patient_id, { patient, thread: newThread(), stats: null });
      else memory.patients.get(patient.patient_id).patient = patient;
      input.value = '';
      show(patient.patient_id);
    });
  });

  put(root, h('div', { class: 'split' },
    h('div', {},
      status,
      h('section', { class: 'panel', 'aria-labelledby': 'assigned-title' },
        h('h2', { id: 'assigned-title' }, 'Assigned patients'),
        assignedSlot,
        form, errors,
        h('h3', {}, 'Opened this session'),
        listSlot)),
    workspace));
  renderList();
  if (memory.current && memory.patients.has(memory.current)) show(memory.current, false);

  ctx.api.get(`/doctors/${encodeURIComponent(doctorId)}`).then((doctor) => {
    fill(status, h('section', { class: 'panel' },
      h('p', {}, h('strong', {}, doctor.name), ` · ${doctor.specialization} · `, badge(doctor.verification_status)),
      doctor.verification_status !== 'VERIFIED'
        ? h('p', { class: 'notice' }, 'Patients become reachable once an administrator has verified your credentials.')
        : null));
    renderAssigned(doctor.assigned_patients || []);
  }, (error) => {
    fill(status, errorBox(error));
    fill(assignedSlot);
  });
  return null;
}

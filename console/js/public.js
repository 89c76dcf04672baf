// What anyone can do before signing in: sign in, register as a patient (the onboarding
// questionnaire), sign up as a doctor (degree and licence read for an admin's review).

import { h, field, select, showError, busy, facts, badge, put } from './dom.js';
import { questionFields, readAnswers } from './questionnaire.js';

async function signIn(api, username, password) {
  const data = await api.post('/auth/token', { username, password }, { anonymous: true });
  return data.access_token;
}

export function signInView(root, ctx) {
  const errors = h('div');
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'off', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'panel', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Your account'),
    field('Username', username),
    field('Password', password),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const token = await signIn(ctx.api, username.value.trim(), password.value);
      password.value = '';
      if (!ctx.signedIn(token)) throw { code: 'NO_CONSOLE_ROLE', message: 'This account has no role the console knows.' };
    });
  });
  put(root, 
    h('h1', {}, 'Sign in to MediClear'),
    ctx.session.reason ? h('p', { class: 'notice', role: 'status' }, ctx.session.reason) : null,
    h('div', { class: 'cols' },
      form,
      h('section', { class: 'panel', 'aria-labelledby': 'roles-title' },
        h('h2', { id: 'roles-title' }, 'What each role sees'),
        h('ul', {},
          h('li', {}, h('strong', {}, 'Provider'), ': file prior-authorization cases or PAS Bundles and watch them being analysed.'),
          h('li', {}, h('strong', {}, 'Insurer'), ': the live queue, evidence traced to its source, decisions.'),
          h('li', {}, h('strong', {}, 'Patient'), ': documents, health score, risk assessment, questions about your records.'),
          h('li', {}, h('strong', {}, 'Doctor'), ': your assigned patients and one conversation per patient.'),
          h('li', {}, h('strong', {}, 'Admin'), ': users, doctor verification, review queue, databases, reports.')),
        h('details', {},
          h('summary', {}, 'Demo accounts (mediclear-local --demo only)'),
          h('p', { class: 'small' }, 'Password ', h('code', {}, 'demo-password'), ' for: demo-provider, demo-insurer, demo-patient-101, demo-oncologist, demo-admin, demo-doctor, demo-patient.')))));
  username.focus();
}

export function registerPatientView(root, ctx) {
  const errors = h('div');
  const result = h('div', { role: 'status' });
  const formSlot = h('div', {}, h('p', { class: 'muted' }, 'Loading the questionnaire…'));
  put(root, 
    h('h1', {}, 'Register as a patient'),
    h('p', { class: 'muted' }, 'Every question is optional; each says which part of your health score or risk assessment it feeds.'),
    formSlot, result);

  ctx.api.get('/patients/questionnaire', { anonymous: true }).then((questions) => {
    const form = h('form', { class: 'panel' },
      h('fieldset', {},
        h('legend', {}, 'About you'),
        h('div', { class: 'row' },
          field('Given name', h('input', { name: 'given_name', required: true, autocomplete: 'given-name' })),
          field('Family name', h('input', { name: 'family_name', required: true, autocomplete: 'family-name' })),
          field('Date of birth', h('input', { name: 'date_of_birth', type: 'date', required: true, autocomplete: 'bday' })),
          field('Sex', select('sex', [['female', 'Female'], ['male', 'Male'], ['intersex', 'Intersex'], ['unknown', 'Prefer not to say']], 'female')))),
      h('fieldset', {}, h('legend', {}, 'Questionnaire'), h('div', { class: 'questions' }, questionFields(questions))),
      h('fieldset', {},
        h('legend', {}, 'Your login'),
        h('div', { class: 'row' },
          field('Choose a username', h('input', { name: 'username', required: true, autocomplete: 'username', autocapitalize: 'off' })),
          field('Choose a password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }), 'At least 12 characters.'))),
      errors,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Register')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, errors, async () => {
        const v = (name) => form.elements.namedItem(name).value;
        const body = {
          demographics: { given_name: v('given_name').trim(), family_name: v('family_name').trim(), date_of_birth: v('date_of_birth'), sex: v('sex') },
          answers: readAnswers(form, questions),
          username: v('username').trim(),
          password: v('password'),
        };
        await ctx.api.post('/patients/onboard', body, { anonymous: true });
        const token = await signIn(ctx.api, body.username, body.password);
        ctx.announce('Registered. You are signed in.');
        ctx.signedIn(token);
      });
    });
    formSlot.replaceChildren(form);
  }, (error) => showError(formSlot, error));
}

export function doctorSignUpView(root, ctx) {
  const errors = h('div');
  const result = h('div', { role: 'status' });
  const form = h('form', { class: 'panel' },
    h('div', { class: 'row' },
      field('Full name', h('input', { name: 'name', required: true, autocomplete: 'name' })),
      field('Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'email' })),
      field('Specialization', h('input', { name: 'specialization', required: true }))),
    h('div', { class: 'row' },
      field('Degree certificate', h('input', { name: 'degree_document', type: 'file', required: true, accept: 'application/pdf,image/png,image/jpeg' }), 'PDF, PNG or JPEG.'),
      field('Medical licence', h('input', { name: 'license_document', type: 'file', required: true, accept: 'application/pdf,image/png,image/jpeg' }), 'PDF, PNG or JPEG.')),
    h('div', { class: 'row' },
      field('Choose a username', h('input', { name: 'username', required: true, autocomplete: 'username', autocapitalize: 'off' })),
      field('Choose a password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }), 'At least 12 characters.')),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign up')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      for (const key of ['name', 'email', 'specialization', 'username']) data.set(key, String(data.get(key)).trim());
      const doctor = await ctx.api.postForm('/doctors/onboard', data, { anonymous: true });
      form.reset();
      const c = doctor.credentials || {};
      result.replaceChildren(h('section', { class: 'panel', 'aria-labelledby': 'signed-up' },
        h('h2', { id: 'signed-up' }, 'Signed up: ', badge(doctor.verification_status)),
        h('p', {}, 'An administrator checks what was read from your documents before you can reach patients. You can sign in meanwhile.'),
        facts([
          ['Doctor id', doctor.doctor_id],
          ['Name read', c.doctorName], ['University', c.universityName], ['Degree', c.degreeName],
          ['Licence number', c.licenseNumber], ['Issued', c.issueDate],
          ['Not read', (doctor.unread_fields || []).join(', ') || 'nothing'],
        ])));
      ctx.announce('Signed up; your credentials wait for review.');
    });
  });
  put(root, 
    h('h1', {}, 'Sign up as a doctor'),
    h('p', { class: 'muted' }, 'Your degree and licence are read for the fields an administrator verifies.'),
    form, result);
}

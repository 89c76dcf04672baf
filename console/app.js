// MediClear console: the shell. Signs in through `POST /api/v1/auth/token`, keeps only the token
// (sessionStorage), and shows the sections of the signed-in role. Navigation is in-page state:
// no ids or clinical data ever go into the URL.

import { h, fill } from './js/dom.js';
import { createApi } from './js/api.js';
import { Session } from './js/session.js';
import { signInView, registerPatientView, doctorSignUpView } from './js/public.js';
import { providerCasesView, pasBundleView, providerRecordsView } from './js/provider.js';
import { insurerQueueView, policyUploadView } from './js/insurer.js';
import { patientHealthView, patientDocumentsView, patientChatView, patientQuestionnaireView } from './js/patient.js';
import { doctorPatientsView } from './js/doctor.js';
import { usersView, doctorVerificationView, reviewQueueView, connectionsView } from './js/admin.js';
import { reportsView } from './js/reports.js';

const PUBLIC = [
  { id: 'sign-in', label: 'Sign in', view: signInView },
  { id: 'register', label: 'Register as a patient', view: registerPatientView },
  { id: 'doctor-sign-up', label: 'Sign up as a doctor', view: doctorSignUpView },
];

function sectionsFor(who) {
  switch (who.role) {
    case 'provider':
      return [
        { id: 'cases', label: 'Cases', view: providerCasesView },
        { id: 'pas', label: 'PAS Bundle', view: pasBundleView },
        { id: 'records', label: 'Clinical records', view: providerRecordsView },
      ];
    case 'insurer':
      return [
        { id: 'queue', label: 'Queue', view: insurerQueueView },
        { id: 'policies', label: 'Policies', view: policyUploadView },
      ];
    case 'patient':
      return [
        { id: 'health', label: 'My health', view: patientHealthView },
        { id: 'documents', label: 'Documents', view: patientDocumentsView },
        { id: 'chat', label: 'Ask about my records', view: patientChatView },
        { id: 'questionnaire', label: 'Questionnaire', view: patientQuestionnaireView },
      ];
    case 'doctor':
      return [
        { id: 'patients', label: 'Patients', view: doctorPatientsView },
        { id: 'reports', label: 'Reports', view: reportsView },
      ];
    case 'admin':
      return [
        { id: 'users', label: 'Users', view: usersView },
        { id: 'doctors', label: 'Doctor verification', view: doctorVerificationView },
        { id: 'review', label: 'Review queue', view: reviewQueueView },
        { id: 'connections', label: 'Databases', view: connectionsView },
        { id: 'reports', label: 'Reports', view: reportsView },
      ];
    default:
      return [];
  }
}

const nav = document.getElementById('nav');
const whoBox = document.getElementById('who');
const main = document.getElementById('main');
const announcer = document.getElementById('announcer');

let current = null; // {id, cleanup}
let sections = PUBLIC;
// What the console remembers while one user is signed in (chat threads, patients opened):
// in memory only, dropped at sign-out.
let memory = {};
let memoryOwner = null;

const session = new Session(() => start());
const api = createApi(session);

/** Tells screen readers about something that happened elsewhere on the page. */
function announce(message) {
  announcer.textContent = '';
  window.setTimeout(() => { announcer.textContent = message; }, 50);
}

function context() {
  return { api, session, who: session.who(), memory, announce, go: show, signedIn: (token) => session.accept(token) };
}

function show(id, { focus = true } = {}) {
  if (current && typeof current.cleanup === 'function') current.cleanup();
  const section = sections.find((s) => s.id === id) || sections[0];
  for (const button of nav.querySelectorAll('button')) {
    if (button.dataset.section === section.id) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  fill(main);
  main.dataset.section = section.id;
  document.title = `${section.label} · MediClear console`;
  let cleanup = null;
  try {
    cleanup = section.view(main, context());
  } catch (error) {
    main.append(h('div', { class: 'error', role: 'alert' }, `This view failed to open: ${error.message}`));
  }
  current = { id: section.id, cleanup };
  if (focus) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
  }
}

function start() {
  const who = session.who();
  const owner = who ? `${who.username}/${who.role}` : null;
  if (owner !== memoryOwner) {
    memory = {};
    memoryOwner = owner;
  }
  sections = who ? sectionsFor(who) : PUBLIC;
  fill(nav, h('ul', {}, sections.map((s) =>
    h('li', {}, h('button', { type: 'button', class: 'tab', dataset: { section: s.id }, onclick: () => show(s.id) }, s.label)))));
  if (who) {
    const bound = who.providerId || who.doctorId || who.patientId || who.orgId;
    fill(whoBox,
      h('span', { class: 'who-name' }, who.username),
      h('span', { class: 'role' }, who.role + (bound ? ` · ${bound}` : '')),
      h('button', { type: 'button', class: 'link', onclick: () => session.end('You have signed out.') }, 'Sign out'));
  } else {
    fill(whoBox);
  }
  show(sections[0].id, { focus: Boolean(current) });
  if (!who && session.reason) announce(session.reason);
}

// The skip link moves focus without putting a fragment into the URL.
document.getElementById('skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

start();

// Administration in the console: users (listed by role, created), doctor verification (a doctor
// signs up through the console, the admin compares what was read with the documents as uploaded
// and verifies), the manual review queue, database connections, and PHI reports from plain
// English to a downloaded file.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  inContext, signIn, openSection, screenshot, finish, unique, api, tokenFor, waitFor, textPdf, blankPng, SLOW, CI,
} from './lib.mjs';

const DEGREE = ['THE JOHNS HOPKINS UNIVERSITY', 'SCHOOL OF MEDICINE', '',
  'The Trustees of The Johns Hopkins University, upon the recommendation', 'of the Faculty of Medicine, have conferred upon', '',
  'Emily Rose Chen', '', 'the degree of', '', 'Doctor of Medicine', '',
  'with all the rights, privileges and honors thereunto appertaining.',
  'Given at Baltimore, in the State of Maryland, on the twenty-second day of May, 2014.'];
const LICENCE = ['MEDICAL BOARD OF CALIFORNIA', 'Department of Consumer Affairs', "PHYSICIAN'S AND SURGEON'S CERTIFICATE", '',
  'Name: CHEN, EMILY ROSE', 'License Number: A 145678', "License Type: Physician's and Surgeon's Certificate",
  'Issue Date: 07/15/2016', 'Expiration Date: 06/30/2024', 'Status: Current'];

/** The demo's hospital database, when the machine's PostgreSQL has Eunomia (scripts/client-dbs.sh). */
async function demoConnection() {
  const token = await tokenFor('demo-admin');
  const { body } = await api('GET', '/connections', { token });
  return (body.data.connections || []).find((c) => c.database_name === 'eunomia') || null;
}

/** A document waiting in the review queue: a fresh patient uploads a picture with no text in it. */
async function documentAwaitingReview() {
  const username = unique('review-patient');
  const onboarded = await api('POST', '/patients/onboard', {
    json: { demographics: { given_name: 'Rui', family_name: 'Tavares', date_of_birth: '1980-01-15', sex: 'male' }, answers: {}, username, password: 'a-long-password-1' },
  });
  assert.equal(onboarded.status, 201, JSON.stringify(onboarded.body));
  const patientId = onboarded.body.data.patient_id;
  const token = await tokenFor(username, 'a-long-password-1');
  const uploaded = await api('POST', '/documents/upload', {
    token,
    json: { patient_id: patientId, document_type: 'specialist_letter', file_name: 'blank-letter.png', content_base64: blankPng().toString('base64') },
  });
  assert.equal(uploaded.status, 202, JSON.stringify(uploaded.body));
  const jobId = uploaded.body.data.job_id || uploaded.body.job_id;
  const job = await waitFor('the blank picture to leave the pipeline', async () => {
    const { body } = await api('GET', `/jobs/${jobId}`, { token });
    return ['NEEDS_REVIEW', 'INDEXED', 'FAILED'].includes(body.data.status) ? body.data : null;
  });
  assert.equal(job.status, 'NEEDS_REVIEW', `a picture without text waits for review: ${JSON.stringify(job)}`);
  return uploaded.body.data.document_id;
}

/** A doctor who signed up through the API with a photographed degree (PNG) and a PDF licence. */
async function doctorWithPictureDegree() {
  const signedUp = await api('POST', '/doctors/onboard', {
    json: {
      name: 'Dr. Tomas Varga', email: 'tomas.varga@example.org', specialization: 'Cardiology', username: unique('dr-varga'), password: 'a-long-password-1',
      degree_document: { file_name: 'degree.png', content_base64: blankPng().toString('base64') },
      license_document: { file_name: 'licence.pdf', content_base64: textPdf(LICENCE).toString('base64') },
    },
  });
  assert.equal(signedUp.status, 201, JSON.stringify(signedUp.body));
  return signedUp.body.data.doctor_id;
}

/** The users listed by the Users page, by username. */
async function listedUsers(page) {
  return page.locator('section.users tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.username));
}

export const flows = [
  {
    name: 'admin creates a user and verifies a doctor who signed up in the console',
    async run() {
      await inContext('admin-doctors', async (page, context) => {
        // The doctor signs up in another tab, before signing in.
        const signup = await context.newPage();
        const doctorName = 'Dr. Emily Chen';
        await signup.goto('/');
        await signup.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sign up as a doctor' }).click();
        await signup.getByLabel('Full name').fill(doctorName);
        await signup.getByLabel('Email').fill('emily.chen@example.org');
        await signup.getByLabel('Specialization').fill('Radiology');
        await signup.getByLabel('Degree certificate').setInputFiles({ name: 'degree.pdf', mimeType: 'application/pdf', buffer: textPdf(DEGREE) });
        await signup.getByLabel('Medical licence').setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: textPdf(LICENCE) });
        await signup.getByLabel('Choose a username').fill(unique('dr-chen'));
        await signup.getByLabel('Choose a password').fill('a-long-password-1');
        await signup.getByRole('button', { name: 'Sign up', exact: true }).click();
        await signup.getByRole('heading', { name: /Signed up/ }).waitFor({ timeout: SLOW });
        assert.match(await signup.locator('dl.facts').textContent(), /A 145678/, 'the licence number was read');
        const doctorId = (await signup.locator('dl.facts dd').first().textContent()).trim();
        await signup.close();

        const pictureDoctorId = await doctorWithPictureDegree();

        await signIn(page, 'demo-admin');
        await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
        // The users the API knows, every role, a page at a time.
        const users = page.locator('section.users');
        await users.locator('tr[data-username="demo-admin"]').waitFor();
        const demoUsers = ['demo-admin', 'demo-doctor', 'demo-insurer', 'demo-patient', 'demo-provider'];
        for (let pages = 1; ; pages += 1) {
          const listed = await listedUsers(page);
          if (demoUsers.every((u) => listed.includes(u))) break;
          const more = users.getByRole('button', { name: 'Load more' });
          assert.ok(pages < 20 && await more.isVisible(), `the demo users are listed: ${listed.join(', ')}`);
          await more.click();
          await page.waitForFunction((n) => document.querySelectorAll('section.users tbody tr').length > n, listed.length);
        }
        assert.match(await users.locator('tr[data-username="demo-provider"]').textContent(), /provider\s*Provider PRV-\d+/);
        assert.ok(await users.getByRole('table').locator('caption').count() === 1, 'the users table has a caption');
        await screenshot(page, 'admin-users');
        // Filtered by role.
        await users.getByLabel('Show').selectOption('patient');
        await users.locator('tr[data-username="demo-admin"]').waitFor({ state: 'detached' });
        await users.locator('tr[data-username="demo-patient"]').waitFor();
        const patients = await listedUsers(page);
        assert.ok(patients.includes('demo-patient') && !patients.includes('demo-admin'), `only patients: ${patients.join(', ')}`);
        assert.deepEqual(await users.locator('tbody tr td:nth-child(2)').allTextContents(), patients.map(() => 'patient'));

        const username = unique('provider');
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Initial password').fill('a-long-password-1');
        await page.getByLabel('Role').selectOption('provider');
        await page.getByLabel('Provider id').fill('PRV-042');
        assert.equal(await page.getByLabel('Patient id').isVisible(), false, 'only the role\'s binding is asked for');
        await page.getByRole('button', { name: 'Create user' }).click();
        await page.locator('form .ok').filter({ hasText: username }).waitFor();
        // The listing is read again and shows the new user (the filter follows its role).
        const createdRow = users.locator(`tr[data-username="${username}"]`);
        await createdRow.waitFor();
        assert.match(await createdRow.textContent(), /provider\s*Provider PRV-042/);
        assert.equal(await users.getByLabel('Show').inputValue(), 'provider');

        await openSection(page, 'Doctor verification');
        const row = page.locator(`tr[data-doctor-id="${doctorId}"]`);
        await row.waitFor();
        await row.getByRole('button', { name: doctorName }).click();
        const detail = page.locator('article.doctor-detail');
        await detail.waitFor();
        assert.match(await detail.locator('tr[data-field="licenseNumber"]').textContent(), /A 145678/);
        assert.match(await detail.locator('tr[data-field="doctorName"]').textContent(), /Emily Rose Chen/i);
        // The documents as uploaded, beside the fields read from them: PDFs behind short-lived links.
        const documents = detail.locator('section.documents');
        const degreeLink = documents.getByRole('link', { name: 'Open the degree document (PDF)' });
        const licenceLink = documents.getByRole('link', { name: 'Open the licence document (PDF)' });
        await degreeLink.waitFor();
        await licenceLink.waitFor();
        assert.equal(await degreeLink.getAttribute('target'), '_blank');
        assert.match(await degreeLink.getAttribute('rel'), /noopener/);
        assert.match(await documents.locator('.validity').textContent(), /valid for 5 minutes/);
        const fieldsBox = await detail.locator('.credential-table').boundingBox();
        const documentsBox = await documents.boundingBox();
        assert.ok(documentsBox.x > fieldsBox.x + fieldsBox.width - 1, 'the documents are beside the fields');
        // The link works on its own, as in a new tab: no bearer token.
        for (const link of [degreeLink, licenceLink]) {
          const response = await page.request.get(await link.getAttribute('href'));
          assert.equal(response.status(), 200, `${await link.textContent()}: ${response.status()}`);
          const body = await response.body();
          assert.ok(body.length > 0, 'the document is not empty');
          assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-', 'the PDF as uploaded');
        }
        await documents.getByRole('button', { name: 'Refresh links' }).click();
        await page.locator('#announcer', { hasText: 'Document links refreshed.' }).waitFor({ state: 'attached' });
        await degreeLink.waitFor();
        await screenshot(page, 'admin-doctor-verification');
        await detail.getByRole('radio', { name: /^Verify/ }).check();
        await detail.getByLabel('Note (optional)').fill('Checked with the state board.');
        await detail.getByRole('button', { name: 'Record decision' }).click();
        await page.locator('article.doctor-detail').getByText('VERIFIED').first().waitFor();
        await page.locator('article.doctor-detail section.documents').getByRole('link', { name: 'Open the degree document (PDF)' }).waitFor();

        // A photographed degree is shown as it is, beside the fields.
        const pictureRow = page.locator(`tr[data-doctor-id="${pictureDoctorId}"]`);
        await pictureRow.waitFor();
        await pictureRow.getByRole('button', { name: 'Dr. Tomas Varga' }).click();
        const picture = page.locator(`article.doctor-detail[data-doctor-id="${pictureDoctorId}"]`).getByRole('img', { name: 'Degree document as uploaded' });
        await picture.waitFor();
        await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await picture.elementHandle());
        await page.locator('article.doctor-detail').getByRole('link', { name: 'Open the degree document (PNG image)' }).waitFor();
        await page.locator('article.doctor-detail').getByRole('link', { name: 'Open the licence document (PDF)' }).waitFor();
        await screenshot(page, 'admin-doctor-picture');
        await finish(page);
      });
    },
  },
  {
    name: 'admin transcribes a document from the manual review queue',
    async run() {
      const documentId = await documentAwaitingReview();
      await inContext('admin-review', async (page) => {
        await signIn(page, 'demo-admin');
        await openSection(page, 'Review queue');
        const item = page.locator(`li.review-item[data-document-id="${documentId}"]`);
        await item.waitFor();
        await item.getByLabel(/Transcription of/).fill('Specialist letter, 2026-11-20. Follow-up visit in three months. No palpable lump.');
        await item.getByRole('button', { name: 'Submit transcription' }).click();
        await item.locator('.ok').filter({ hasText: 'Transcription stored' }).waitFor({ timeout: SLOW });
        // The admin follows the job the answer names until the document is indexed.
        await item.locator('.ok').filter({ hasText: 'INDEXED' }).waitFor({ timeout: SLOW });
        // The document continues through the pipeline and leaves the queue.
        await page.getByRole('button', { name: 'Refresh' }).click();
        await item.waitFor({ state: 'detached' });
        await finish(page);
      });
    },
  },
  {
    name: 'admin tests a database connection and reads its schema',
    async run(t) {
      const connection = await demoConnection();
      if (!connection) {
        assert.ok(!CI, 'the demo database (Eunomia in PostgreSQL, scripts/client-dbs.sh) must be registered under CI');
        t.skip('no demo database: run scripts/client-dbs.sh to load Eunomia into PostgreSQL');
        return;
      }
      await inContext('admin-databases', async (page) => {
        await signIn(page, 'demo-admin');
        await openSection(page, 'Databases');
        const item = page.locator(`li.connection[data-connection-id="${connection.connection_id}"]`);
        await item.waitFor();
        await item.getByRole('button', { name: 'Test' }).click();
        await item.locator('.check-result').waitFor({ timeout: SLOW });
        assert.match(await item.locator('.check-result').textContent(), /Reachable\s*yes[\s\S]*Authenticated\s*yes/);
        await item.getByRole('button', { name: 'Extract schema' }).click();
        await item.locator('section.schema').waitFor({ timeout: SLOW });
        assert.ok(await item.locator('li[data-table="person"]').count() === 1, 'the person table is listed');
        await item.locator('li[data-table="person"] summary').click();
        await screenshot(page, 'admin-databases');
        await finish(page);
      });
    },
  },
  {
    name: 'report request: plain English to a validated query to PDF and CSV downloads',
    async run(t) {
      const connection = await demoConnection();
      if (!connection) {
        assert.ok(!CI, 'the demo database must be registered under CI');
        t.skip('no demo database: run scripts/client-dbs.sh to load Eunomia into PostgreSQL');
        return;
      }
      await inContext('reports', async (page) => {
        await signIn(page, 'demo-admin');
        await openSection(page, 'Reports');
        await page.getByLabel('Database').selectOption(connection.connection_id);
        await page.getByLabel('Request in plain English').fill("Show me patient 3950's visits since 2015");
        await page.getByRole('button', { name: 'Show the query' }).click();
        const generated = page.locator('section.generated');
        await generated.waitFor({ timeout: SLOW });
        assert.match(await generated.locator('pre.query-text').textContent(), /select/i, 'the SQL is shown');
        assert.match(await generated.locator('.validation').textContent(), /safe/, 'with its verdict');
        assert.match(await generated.locator('.validation').textContent(), /scoped to one patient/);
        await screenshot(page, 'reports-query');

        for (const format of ['pdf', 'csv']) {
          await page.getByLabel('Format').selectOption(format);
          const before = await page.locator('li.report').count();
          await page.getByRole('button', { name: 'Make report' }).click();
          await page.locator('li.report').nth(before).waitFor({ timeout: SLOW });
          const link = page.locator('li.report').first().getByRole('link', { name: `Download ${format.toUpperCase()}` });
          const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
          const bytes = await readFile(await download.path());
          if (format === 'pdf') assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF file');
          else assert.ok(bytes.toString('utf8').split('\n')[0].includes(','), 'a CSV with a header row');
        }
        await screenshot(page, 'reports');
        await finish(page);
      });
    },
  },
];

// Health insights in the console: a patient registers through the questionnaire and follows an
// upload through the pipeline; a demo patient reads her score, risk assessment and a streamed
// answer; her doctor keeps one thread per patient.

import assert from 'node:assert/strict';
import { inContext, signIn, openSection, screenshot, finish, unique, SLOW } from './lib.mjs';

/** Asks a question and waits for the streamed answer; returns the answer's element. */
async function ask(page, question) {
  await page.getByRole('textbox', { name: 'Your question' }).fill(question);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/chat') && r.request().method() === 'POST', { timeout: SLOW }),
    page.getByRole('button', { name: 'Ask', exact: true }).click(),
  ]);
  assert.equal(response.request().headers().accept, 'text/event-stream', 'the console asks for a stream');
  assert.match(response.headers()['content-type'] || '', /text\/event-stream/, 'the answer streams');
  const answer = page.locator('.chat-log .msg.assistant[data-done="true"]').last();
  await answer.waitFor({ timeout: SLOW });
  assert.ok(Number(await answer.getAttribute('data-tokens')) >= 1, 'token events were shown as they arrived');
  assert.ok((await answer.locator('.text').textContent()).trim().length > 0, 'the answer has text');
  return answer;
}

export const flows = [
  {
    name: 'patient registers with the questionnaire, uploads a note and follows the pipeline',
    async run() {
      await inContext('patient-onboarding', async (page) => {
        await page.goto('/');
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Register as a patient' }).click();
        await page.getByRole('heading', { level: 1, name: 'Register as a patient' }).waitFor();
        await page.getByLabel('Given name').fill('Ines');
        await page.getByLabel('Family name').fill('Verhoeven');
        await page.getByLabel('Date of birth').fill('1972-06-30');
        await page.locator('[name="q:activity_minutes_per_week"]').fill('150');
        await page.locator('[name="q:sleep_hours_per_night"]').fill('7');
        await page.locator('[name="q:last_mammogram"]').fill('2026-03-02');
        await page.locator('[name="q:family_history_breast_cancer"]').selectOption({ index: 1 });
        const username = unique('patient');
        await page.getByLabel('Choose a username').fill(username);
        await page.getByLabel('Choose a password').fill('a-long-password-1');
        await page.getByRole('button', { name: 'Register', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'My health' }).waitFor({ timeout: SLOW });
        await page.locator('.health-score:not([aria-busy])').waitFor({ timeout: SLOW });

        await openSection(page, 'Documents');
        await page.getByLabel('File').setInputFiles({
          name: 'consultation-note.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('Consultation note, 2026-11-02.\nThe patient walks 30 minutes 5 times a week.\n'
            + 'Total cholesterol was 182 mg/dL on 2026-10-20.\nScreening mammogram on 2026-03-02 showed no abnormality.\n'
            + 'Plan: return to clinic in 6 months.\n'),
        });
        await page.getByLabel('Document type').selectOption('consultation_note');
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        const job = page.locator('.uploads .job').first();
        await job.locator('ol.steps').waitFor();
        await page.locator('.uploads .job[data-job-status="INDEXED"]').waitFor({ timeout: SLOW });
        assert.equal(await job.locator('ol.steps li.done').count(), 5, 'every pipeline step is done');
        await screenshot(page, 'patient-upload');

        const row = page.locator('tr[data-status="INDEXED"]').filter({ hasText: 'consultation-note.txt' });
        await row.waitFor();
        await row.getByRole('button', { name: 'consultation-note.txt' }).click();
        await page.locator('.document-detail pre.document-text').filter({ hasText: 'Total cholesterol' }).waitFor();

        await openSection(page, 'Ask about my records');
        const answer = await ask(page, 'What was my total cholesterol?');
        assert.match(await answer.locator('.sources').textContent(), /consultation-note\.txt/, 'the answer lists its source');

        // The questionnaire again: a changed answer makes a new version of the profile.
        await openSection(page, 'Questionnaire');
        const activity = page.locator('[name="q:activity_minutes_per_week"]');
        await activity.waitFor();
        assert.equal(await activity.inputValue(), '150', 'the answer given at registration');
        await activity.fill('200');
        await page.getByRole('button', { name: 'Save answers' }).click();
        await page.locator('.ok').filter({ hasText: 'Saved: version 2' }).waitFor();
        assert.equal(await page.locator('[name="q:activity_minutes_per_week"]').inputValue(), '200');
        await finish(page);
      });
    },
  },
  {
    name: 'patient reads her health score, risk assessment and a streamed answer',
    async run() {
      await inContext('patient-insights', async (page) => {
        await signIn(page, 'demo-patient-101');
        await page.getByRole('heading', { level: 1, name: 'My health' }).waitFor();
        const score = page.locator('.health-score:not([aria-busy])');
        await score.waitFor({ timeout: SLOW });
        assert.equal(await score.locator('[data-component]').count(), 6, 'six components');
        assert.match(await score.locator('.score').textContent(), /^\d+$/, 'an overall score');
        assert.ok((await score.locator('.trend-word').textContent()).trim(), 'a trend');
        assert.ok(await score.locator('.sources li').count() > 0, 'components name their sources');
        const risk = page.locator('.risk:not([aria-busy])');
        await risk.waitFor({ timeout: SLOW });
        assert.match(await risk.locator('.overall-risk').textContent(), /HIGH|MEDIUM|LOW/);
        assert.ok(await risk.locator('tr[data-test-status]').count() > 0, 'recommended tests are listed');
        assert.ok(await risk.getByText(/^Source: /).count() > 0, 'markers name their sources');
        await screenshot(page, 'patient-health');

        await openSection(page, 'Documents');
        await page.locator('tr[data-document-id]').first().waitFor();
        assert.ok(await page.locator('tr[data-document-id]').count() >= 4, 'the demo documents are listed');

        await openSection(page, 'Ask about my records');
        const answer = await ask(page, 'What did my last mammogram show?');
        assert.ok(await answer.locator('.sources li').count() > 0, 'the answer lists its sources');
        await screenshot(page, 'patient-chat');
        await finish(page);
      });
    },
  },
  {
    name: 'doctor keeps one thread per assigned patient, with summary stats',
    async run() {
      await inContext('doctor', async (page) => {
        await signIn(page, 'demo-oncologist');
        await page.getByRole('heading', { level: 1, name: 'My patients' }).waitFor();
        await page.getByText('VERIFIED').waitFor();

        const open = async (id) => {
          await page.getByLabel('Patient id').fill(id);
          await page.getByRole('button', { name: 'Open patient' }).click();
        };
        // Her assigned patients are listed (GET /doctors/{id}); the first opens from the list.
        const assigned = page.locator('.assigned-list');
        await assigned.getByRole('button', { name: 'PAT-101' }).waitFor();
        await assigned.getByRole('button', { name: 'PAT-102' }).waitFor();
        assert.equal(await assigned.getByRole('button', { name: 'PAT-001' }).count(), 0, 'only her own patients are listed');
        await assigned.getByRole('button', { name: 'PAT-101' }).click();
        const workspace = page.locator('article.patient-workspace[data-patient-id="PAT-101"]');
        await workspace.waitFor();
        await ask(page, 'What are her active conditions and latest mammogram result?');
        await workspace.locator('.summary-stats').waitFor();
        assert.match(await workspace.locator('.summary-stats').textContent(), /Age\s*\d+/, 'summary stats with the age');
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, 'doctor-chat');

        await open('PAT-102');
        await page.locator('article.patient-workspace[data-patient-id="PAT-102"]').waitFor();
        assert.equal(await page.locator('.chat-log .msg').count(), 0, 'a new thread for another patient');
        await ask(page, 'When was her last consultation?');

        // Back to the first patient: her thread is still there.
        await page.locator('.patient-list').getByRole('button', { name: /Maren/ }).click();
        await workspace.waitFor();
        assert.equal(await page.locator('.chat-log .msg').count(), 2, 'the first thread kept its question and answer');
        await workspace.getByText('Health score and risk assessment').click();
        await workspace.locator('.health-score:not([aria-busy]) [data-component]').first().waitFor({ timeout: SLOW });

        // A patient not assigned to this doctor is not reachable.
        await open('PAT-001');
        await page.getByRole('alert').filter({ hasText: 'not a patient assigned to you' }).waitFor();
        await finish(page);
      });
    },
  },
];

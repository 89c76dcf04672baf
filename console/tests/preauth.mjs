// Prior authorization in the console: the provider files a case and a PAS Bundle and watches
// them move live; the insurer sees a case arrive in the live queue, traces its evidence to the
// source passage and decides.

import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { inContext, signIn, openSection, screenshot, finish, fileCase, unique, SLOW, CI } from './lib.mjs';

const PAS_DIR = process.env.FHIR_PAS_DIR || '';

/** Case updates the page received over its WebSocket, by case id. */
function recordSocket(page) {
  const updates = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (frame) => {
      try {
        const message = JSON.parse(frame.payload);
        if (message.type === 'case.updated') updates.push(message.case);
      } catch { /* not JSON */ }
    });
  });
  return updates;
}

async function traceFirstQuote(page, scope, hasText) {
  let criteria = scope.locator('li.criterion').filter({ has: page.getByRole('button', { name: 'Trace evidence to source' }) });
  if (hasText) criteria = criteria.filter({ hasText });
  const criterion = criteria.first();
  await criterion.getByRole('button', { name: 'Trace evidence to source' }).click();
  const quote = criterion.locator('li.quote').first();
  await quote.waitFor();
  await criterion.locator('.passage mark').first().waitFor();
  const marked = await criterion.locator('.passage mark').first().textContent();
  assert.ok(marked.trim().length > 0, 'the quote is marked inside its source passage');
  return criterion;
}

export const flows = [
  {
    name: 'provider files a case and a PAS Bundle and watches them live',
    async run() {
      await inContext('provider', async (page) => {
        const updates = recordSocket(page);
        // Signed in with the keyboard only.
        await page.goto('/');
        await page.getByLabel('Username').focus();
        await page.keyboard.type('demo-provider');
        await page.keyboard.press('Tab');
        await page.keyboard.type('demo-password');
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 1, name: 'Prior-authorization cases' }).waitFor();
        assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus moves to the section heading');
        await page.locator('.live[data-state="live"]').waitFor();

        await page.getByLabel('Patient id').fill('PAT-001');
        await page.getByLabel('Procedure code').fill('27447');
        await page.getByLabel('Diagnosis codes').fill('M17.11');
        await page.getByRole('button', { name: 'File case' }).click();
        const detail = page.locator('article.case-detail');
        await detail.waitFor();
        const caseId = await detail.getAttribute('data-case-id');
        assert.ok(caseId, 'the filed case opens');

        // The recommendation arrives over the socket: the page never reloads the list.
        const row = page.locator(`tr[data-case-id="${caseId}"]`);
        await row.and(page.locator('[data-status="APPROVED_READY"]')).waitFor({ timeout: SLOW });
        assert.ok(updates.some((c) => c.case_id === caseId && c.status === 'APPROVED_READY'), 'the status came over the WebSocket');
        await detail.getByRole('heading', { name: /AI recommendation/ }).waitFor();
        assert.ok(await detail.locator('li.criterion').count() > 0, 'criteria are listed');
        assert.ok(await detail.locator('li.criterion blockquote.evidence').count() > 0, 'criteria quote their evidence');
        await traceFirstQuote(page, detail);
        await screenshot(page, 'provider-case');

        // A Da Vinci PAS Bundle: each Claim item becomes a case of this provider.
        const bundlePath = join(PAS_DIR, 'approval_pa_submit_request_payload.json');
        if (!existsSync(bundlePath)) {
          assert.ok(!CI, `the PAS kit is missing (${bundlePath})`);
          return;
        }
        await openSection(page, 'PAS Bundle');
        await page.getByLabel('Bundle file').setInputFiles({ name: 'approval.json', mimeType: 'application/fhir+json', buffer: readFileSync(bundlePath) });
        await page.waitForFunction(() => document.querySelector('textarea[name="bundle_text"]').value.includes('"Bundle"'));
        await page.getByRole('button', { name: 'Submit ($submit)' }).click();
        const response = page.locator('section.claim-response');
        await response.waitFor({ timeout: SLOW });
        const refs = (await response.locator('dd').first().textContent()).split(',').map((s) => s.trim()).filter(Boolean);
        assert.ok(refs.length > 0, 'the ClaimResponse names the cases (preAuthRef)');
        assert.ok(await response.locator('tbody tr').count() > 0, 'one row per Claim item');
        await screenshot(page, 'provider-pas');

        await openSection(page, 'Cases');
        await page.locator(`tr[data-case-id="${refs[0]}"]`).waitFor({ timeout: SLOW });

        // A clinical record, for a patient of this flow alone, indexed for retrieval.
        await openSection(page, 'Clinical records');
        await page.getByLabel('Patient id').fill(unique('PAT-REC'));
        await page.getByLabel('Record file').setInputFiles({ name: 'knee-note.txt', mimeType: 'text/plain', buffer: Buffer.from('2026-11-30 Orthopaedic note. Right knee pain for 2 years despite physical therapy.\n') });
        await page.getByRole('button', { name: 'Upload record' }).click();
        await page.locator('.notice .badge').filter({ hasText: 'INDEXED' }).waitFor({ timeout: SLOW });
        await finish(page);
      });
    },
  },
  {
    name: 'insurer sees a new case arrive live, traces its evidence and decides',
    async run() {
      await inContext('insurer', async (page) => {
        const updates = recordSocket(page);
        await signIn(page, 'demo-insurer');
        await page.getByRole('heading', { level: 1, name: 'Prior-authorization queue' }).waitFor();
        await page.locator('.live[data-state="live"]').waitFor();

        // Another user files a case while the queue is open: it appears without a reload.
        const filed = await fileCase({ patient_id: 'PAT-003', procedure_code: '27447', diagnosis_codes: ['M00.061', 'M17.11'], urgency: 'expedited' });
        const row = page.locator(`tr[data-case-id="${filed.case_id}"]`);
        await row.waitFor({ timeout: SLOW });
        await row.and(page.locator('[data-status="AI_DENIED"]')).waitFor({ timeout: SLOW });
        assert.ok(updates.some((c) => c.case_id === filed.case_id), 'the case came over the WebSocket');

        await row.getByRole('button', { name: `Open case ${filed.case_id}` }).click();
        const detail = page.locator(`article.case-detail[data-case-id="${filed.case_id}"]`);
        await detail.waitFor();
        await detail.getByRole('heading', { name: /AI recommendation/ }).waitFor();
        assert.ok(await detail.getByText('Exclusion applies').count() > 0, 'the exclusion that applies is shown');
        const criterion = await traceFirstQuote(page, detail, 'Exclusion applies');
        assert.match(await criterion.locator('li.quote p.small').first().textContent(), /^From /, 'each quote names its document');
        await criterion.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await screenshot(page, 'insurer-evidence');

        await detail.getByRole('radio', { name: 'Deny' }).check();
        await detail.getByLabel('Reason', { exact: true }).fill('Active infection of the joint documented; the policy excludes it.');
        await detail.getByRole('button', { name: 'Record decision' }).click();
        await page.locator(`article.case-detail[data-case-id="${filed.case_id}"] section.decided`).waitFor();
        await row.and(page.locator('[data-status="DENIED"]')).waitFor();

        // The status filter asks the API for that status only.
        await page.getByLabel('Show').selectOption('DENIED');
        await page.waitForFunction(() => !document.querySelector('.case-list[aria-busy]')
          && ![...document.querySelectorAll('tr[data-case-id]')].some((r) => r.dataset.status !== 'DENIED'));
        await row.waitFor();
        await screenshot(page, 'insurer-queue');

        // A policy for a procedure no other flow files, indexed for criteria retrieval.
        await openSection(page, 'Policies');
        await page.getByLabel('Policy title').fill(`Arthroscopic Meniscectomy ${unique('v')}`);
        await page.getByLabel('Procedure codes').fill('29881');
        await page.getByLabel('Policy file').setInputFiles({
          name: 'meniscectomy.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('Medically necessary when ALL of the following are met:\n1. Mechanical symptoms such as locking or catching.\n'
            + '2. MRI confirms a meniscal tear.\n3. Failure of at least 4 weeks of physical therapy.\n'),
        });
        await page.getByRole('button', { name: 'Upload policy' }).click();
        await page.locator('.notice .badge').filter({ hasText: 'INDEXED' }).waitFor({ timeout: SLOW });
        await finish(page);
      });
    },
  },
];

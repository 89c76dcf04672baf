// Prior-authorization cases, shared by the provider and insurer views: a list kept current by
// the WebSocket, and one case's recommendation with each criterion's quoted evidence, traced to
// the source passage (`GET /preauth/cases/{case_id}/evidence/{criterion_id}`).

import { h, fill, badge, facts, fmtDateTime, table, showError, busy, codePoints, field, select, put } from './dom.js';
import { openLive } from './live.js';

export const ANALYZED = ['APPROVED_READY', 'MISSING_INFORMATION', 'AI_DENIED'];
const ENDED = ['APPROVED', 'DENIED'];

function fmtShort(value) {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function shortId(id) {
  return id && id.length > 14 ? `${id.slice(0, 13)}…` : id;
}

/**
 * A live list of cases. `params` are the list query's filters; `channel` the WebSocket channel.
 * `onSelect(case)` opens one; `onChange(case)` hears every update.
 */
export class CaseBoard {
  constructor(ctx, { channel, title, filterable = false, onSelect, onChange }) {
    this.ctx = ctx;
    this.cases = new Map();
    this.selected = null;
    this.status = '';
    this.nextToken = null;
    this.onSelect = onSelect;
    this.onChange = onChange;
    this.errors = h('div');
    this.indicator = h('p', { class: 'live', role: 'status', 'data-state': 'connecting' });
    this.body = h('div', { class: 'case-list scroll' });
    this.more = h('button', { type: 'button', hidden: true, onclick: () => this.load(true) }, 'Load more');
    const filter = filterable ? select('status', [['', 'All statuses'], ...['PENDING', 'ANALYZING', ...ANALYZED, 'ANALYSIS_FAILED', ...ENDED].map((s) => [s, s.replaceAll('_', ' ')])], '') : null;
    if (filter) {
      filter.addEventListener('change', () => {
        this.status = filter.value;
        this.load(false);
      });
    }
    this.element = h('section', { class: 'panel', 'aria-labelledby': 'case-list-title' },
      h('div', { class: 'row' },
        h('h2', { id: 'case-list-title' }, title),
        filter ? field('Show', filter) : null),
      this.indicator,
      this.errors,
      this.body,
      this.more);
    this.live = openLive({
      token: ctx.session.token(),
      channel,
      indicator: this.indicator,
      onSubscribed: () => this.load(false),
      onCase: (c) => this.upsert(c, true),
    });
  }

  close() {
    this.live.close();
  }

  async load(more) {
    const params = new URLSearchParams({ limit: '50' });
    if (this.status) params.set('status', this.status);
    if (more && this.nextToken) params.set('next_token', this.nextToken);
    this.body.setAttribute('aria-busy', 'true');
    try {
      const page = await this.ctx.api.get(`/preauth/cases?${params}`);
      if (!more) this.cases = new Map([...this.cases].filter(([, c]) => this.matches(c) && this.fresh(c)));
      for (const c of page.cases) this.upsert(c, false);
      this.nextToken = page.next_token || null;
      this.more.hidden = !this.nextToken;
      showError(this.errors, null);
      this.render();
    } catch (error) {
      showError(this.errors, error);
    } finally {
      this.body.removeAttribute('aria-busy');
    }
  }

  // A case filed in the last minutes stays in the list through a reload even when the
  // first page did not carry it yet.
  fresh(c) {
    return Date.now() - new Date(c.updated_at).getTime() < 5 * 60 * 1000;
  }

  matches(c) {
    return !this.status || c.status === this.status;
  }

  /** Adds or updates a case; the newer version wins. */
  upsert(c, live) {
    const known = this.cases.get(c.case_id);
    if (known && known.version > c.version) return;
    const changed = !known || known.status !== c.status;
    this.cases.set(c.case_id, c);
    if (!live) return;
    if (!this.matches(c)) this.cases.delete(c.case_id);
    this.render(changed ? c.case_id : null);
    if (changed) this.ctx.announce(`Case ${shortId(c.case_id)} for ${c.patient_id}: ${c.status.replaceAll('_', ' ')}`);
    if (this.onChange) this.onChange(c);
  }

  select(caseId) {
    this.selected = caseId;
    this.render();
    const c = this.cases.get(caseId);
    if (c && this.onSelect) this.onSelect(c);
  }

  render(flashId = null) {
    const rows = [...this.cases.values()].sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''));
    if (!rows.length) {
      fill(this.body, h('p', { class: 'muted' }, 'No cases yet.'));
      return;
    }
    fill(this.body, table([
      { label: 'Case', cell: (c) => h('button', { type: 'button', class: 'link', 'aria-label': `Open case ${c.case_id}`, onclick: () => this.select(c.case_id) }, shortId(c.case_id)) },
      { label: 'Patient · procedure', cell: (c) => [c.patient_id, h('span', { class: 'small muted' }, ` · ${c.procedure_code}`), c.urgency === 'expedited' ? h('div', { class: 'small' }, 'expedited') : null] },
      { label: 'Status', cell: (c) => [badge(c.status), ENDED.includes(c.status) ? null : h('div', { class: 'small muted nowrap' }, `decide by ${fmtShort(c.decision_deadline)}`)] },
    ], rows, {
      caption: `${rows.length} case${rows.length === 1 ? '' : 's'}`,
      rowAttrs: (c) => ({
        class: [c.case_id === this.selected ? 'selected' : '', c.case_id === flashId ? 'flash' : ''].join(' ').trim() || null,
        'data-case-id': c.case_id,
        'data-status': c.status,
        'aria-current': c.case_id === this.selected ? 'true' : null,
      }),
    }));
  }
}

function criterionVerdict(c) {
  if (c.kind === 'exclusion') {
    if (c.met === true) return ['Exclusion applies', 'unmet'];
    if (c.met === false) return ['Exclusion does not apply', 'met'];
    return ['No evidence either way', 'unknown'];
  }
  if (c.met === true) return ['Met', 'met'];
  if (c.met === false) return ['Not met', 'unmet'];
  return ['No evidence either way', 'unknown'];
}

/** A passage with the quote's span marked. */
function passageWithMark(quote) {
  const passage = quote.passage;
  if (!passage) return null;
  const chars = codePoints(passage.text);
  if (!quote.span) return h('div', { class: 'passage' }, passage.text);
  const from = Math.max(0, quote.span.start - passage.start);
  const to = Math.min(chars.length, quote.span.end - passage.start);
  return h('div', { class: 'passage' },
    chars.slice(0, from).join(''),
    h('mark', {}, chars.slice(from, to).join('')),
    chars.slice(to).join(''));
}

async function traceEvidence(ctx, caseId, criterion, slot, button) {
  await busy(button, slot, async () => {
    const evidence = await ctx.api.get(`/preauth/cases/${encodeURIComponent(caseId)}/evidence/${encodeURIComponent(criterion.id)}`);
    const quotes = evidence.quotes || [];
    fill(slot, quotes.length
      ? h('ul', { class: 'plain quotes' }, quotes.map((q) => h('li', { class: 'quote' },
        q.located
          ? [
            h('p', { class: 'small muted' },
              `From ${q.title || q.document_id}`, q.document_date ? `, dated ${q.document_date}` : '',
              q.span ? ` — characters ${q.span.start}–${q.span.end} (marked)` : ''),
            passageWithMark(q)]
          : [h('blockquote', {}, q.quote), h('p', { class: 'small muted' }, 'This quote was not found again in the stored records.')])))
      : h('p', { class: 'muted' }, 'No quoted evidence for this criterion.'));
    ctx.announce(`${quotes.length} quote${quotes.length === 1 ? '' : 's'} traced for criterion ${criterion.id}`);
  });
}

function criterionItem(ctx, caseId, criterion) {
  const [verdict, tone] = criterionVerdict(criterion);
  const slot = h('div', { class: 'trace', 'aria-live': 'polite' });
  const trace = h('button', { type: 'button', onclick: () => traceEvidence(ctx, caseId, criterion, slot, trace) }, 'Trace evidence to source');
  return h('li', { class: `criterion ${tone}`, 'data-criterion-id': criterion.id },
    h('div', { class: 'head' },
      h('strong', {}, `${criterion.kind === 'exclusion' ? 'Exclusion' : 'Criterion'} ${criterion.id}`),
      h('span', { class: `badge ${tone === 'met' ? 'good' : tone === 'unmet' ? 'bad' : 'neutral'}` }, verdict)),
    h('p', {}, criterion.text),
    criterion.evidence ? h('blockquote', { class: 'evidence' }, criterion.evidence) : null,
    h('p', { class: 'small muted' }, criterion.policy_reference),
    (criterion.source_chunk_ids || []).length || criterion.evidence ? h('div', { class: 'actions' }, trace) : null,
    slot);
}

function decisionForm(ctx, c, onDecided) {
  const errors = h('div');
  const reason = h('textarea', { name: 'reason', required: true });
  const form = h('form', { class: 'panel decision', 'aria-labelledby': 'decision-title' },
    h('h3', { id: 'decision-title' }, 'Your decision'),
    h('p', { class: 'small muted' }, 'The analysis above is a recommendation; the decision is yours.'),
    h('fieldset', {},
      h('legend', {}, 'Decision'),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'decision', value: 'APPROVED', required: true }), 'Approve'),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'decision', value: 'DENIED' }), 'Deny')),
    field('Reason', reason, 'Sent to the provider with the decision.'),
    field('Reason code (optional)', h('input', { name: 'reason_code' })),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Record decision')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, errors, async () => {
      const data = new FormData(form);
      const body = { decision: data.get('decision'), reason: String(data.get('reason')).trim() };
      const code = String(data.get('reason_code') || '').trim();
      if (code) body.reason_code = code;
      const updated = await ctx.api.post(`/preauth/cases/${encodeURIComponent(c.case_id)}/decision`, body);
      ctx.announce(`Decision recorded: ${updated.status}`);
      onDecided(updated);
    });
  });
  return form;
}

/** One case: facts, the recommendation criterion by criterion, and (insurer) the decision. */
export function caseDetail(ctx, c, { canDecide = false, onDecided } = {}) {
  const a = c.analysis;
  const fhir = c.fhir;
  return h('article', { class: 'panel case-detail', 'aria-labelledby': 'case-title', 'data-case-id': c.case_id },
    h('h2', { id: 'case-title' }, `Case ${c.case_id} `, badge(c.status)),
    facts([
      ['Patient', c.patient_id],
      ['Procedure', c.procedure_code],
      ['Diagnoses', (c.diagnosis_codes || []).join(', ') || '—'],
      ['Urgency', c.urgency],
      ['Provider', c.provider_id],
      ['Filed', fmtDateTime(c.created_at)],
      ['Decide by', fmtDateTime(c.decision_deadline)],
      c.notes ? ['Notes', c.notes] : null,
      fhir ? ['From FHIR', `Claim item ${fhir.item_sequence} (${fhir.item_code})`] : null,
    ]),
    ['PENDING', 'ANALYZING'].includes(c.status)
      ? h('p', { class: 'notice' }, 'The analysis is running; this page updates by itself.')
      : null,
    c.status === 'ANALYSIS_FAILED' ? h('p', { class: 'error' }, `The analysis failed: ${c.failure_reason || 'no reason given'}`) : null,
    a ? h('section', { 'aria-labelledby': 'analysis-title' },
      h('h3', { id: 'analysis-title' }, 'AI recommendation: ', badge(a.status)),
      h('p', { class: 'notice small' }, a.notice || 'A recommendation, never a decision.'),
      h('p', {}, a.summary),
      h('p', { class: 'small muted' }, `Procedure analysed: ${a.procedure_analyzed} · ${a.engine} (${a.model}) · ${fmtDateTime(a.analyzed_at)}`),
      h('ol', { class: 'plain criteria', 'aria-label': 'Criteria' }, (a.criteria || []).map((criterion) => criterionItem(ctx, c.case_id, criterion))))
      : null,
    c.decision
      ? h('section', { class: 'decided', 'aria-labelledby': 'decided-title' },
        h('h3', { id: 'decided-title' }, 'Decision: ', badge(c.decision.decision)),
        facts([['Reason', c.decision.reason], ['Reason code', c.decision.reason_code], ['By', c.decision.decided_by], ['At', fmtDateTime(c.decision.decided_at)]]))
      : null,
    canDecide && ANALYZED.includes(c.status) && !c.decision ? decisionForm(ctx, c, onDecided) : null);
}

/** A list and a detail pane, both live. Returns the view's cleanup. */
export function caseWorkspace(root, ctx, { channel, title, canDecide, filterable, before }) {
  const detail = h('div', { class: 'detail' }, h('p', { class: 'panel muted' }, 'Open a case to read its recommendation and evidence.'));
  let shown = null;
  const open = (c, focus = true) => {
    shown = c;
    fill(detail, caseDetail(ctx, c, {
      canDecide,
      onDecided: (updated) => {
        board.upsert(updated, true);
        open(updated);
      },
    }));
    if (focus) {
      const heading = detail.querySelector('h2');
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  };
  const board = new CaseBoard(ctx, {
    channel,
    title,
    filterable,
    onSelect: async (c) => {
      open(c);
      // The list's copy may be a moment old: read the case itself.
      try {
        const fresh = await ctx.api.get(`/preauth/cases/${encodeURIComponent(c.case_id)}`);
        board.upsert(fresh, false);
        if (shown && shown.case_id === fresh.case_id && fresh.version > shown.version) open(fresh, false);
      } catch (error) {
        detail.prepend(h('div', { class: 'error', role: 'alert' }, `Could not refresh the case: ${error.message}`));
      }
    },
    onChange: (c) => {
      // The open case follows its updates, unless a decision is being written.
      if (shown && shown.case_id === c.case_id && shown.status !== c.status) open(c, false);
    },
  });
  put(root, h('div', { class: 'split' }, h('div', {}, before || null, board.element), detail));
  return { board, cleanup: () => board.close(), open };
}

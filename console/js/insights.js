// A patient's health & wellness score (six components, trend over versions) and breast-cancer
// risk assessment (markers with their sources, recommended tests), as the patient and their
// doctors read them.

import { h, fill, badge, fmtDate, fmtDateTime, table, errorBox } from './dom.js';

const COMPONENTS = [
  ['screening_compliance', 'Screening compliance'],
  ['physical_activity', 'Physical activity'],
  ['stress_relaxation', 'Stress & relaxation'],
  ['healthy_nutrition', 'Healthy nutrition'],
  ['regular_health_tests', 'Regular health tests'],
  ['follow_up_adherence', 'Follow-up adherence'],
];

function sourcesList(sources) {
  if (!sources || !sources.length) return h('p', { class: 'small muted' }, 'No sources.');
  return h('ul', { class: 'small sources' }, sources.map((s) => h('li', {}, s.source, s.date ? ` (${fmtDate(s.date)})` : '')));
}

/** A sparkline of the overall score across versions (an SVG drawn from numbers, no library). */
function sparkline(points) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 300 60');
  svg.setAttribute('role', 'img');
  const label = points.map((p) => `version ${p.version}: ${p.score ?? 'no score'}`).join('; ');
  svg.setAttribute('aria-label', `Overall score by version — ${label}`);
  const scored = points.filter((p) => typeof p.score === 'number');
  if (scored.length) {
    const step = scored.length > 1 ? 280 / (scored.length - 1) : 0;
    const coords = scored.map((p, i) => [10 + i * step, 55 - (p.score / 100) * 50]);
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', coords.map((c) => c.join(',')).join(' '));
    svg.append(line);
    for (const [x, y] of coords) {
      const dot = document.createElementNS(ns, 'circle');
      dot.setAttribute('cx', x);
      dot.setAttribute('cy', y);
      dot.setAttribute('r', 3);
      svg.append(dot);
    }
  }
  return svg;
}

async function loadTrend(api, patientId, latest, slot) {
  const first = Math.max(1, latest.version - 11);
  const versions = [];
  for (let v = first; v < latest.version; v += 1) versions.push(v);
  const older = await Promise.all(versions.map((v) =>
    api.get(`/patients/${encodeURIComponent(patientId)}/health-score?version=${v}`).then((s) => s, () => null)));
  const points = [...older.filter(Boolean), latest].map((s) => ({ version: s.version, score: s.overall_score }));
  fill(slot, points.length > 1
    ? [sparkline(points), h('p', { class: 'small muted' }, `Versions ${points[0].version}–${points[points.length - 1].version}`)]
    : h('p', { class: 'small muted' }, 'The trend appears once there is a second version.'));
}

export function healthScorePanel(ctx, patientId) {
  const panel = h('section', { class: 'panel health-score', 'aria-labelledby': 'score-title', 'aria-busy': 'true' },
    h('h2', { id: 'score-title' }, 'Health & wellness score'),
    h('p', { class: 'muted' }, 'Loading…'));
  ctx.api.get(`/patients/${encodeURIComponent(patientId)}/health-score`).then((score) => {
    const trendSlot = h('div', { class: 'trend' });
    fill(panel,
      h('h2', { id: 'score-title' }, 'Health & wellness score'),
      h('div', { class: 'stats' },
        h('div', {}, h('span', { class: 'muted small' }, 'Overall'),
          h('strong', { class: 'score', 'data-overall': score.overall_score ?? '' }, score.overall_score ?? '—'),
          h('span', { class: 'small muted' }, score.overall_score === null ? 'not enough data' : 'out of 100')),
        h('div', {}, h('span', { class: 'muted small' }, 'Trend'), h('strong', { class: 'trend-word' }, String(score.trend).replaceAll('_', ' '))),
        h('div', {}, h('span', { class: 'muted small' }, 'Components with data'), h('strong', {}, `${score.components_with_data} of 6`)),
        h('div', {}, h('span', { class: 'muted small' }, 'Updated'), h('strong', {}, fmtDateTime(score.last_updated)), h('span', { class: 'small muted' }, `version ${score.version}`))),
      trendSlot,
      h('div', { class: 'cols components' }, COMPONENTS.map(([key, label]) => {
        const c = (score.components || {})[key] || { status: 'insufficient_data', sources: [] };
        const hasScore = typeof c.score === 'number';
        return h('article', { class: 'component', 'data-component': key },
          h('h3', {}, label),
          h('p', {}, hasScore ? h('strong', {}, `${c.score}`) : null, hasScore ? ' / 100 ' : null, badge(c.status)),
          hasScore ? h('meter', { class: 'meter', min: 0, max: 100, low: 50, high: 75, optimum: 100, value: c.score, 'aria-label': `${label} score` }) : null,
          h('p', { class: 'small' }, c.description),
          sourcesList(c.sources));
      })),
      h('p', { class: 'small muted' }, `Rules ${score.rules_version}`));
    panel.removeAttribute('aria-busy');
    if (score.version > 1) loadTrend(ctx.api, patientId, score, trendSlot);
    else fill(trendSlot, h('p', { class: 'small muted' }, 'The trend appears once there is a second version.'));
  }, (error) => {
    panel.removeAttribute('aria-busy');
    fill(panel, h('h2', { id: 'score-title' }, 'Health & wellness score'),
      error.httpStatus === 404 ? h('p', { class: 'muted' }, 'No score yet: it is computed once there are answers or indexed documents.') : errorBox(error));
  });
  return panel;
}

function indicatorList(title, tone, items) {
  return h('div', { class: 'risk-group' },
    h('h3', {}, title, ' ', h('span', { class: `badge ${tone}` }, String(items.length))),
    items.length
      ? h('ul', { class: 'plain' }, items.map((i) => h('li', {},
        h('strong', {}, i.indicator),
        h('div', { class: 'small muted' }, `Source: ${i.source}`, i.detected_date ? ` · detected ${fmtDate(i.detected_date)}` : ''))))
      : h('p', { class: 'small muted' }, 'None.'));
}

export function riskPanel(ctx, patientId) {
  const panel = h('section', { class: 'panel risk', 'aria-labelledby': 'risk-title', 'aria-busy': 'true' },
    h('h2', { id: 'risk-title' }, 'Breast-cancer risk assessment'),
    h('p', { class: 'muted' }, 'Loading…'));
  ctx.api.get(`/patients/${encodeURIComponent(patientId)}/risk-assessment`).then((risk) => {
    const cats = risk.risk_categories || { high_risk: [], medium_risk: [], low_risk: [] };
    fill(panel,
      h('h2', { id: 'risk-title' }, 'Breast-cancer risk assessment'),
      h('div', { class: 'stats' },
        h('div', {}, h('span', { class: 'muted small' }, 'Overall risk'), h('strong', { class: 'overall-risk' }, badge(risk.overall_risk))),
        h('div', {}, h('span', { class: 'muted small' }, 'Stage'), h('strong', {}, String(risk.stage))),
        h('div', {}, h('span', { class: 'muted small' }, 'Urgency'), h('strong', {}, String(risk.urgency).replaceAll('_', ' '))),
        h('div', {}, h('span', { class: 'muted small' }, 'Updated'), h('strong', {}, fmtDateTime(risk.last_updated)), h('span', { class: 'small muted' }, `version ${risk.version}`))),
      h('p', { class: 'recommendation' }, risk.recommendation),
      h('div', { class: 'cols' },
        indicatorList('High-risk markers', 'bad', cats.high_risk || []),
        indicatorList('Medium-risk markers', 'warn', cats.medium_risk || []),
        indicatorList('Low-risk markers', 'good', cats.low_risk || [])),
      h('h3', {}, 'Recommended tests'),
      table([
        { label: 'Test', cell: (t) => t.test },
        { label: 'Stage', cell: (t) => String(t.stage) },
        { label: 'Status', cell: (t) => badge(t.status) },
        { label: 'Last done', cell: (t) => fmtDate(t.last_date) },
      ], risk.recommended_tests || [], { rowAttrs: (t) => ({ 'data-test-status': t.status }) }),
      h('p', { class: 'small muted' }, `Rules ${risk.rules_version}`));
    panel.removeAttribute('aria-busy');
  }, (error) => {
    panel.removeAttribute('aria-busy');
    fill(panel, h('h2', { id: 'risk-title' }, 'Breast-cancer risk assessment'),
      error.httpStatus === 404 ? h('p', { class: 'muted' }, 'No assessment yet.') : errorBox(error));
  });
  return panel;
}


// Small DOM helpers. Everything the API returns is put on the page as text (textContent), never
// as markup, so a note or a passage can never inject HTML.

let counter = 0;
/** A page-unique id, for label/aria wiring. */
export function uid(prefix = 'f') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Builds an element: h('button', {class: 'primary', onclick}, 'Save').
 * Attributes: `class`, `text`, `on<event>` handlers, `dataset`, booleans (true → present,
 * false/null → absent), anything else as an attribute. Children: nodes, strings, arrays, null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Appends children, skipping null/false (Element.append would print them as text). */
export function put(el, ...children) {
  return append(el, children);
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  clear(el);
  return append(el, children);
}

/** A labelled form control: the label's `for` names the control. */
export function field(label, control, hint) {
  if (!control.id) control.id = uid('in');
  const parts = [h('label', { for: control.id }, label), control];
  if (hint) {
    const hintId = uid('hint');
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('span', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

export function select(name, options, value) {
  return h('select', { name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/** An error from the API envelope (or the network), shown where it happened. */
export function errorBox(error) {
  const box = h('div', { class: 'error', role: 'alert' });
  const code = error && error.code ? error.code : 'ERROR';
  append(box, [
    h('strong', {}, error && error.httpStatus ? `${error.httpStatus} ${code}` : code),
    ': ',
    (error && error.message) || String(error),
  ]);
  const details = error && error.details;
  if (details && typeof details === 'object' && Object.keys(details).length) {
    box.append(h('ul', {}, Object.entries(details).map(([k, v]) =>
      h('li', {}, `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`))));
  }
  if (error && error.requestId) box.append(h('div', { class: 'muted small' }, `request ${error.requestId}`));
  return box;
}

/** Shows an error (or clears the slot with `null`). */
export function showError(slot, error) {
  fill(slot, error ? errorBox(error) : null);
}

const STATUS_TONE = {
  PENDING: 'wait', ANALYZING: 'wait', INGESTED: 'wait', QUEUED: 'wait', RUNNING: 'wait', AWAITING_UPLOAD: 'wait',
  APPROVED_READY: 'good', APPROVED: 'good', INDEXED: 'good', VERIFIED: 'good', COMPLETED: 'good', safe: 'good',
  present: 'good', LOW: 'good', good: 'good', excellent: 'good',
  MISSING_INFORMATION: 'warn', NEEDS_REVIEW: 'warn', PENDING_MANUAL_REVIEW: 'warn', MEDIUM: 'warn', missing: 'warn',
  fair: 'warn', needs_attention: 'warn', insufficient_data: 'neutral',
  AI_DENIED: 'bad', DENIED: 'bad', FAILED: 'bad', ANALYSIS_FAILED: 'bad', REJECTED: 'bad', HIGH: 'bad', unsafe: 'bad', poor: 'bad',
};

export function badge(status) {
  const tone = STATUS_TONE[status] || 'neutral';
  return h('span', { class: `badge ${tone}` }, String(status ?? '—').replaceAll('_', ' '));
}

export function fmtDate(value) {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString().slice(0, 10);
}

export function fmtDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A definition list from [term, value] pairs (value: node or text). */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));
}

/** A simple table: columns [{label, cell(row) → node|text}]. */
export function table(columns, rows, { caption, rowAttrs } = {}) {
  return h('div', { class: 'scroll' }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map((c) => h('td', {}, c.cell(row))))))));
}

/** Runs an async action from a form or button: disables the trigger, shows errors in `slot`. */
export async function busy(trigger, slot, action) {
  if (slot) showError(slot, null);
  const controls = trigger instanceof HTMLFormElement ? [...trigger.querySelectorAll('button')] : [trigger];
  controls.forEach((c) => { c.disabled = true; });
  if (trigger instanceof HTMLFormElement) trigger.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } catch (error) {
    if (slot) showError(slot, error);
    else throw error;
    return undefined;
  } finally {
    controls.forEach((c) => { c.disabled = false; });
    if (trigger instanceof HTMLFormElement) trigger.removeAttribute('aria-busy');
  }
}

/** Reads a file as base64 (without the data: prefix). */
export function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',', 2)[1] || '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Slices by Unicode code points, as the API's character spans count. */
export function codePoints(text) {
  return Array.from(text || '');
}

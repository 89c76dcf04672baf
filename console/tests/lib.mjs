// Shared pieces of the console's browser tests: the browser, one context per flow, signing in,
// API calls made beside the browser (as another user would), screenshots, and the checks every
// flow ends with (nothing external loaded, no PHI in the URL or browser storage, labelled controls).

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import assert from 'node:assert/strict';

export const BASE = (process.env.MEDICLEAR_URL || '').replace(/\/$/, '');
export const ARTIFACTS = process.env.BROWSER_ARTIFACTS || 'target/browser-artifacts';
export const CI = process.env.CI === 'true' || process.env.CI === '1';
export const PASSWORD = 'demo-password';
/** Generous: two cores serve the runtime, the browser and the analyses at once. */
export const SLOW = Number(process.env.BROWSER_TEST_TIMEOUT_MS || 180000);

if (!BASE) throw new Error('MEDICLEAR_URL is not set (scripts/browser-test.sh sets it)');
mkdirSync(ARTIFACTS, { recursive: true });

const require = createRequire(join(process.env.PLAYWRIGHT_DIR || '.', 'package.json'));
const { chromium } = require('playwright-core');

let browser = null;
export async function launch() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  return browser;
}
export async function shutdown() {
  if (browser) await browser.close();
}

/**
 * Runs one flow in its own browser context (1200×800): on failure saves a screenshot and the
 * page's console; always checks that nothing outside the runtime was requested.
 */
export async function inContext(name, body) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, acceptDownloads: true, baseURL: BASE });
  context.setDefaultTimeout(60000);
  const log = [];
  const external = [];
  const pageErrors = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(BASE) && !url.startsWith('data:') && !url.startsWith('blob:')) external.push(url);
  });
  const watch = (page) => {
    page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
  };
  context.on('page', watch);
  const page = await context.newPage();
  try {
    await body(page, context);
    assert.deepEqual(external, [], 'the console loaded nothing from outside the runtime');
    assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
  } catch (error) {
    for (const [i, p] of context.pages().entries()) {
      await p.screenshot({ path: join(ARTIFACTS, `FAILED-${name}${i ? `-${i}` : ''}.png`), fullPage: true }).catch(() => {});
    }
    writeFileSync(join(ARTIFACTS, `FAILED-${name}.log`), [...log, ...pageErrors.map((e) => `[pageerror] ${e}`)].join('\n'));
    throw error;
  } finally {
    await context.close();
  }
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Signs in through the console's form. */
export async function signIn(page, username, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('form', { name: 'Your account' }).getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Opens one of the role's sections from the header. */
export async function openSection(page, label) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true }).click();
}

// ——— The API beside the browser ———

export async function api(method, path, { token, json, headers = {}, raw } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] = 'application/json';
  } else if (raw !== undefined) init.body = raw;
  const response = await fetch(`${BASE}/api/v1${path}`, init);
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { raw: text }; }
  return { status: response.status, body, headers: response.headers };
}

export async function tokenFor(username, password = PASSWORD) {
  const { status, body } = await api('POST', '/auth/token', { json: { username, password } });
  assert.equal(status, 200, `sign-in of ${username}: ${JSON.stringify(body)}`);
  return body.data.access_token;
}

/** A case filed as `demo-provider`, as another user would while the page is open. */
export async function fileCase(body) {
  const token = await tokenFor('demo-provider');
  const { status, body: answer } = await api('POST', '/preauth/cases', { token, json: body });
  assert.equal(status, 202, `filing a case: ${JSON.stringify(answer)}`);
  return answer.data;
}

export async function waitFor(what, probe, { timeout = SLOW, interval = 500 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

// ——— The checks every flow ends with ———

/** Only the session token is in browser storage; the URL carries no id or PHI. */
export async function assertNothingStored(page) {
  const state = await page.evaluate(() => ({
    url: window.location.href,
    session: Object.keys(window.sessionStorage),
    local: window.localStorage.length,
    cookies: document.cookie,
  }));
  assert.equal(state.url, `${BASE}/`, 'the URL stays the console root');
  assert.ok(state.session.every((k) => k === 'mediclear.token'), `sessionStorage holds only the token: ${state.session}`);
  assert.equal(state.local, 0, 'nothing in localStorage');
  assert.equal(state.cookies, '', 'no cookies');
}

/** Every visible form control has a label, every button a name. */
export async function assertLabelled(page) {
  const problems = await page.evaluate(() => {
    const out = [];
    const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || !visible(el)) continue;
      const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!named) out.push(`${el.tagName.toLowerCase()}[name=${el.name}]`);
    }
    for (const el of document.querySelectorAll('button')) {
      if (!visible(el)) continue;
      if (!(el.textContent.trim() || el.getAttribute('aria-label'))) out.push(`button ${el.outerHTML.slice(0, 80)}`);
    }
    return out;
  });
  assert.deepEqual(problems, [], 'unlabelled controls');
}

export async function finish(page) {
  await assertLabelled(page);
  await assertNothingStored(page);
}

// ——— Files the flows upload ———

/** A one-page PDF with a text layer (as shared/testkit's text_pdf writes it). */
export function textPdf(lines) {
  let content = 'BT /F1 11 Tf 72 720 Td 14 TL\n';
  for (const line of lines) content += `(${line.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)')}) Tj T*\n`;
  content += 'ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

function crc32(buffer) {
  let c;
  let crc = 0xffffffff;
  for (const byte of buffer) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A blank white greyscale PNG: a picture with no text for OCR to find. */
export function blankPng(width = 400, height = 300) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height, 0xff);
  for (let y = 0; y < height; y += 1) raw[y * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

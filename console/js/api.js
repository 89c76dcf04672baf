// The API client: same origin, `/api/v1`, bearer token, MediClear's envelope (API.md).
// Success → `data`; accepted (202) → `data` with the envelope's `job_id`/`status_url`;
// error → an ApiError carrying the envelope's code, message, details and request id.

export const API = '/api/v1';

export class ApiError extends Error {
  constructor(httpStatus, code, message, details, requestId) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.details = details || {};
    this.requestId = requestId;
  }
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

function errorFrom(response, body) {
  if (body && body.status === 'error' && body.error) {
    const e = body.error;
    return new ApiError(response.status, e.code, e.message, e.details, body.metadata && body.metadata.request_id);
  }
  if (body && body.resourceType === 'OperationOutcome') {
    const issues = (body.issue || []).map((i) => `${(i.expression || []).join(', ') || i.code}: ${i.diagnostics}`);
    return new ApiError(response.status, 'OPERATION_OUTCOME', issues.join('; ') || 'the FHIR server refused the request');
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'the request failed');
}

/**
 * `session` supplies the token and is told when the API says the token is no longer good (401).
 */
export function createApi(session) {
  function headers(extra) {
    const h = { ...extra };
    const token = session.token();
    if (token) h.authorization = `Bearer ${token}`;
    return h;
  }

  async function send(method, path, options = {}) {
    const init = { method, headers: headers(options.headers), signal: options.signal };
    if (options.form) init.body = options.form;
    else if (options.raw !== undefined) init.body = options.raw;
    else if (options.json !== undefined) {
      init.body = JSON.stringify(options.json);
      init.headers['content-type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path.startsWith('/') && !path.startsWith(API) && !options.absolute ? API + path : path, init);
    } catch (cause) {
      if (cause && cause.name === 'AbortError') throw cause;
      throw new ApiError(0, 'NETWORK', 'The console could not reach MediClear. Is mediclear-local running?');
    }
    if (response.status === 401 && !options.anonymous) session.expired();
    return response;
  }

  async function call(method, path, options) {
    const response = await send(method, path, options);
    const body = await readBody(response);
    if (!response.ok) throw errorFrom(response, body);
    if (body && body.status === 'accepted') {
      return { job_id: body.job_id, status_url: body.status_url, message: body.message, ...(body.data || {}) };
    }
    if (body && body.status === 'success') return body.data;
    return body;
  }

  return {
    get: (path, options) => call('GET', path, options),
    post: (path, json, options = {}) => call('POST', path, { ...options, json }),
    put: (path, json, options = {}) => call('PUT', path, { ...options, json }),
    del: (path, options) => call('DELETE', path, options),
    postForm: (path, form, options = {}) => call('POST', path, { ...options, form }),

    /** A FHIR operation: the body is a Bundle (text); the answer is a FHIR resource, not an envelope. */
    async fhir(path, bundleText) {
      const response = await send('POST', path, { raw: bundleText, headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' } });
      const body = await readBody(response);
      if (!response.ok) throw errorFrom(response, body);
      return body;
    },

    /**
     * A chat turn as server-sent events: `token` events ({text}) then one `done` (the answer) or
     * one `error`. Calls onToken(piece) as pieces arrive; resolves with the `done` object.
     */
    async stream(path, json, { onToken, signal } = {}) {
      const response = await send('POST', path, { json, signal, headers: { accept: 'text/event-stream' } });
      if (!response.ok) throw errorFrom(response, await readBody(response));
      const type = response.headers.get('content-type') || '';
      if (!type.includes('text/event-stream')) {
        // A server that answered JSON after all: take the answer whole.
        const body = await readBody(response);
        const answer = body && body.status === 'success' ? body.data : body;
        if (answer && answer.response && onToken) onToken(answer.response);
        return answer;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let done = null;
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (value) buffer += value;
        let cut;
        while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
          const event = parseEvent(block);
          if (!event) continue;
          if (event.name === 'token' && onToken) onToken(event.data && typeof event.data.text === 'string' ? event.data.text : '');
          else if (event.name === 'done') done = event.data;
          else if (event.name === 'error') {
            const e = event.data || {};
            throw new ApiError(e.status || 500, e.code || 'STREAM_ERROR', e.message || 'the answer stopped');
          }
        }
        if (finished) break;
      }
      if (!done) throw new ApiError(0, 'STREAM_ENDED', 'the answer stream ended before the answer was complete');
      return done;
    },
  };
}

function parseEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  const text = data.join('\n');
  try {
    return { name, data: JSON.parse(text) };
  } catch {
    return { name, data: { text } };
  }
}

/** Follows a job until it ends (INDEXED, NEEDS_REVIEW or FAILED), calling onUpdate each time it changes. */
export async function followJob(api, jobId, onUpdate, { signal, interval = 1000, timeoutMs = 10 * 60 * 1000 } = {}) {
  const started = Date.now();
  let last = '';
  for (;;) {
    if (signal && signal.aborted) return null;
    const job = await api.get(`/jobs/${encodeURIComponent(jobId)}`);
    const key = `${job.status}/${job.tier || ''}`;
    if (key !== last) {
      last = key;
      onUpdate(job);
    }
    if (['INDEXED', 'NEEDS_REVIEW', 'FAILED'].includes(job.status)) return job;
    if (Date.now() - started > timeoutMs) return job;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

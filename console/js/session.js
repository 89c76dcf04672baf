// The signed-in session. The bearer token is the only thing the console keeps in the browser
// (sessionStorage, so it ends with the tab); the role and bound ids are read from its claims.

const KEY = 'mediclear.token';
const ROLES = ['admin', 'provider', 'insurer', 'doctor', 'patient'];

function decodeClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')),
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** What the token says about its holder: username, role, bound ids, expiry (ms). */
export function describe(token) {
  const claims = token && decodeClaims(token);
  if (!claims) return null;
  let groups = claims['cognito:groups'] || [];
  if (typeof groups === 'string') groups = groups.split(/[ ,]+/);
  const role = ROLES.find((r) => groups.includes(r)) || null;
  return {
    username: claims['cognito:username'] || claims.username || claims.sub,
    role,
    patientId: claims['custom:patient_id'] || null,
    doctorId: claims['custom:doctor_id'] || null,
    providerId: claims['custom:provider_id'] || null,
    orgId: claims['custom:org_id'] || null,
    expiresAt: claims.exp ? claims.exp * 1000 : null,
  };
}

export class Session {
  constructor(onChange) {
    this.onChange = onChange;
    this.value = null;
    this.reason = null;
    const stored = sessionStorage.getItem(KEY);
    if (stored) this.accept(stored, true);
  }

  token() {
    return this.value ? this.value.token : null;
  }

  who() {
    return this.value;
  }

  /** Takes a token from `/auth/token`; false when it carries no console role. */
  accept(token, quiet = false) {
    const who = describe(token);
    if (!who || !who.role || (who.expiresAt && who.expiresAt < Date.now())) {
      sessionStorage.removeItem(KEY);
      this.value = null;
      return false;
    }
    this.value = { token, ...who };
    this.reason = null;
    sessionStorage.setItem(KEY, token);
    clearTimeout(this.timer);
    if (who.expiresAt) {
      this.timer = setTimeout(() => this.end('Your session has expired. Sign in again.'), Math.max(0, who.expiresAt - Date.now()));
    }
    if (!quiet) this.onChange();
    return true;
  }

  /** The API answered 401: the token is no longer accepted. */
  expired() {
    if (this.value) this.end('Your session has ended (the server no longer accepts the token). Sign in again.');
  }

  end(reason = null) {
    clearTimeout(this.timer);
    sessionStorage.removeItem(KEY);
    this.value = null;
    this.reason = reason;
    this.onChange();
  }
}

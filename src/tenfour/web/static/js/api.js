// HTTP calls to the tenfour API: bearer token, role header, idempotency keys, and errors as
// {status, detail, field} (never a stack trace on screen).
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, detail, field = null, reason = null) {
    super(detail);
    this.status = status; this.detail = detail; this.field = field; this.reason = reason;
  }
}

export function newId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const s = session.load();
  if (s?.token) h.Authorization = `Bearer ${s.token}`;
  if (s?.role) h['X-Tenfour-Role'] = s.role;
  return h;
}

async function errorOf(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const detail = typeof body?.detail === 'string' ? body.detail : `${res.status} ${res.statusText || 'error'}`;
  return new ApiError(res.status, detail, body?.field ?? null, body?.reason ?? null);
}

export async function request(method, path, body) {
  const extra = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (method !== 'GET') extra['Idempotency-Key'] = newId();
  let res;
  try {
    res = await fetch(path, { method, headers: headers(extra), body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network unreachable: not sent, try again');
  }
  if (res.status === 401 && session.load()) { session.clear(); session.toLogin(); }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return null;
  return res.json();
}

export const get = (path) => request('GET', path);
export const post = (path, body = {}) => request('POST', path, body);
export const enc = encodeURIComponent;

export async function login(username, password) {
  const res = await fetch('/api/v1/auth/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  }).catch(() => null);
  if (!res) throw new ApiError(0, 'network unreachable');
  if (!res.ok) throw await errorOf(res);
  return res.json();
}

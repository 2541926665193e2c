// The console's one door to the tenfour API. Every API URL is built here and nowhere else (a
// test greps the other modules for "/api/v1/"); screens call named functions such as
// api.incident(id) or api.dispatch(incident, unit, {...}). One place sends the bearer token and
// the role acted in, encodes JSON, gives every command an idempotency key, and turns any failure
// into an ApiError {status, detail, field, reason} a screen can show (never a stack trace).
import * as session from './session.js';

const V1 = '/api/v1';

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

const enc = encodeURIComponent;

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const s = session.load();
  if (s?.token) h.Authorization = `Bearer ${s.token}`;
  if (s?.role) h['X-Tenfour-Role'] = s.role;
  return h;
}

async function errorOf(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON: the status line says enough */ }
  const detail = typeof body?.detail === 'string' ? body.detail : `${res.status} ${res.statusText || 'error'}`;
  return new ApiError(res.status, detail, body?.field ?? null, body?.reason ?? null);
}

// A frozen server accepts connections and never answers: every request gives up in time.
const HEALTH_TIMEOUT_MS = 2500;
const READ_TIMEOUT_MS = 10000;
export const COMMAND_TIMEOUT_MS = 8000;

function timeoutSignal(ms) {
  const control = new AbortController();
  setTimeout(() => control.abort(), ms);
  return control.signal;
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch {
    if (init?.signal?.aborted && init.method && init.method !== 'GET') {
      throw new ApiError(0, `no answer from the server within ${COMMAND_TIMEOUT_MS / 1000} s: the order may not have been carried out — check the board before giving it again`, null, 'timeout');
    }
    if (init?.signal?.aborted) throw new ApiError(0, 'no answer from the server in time: what is shown may be out of date', null, 'timeout');
    throw new ApiError(0, 'server unreachable: nothing was sent or read, try again');
  }
}

// Orders sent and not yet answered: the header shows them (SENDING n) so a dispatcher knows an
// order is in flight; listeners get the count on every change.
const pendingListeners = new Set();
let inFlight = 0;
export function onPending(fn) { pendingListeners.add(fn); }
function pendingBy(delta) { inFlight += delta; for (const fn of pendingListeners) fn(inFlight); }

async function request(method, path, body) {
  const extra = body === undefined ? {} : { 'Content-Type': 'application/json' };
  const command = method !== 'GET';
  if (command) extra['Idempotency-Key'] = newId();
  const init = { method, headers: headers(extra), body: body === undefined ? undefined : JSON.stringify(body), signal: timeoutSignal(command ? COMMAND_TIMEOUT_MS : READ_TIMEOUT_MS) };
  if (command) pendingBy(1);
  try {
    const res = await send(path, init);
    if (res.status === 401 && session.load()) { session.clear(); session.toLogin(); }
    if (!res.ok) throw await errorOf(res);
    if (res.status === 204) return null;
    return await res.json();
  } finally {
    if (command) pendingBy(-1);
  }
}

const get = (path) => request('GET', path);

// A GET that sends the validator held (`etag`): {notModified: true} when the server says 304,
// else {body, etag} with the new validator. Never served from the browser's cache.
async function getFresh(path, etag) {
  const res = await send(path, { method: 'GET', cache: 'no-store', headers: headers(etag ? { 'If-None-Match': etag } : {}) });
  if (res.status === 401 && session.load()) { session.clear(); session.toLogin(); }
  if (res.status === 304) return { notModified: true, etag };
  if (!res.ok) throw await errorOf(res);
  return { notModified: false, body: await res.json(), etag: res.headers?.get('ETag') || null };
}

// Query text with a list given as the parameter repeated (status=a&status=b); empty ones left out.
function queryOf(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of [v].flat()) if (one !== null && one !== undefined && one !== '') q.append(k, one);
  }
  return q.toString();
}
const post = (path, body = {}) => request('POST', path, body);
const query = (params) => new URLSearchParams(params).toString();
const incidentPath = (id) => `${V1}/incidents/${enc(id)}`;
const unitPath = (unit) => `${V1}/units/${enc(unit)}`;
const only = (fields) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== ''));

// --- Signing in, and the server's state ---------------------------------------------------
export async function login(username, password) {
  const res = await send(`${V1}/auth/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw await errorOf(res);
  return res.json();
}
export const refreshToken = () => post(`${V1}/auth/refresh`);
// Who you are, and the screens, commands and records your role has (the server's policy).
export const me = () => get(`${V1}/me`);

// The journal's head seq from /healthz (no login needed; a 503 while the engine is stopped
// still carries it); throws ApiError when the server is unreachable or does not answer JSON.
export async function headSeq() {
  const res = await send('/healthz', { cache: 'no-store', signal: timeoutSignal(HEALTH_TIMEOUT_MS) });
  try { return (await res.json()).head_seq || 0; } catch { throw await errorOf(res); }
}

// The live stream's address, resuming after `after`.
export function streamUrl(after) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${V1}/stream?${query({ after })}`;
}

// --- Boards and records -------------------------------------------------------------------
export const queue = () => get(`${V1}/queue`);
export const openIncidents = () => get(`${V1}/incidents`);
export const incident = (id) => get(incidentPath(id));
export const timeline = (id) => get(`${incidentPath(id)}/timeline`);
export const units = () => get(`${V1}/units`);
// The unit board unless it is unchanged since `etag` (see getFresh).
export const unitsFresh = (etag = null) => getFresh(`${V1}/units`, etag);
// A window of the open-incident board: params {status, agency, discipline, priority (lists or
// one), area, sort, limit, after (cursor), since (the seq held: only the changes)}; `etag` the
// validator of the window held (a 304 when the board has not changed since). See getFresh.
export const board = (params, etag = null) => getFresh(`${V1}/board/incidents?${queryOf(params)}`, etag);
// Several windows in one request: `asks` a list of board params as above (each with its own
// `since`); the body {seq, windows: [page, ...]}, one ETag for all of them (see getFresh).
export const boardWindows = (asks, etag = null) =>
  getFresh(`${V1}/board/windows?${queryOf({ w: asks.map(queryOf) })}`, etag);
export const unitEta = (unit) => get(`${unitPath(unit)}/eta`);
export const unitTrack = (unit, since, until) => get(`${unitPath(unit)}/track?${query({ since, until })}`);
export const directives = () => get(`${V1}/directives?${query({ all: true })}`);
export const assistanceRequests = () => get(`${V1}/assistance-requests?${query({ all: true })}`);
export const alerts = () => get(`${V1}/alerts`);
export const partnerOutbox = () => get(`${V1}/partners/outbox`);
export const radioTranscription = () => get(`${V1}/radio/transcription`);
export const incidentTypes = () => get(`${V1}/incident-types`);
export const dispositions = () => get(`${V1}/dispositions`);
export const timers = () => get(`${V1}/timers`);
export const unitTransitions = () => get(`${V1}/unit-transitions`);
export const duplicatesNear = (lat, lon) => get(`${V1}/duplicates?${query({ lat, lon })}`);

// --- Geography ----------------------------------------------------------------------------
export const suggestAddresses = (q, limit = 8) => get(`${V1}/geocode/suggest?${query({ q, limit })}`);
export const geocode = (q) => get(`${V1}/geocode?${query({ q })}`);
export const reverseGeocode = (lat, lon) => get(`${V1}/geocode/reverse?${query({ lat, lon })}`);
export const mapInfo = () => get(`${V1}/map/info`);
export const mapStreets = () => get(`${V1}/map/streets`);
export const mapBuildings = () => get(`${V1}/map/buildings`);

// --- Incidents ----------------------------------------------------------------------------
export const createIncident = (body) => post(`${V1}/incidents`, body);
export const addCall = (id, body) => post(`${incidentPath(id)}/calls`, body);
export const addRemark = (id, text) => post(`${incidentPath(id)}/remarks`, { text });
export const strikeRemark = (id, remark, reason, correction = null) =>
  post(`${incidentPath(id)}/remarks/${enc(remark)}/strike`, { reason, ...only({ correction }) });
export const closeIncident = (id, disposition) => post(`${incidentPath(id)}/close`, { disposition });
export const reclassify = (id, typeCode, priority) => post(`${incidentPath(id)}/reclassify`, { type_code: typeCode, priority });
// A corrected location: lat/lon from the geocoder when it found the place (the server decides
// whether it is verified).
export const relocate = (id, address, lat = null, lon = null) => post(`${incidentPath(id)}/relocate`, { address, ...only({ lat, lon }) });
export const linkIncident = (id, other, reason) => post(`${incidentPath(id)}/links`, { other, reason });
export const unlinkIncident = (id, other, reason) => post(`${incidentPath(id)}/unlink`, { other, reason });
export const recommend = (id) => post(`${incidentPath(id)}/recommendation`, {});

// --- Units --------------------------------------------------------------------------------
// Dispatch `unit` to `incident`; reason (for a unit not recommended) and override_reason (under
// a stand-down or hold) only when given.
export const dispatch = (incidentId, unit, { recommended = false, reason = null, override_reason = null } = {}) =>
  post(`${unitPath(unit)}/dispatch`, { incident: incidentId, recommended, ...only({ reason, override_reason }) });
export const markEnRoute = (unit) => post(`${unitPath(unit)}/enroute`, {});
export const markOnScene = (unit) => post(`${unitPath(unit)}/onscene`, {});
export const markTransporting = (unit) => post(`${unitPath(unit)}/transporting`, {});
export const markAtHospital = (unit) => post(`${unitPath(unit)}/at-hospital`, {});
export const clearUnit = (unit, { directive = null, reason = null } = {}) => post(`${unitPath(unit)}/clear`, only({ directive, reason }));
export const setService = (unit, inService, reason = null) => post(`${unitPath(unit)}/service`, { in_service: inService, ...only({ reason }) });
export const reportPosition = (unit, position) => post(`${unitPath(unit)}/position`, position);

// --- Directives and assistance ------------------------------------------------------------
export const issueDirective = (body) => post(`${V1}/directives`, body);
export const liftDirective = (id, reason) => post(`${V1}/directives/${enc(id)}/lift`, { reason });
export const acknowledgeDirective = (id, unit) => post(`${V1}/directives/${enc(id)}/acknowledge`, { unit });
export const answerAssistance = (id, body) => post(`${V1}/assistance-requests/${enc(id)}/answer`, body);

// --- Radio on the record ------------------------------------------------------------------
const radioPath = (id) => `${V1}/radio/transmissions/${enc(id)}`;
// A transmission's audio as a Blob (the token goes in the header, so an <audio> element is fed
// a blob: URL, never the API URL itself); `verified` says whether the bytes still match.
export async function transmissionAudio(id) {
  const res = await send(`${radioPath(id)}/audio`, { method: 'GET', headers: headers({ Accept: 'audio/*' }), signal: timeoutSignal(READ_TIMEOUT_MS) });
  if (res.status === 401 && session.load()) { session.clear(); session.toLogin(); }
  if (!res.ok) throw await errorOf(res);
  return { blob: await res.blob(), verified: res.headers.get('X-Audio-Verified') === 'true' };
}
export const correctTranscript = (id, text, reason) => post(`${radioPath(id)}/corrections`, { text, reason });
export const radioPhrases = (incident) => get(`${V1}/radio/phrases?${query({ incident })}`);
export const confirmPhrase = (id, note = '') => post(`${V1}/radio/phrases/${enc(id)}/confirm`, { note });
export const dismissPhrase = (id, reason) => post(`${V1}/radio/phrases/${enc(id)}/dismiss`, { reason });

// api.js, the console's one door to the API: each named call's method, URL and body, and the
// errors a screen is given to show (never a stack trace, never silence).
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { SRC, installBrowser, jsonResponse } from './browser.mjs';

const api = await import(new URL('api.js', SRC));

let page;
beforeEach(() => { page = installBrowser(); });

const sent = () => page.server.requests.map((r) => [r.method, r.url, r.body]);

test('reads are GETs of the routes the screens need, with names and numbers escaped', async () => {
  await api.me(); await api.queue(); await api.openIncidents(); await api.incident('2026-1/x');
  await api.timeline('2026-1'); await api.units(); await api.unitEta('1A 12'); await api.directives();
  await api.assistanceRequests(); await api.alerts(); await api.partnerOutbox();
  await api.duplicatesNear(60.5, 24.25); await api.suggestAddresses('Mann & co'); await api.geocode('Annankatu 5');
  await api.mapInfo(); await api.mapStreets();
  assert.deepEqual(sent().map(([method, url]) => `${method} ${url}`), [
    'GET /api/v1/me', 'GET /api/v1/queue', 'GET /api/v1/incidents', 'GET /api/v1/incidents/2026-1%2Fx',
    'GET /api/v1/incidents/2026-1/timeline', 'GET /api/v1/units', 'GET /api/v1/units/1A%2012/eta',
    'GET /api/v1/directives?all=true', 'GET /api/v1/assistance-requests?all=true', 'GET /api/v1/alerts',
    'GET /api/v1/partners/outbox', 'GET /api/v1/duplicates?lat=60.5&lon=24.25',
    'GET /api/v1/geocode/suggest?q=Mann+%26+co&limit=8', 'GET /api/v1/geocode?q=Annankatu+5',
    'GET /api/v1/map/info', 'GET /api/v1/map/streets',
  ]);
  assert.ok(page.server.requests.every((r) => r.headers['Idempotency-Key'] === undefined));
});

test('commands are POSTs with only the fields given', async () => {
  await api.dispatch('2026-1', '1A12', { recommended: true });
  await api.dispatch('2026-1', '1A12', { reason: 'closer', override_reason: 'officer down' });
  await api.clearUnit('1A12'); await api.setService('1A12', false, 'flat tyre'); await api.setService('1A12', true);
  await api.strikeRemark('2026-1', 'R2', 'wrong car'); await api.strikeRemark('2026-1', 'R2', 'typo', 'red car');
  await api.liftDirective('DIR1', 'all clear'); await api.acknowledgeDirective('DIR1', '1A12');
  await api.answerAssistance('AR1', { answer: 'declined', reason: 'stand-down' });
  assert.deepEqual(sent(), [
    ['POST', '/api/v1/units/1A12/dispatch', { incident: '2026-1', recommended: true }],
    ['POST', '/api/v1/units/1A12/dispatch', { incident: '2026-1', recommended: false, reason: 'closer', override_reason: 'officer down' }],
    ['POST', '/api/v1/units/1A12/clear', {}],
    ['POST', '/api/v1/units/1A12/service', { in_service: false, reason: 'flat tyre' }],
    ['POST', '/api/v1/units/1A12/service', { in_service: true }],
    ['POST', '/api/v1/incidents/2026-1/remarks/R2/strike', { reason: 'wrong car' }],
    ['POST', '/api/v1/incidents/2026-1/remarks/R2/strike', { reason: 'typo', correction: 'red car' }],
    ['POST', '/api/v1/directives/DIR1/lift', { reason: 'all clear' }],
    ['POST', '/api/v1/directives/DIR1/acknowledge', { unit: '1A12' }],
    ['POST', '/api/v1/assistance-requests/AR1/answer', { answer: 'declined', reason: 'stand-down' }],
  ]);
  const keys = new Set(page.server.requests.map((r) => r.headers['Idempotency-Key']));
  assert.equal(keys.size, page.server.requests.length, 'a fresh idempotency key per command');
});

test('a refusal becomes an ApiError with the server\'s words and the field it names', async () => {
  page.server.answer = () => jsonResponse(422, { detail: 'reason is required', field: 'body.reason', reason: 'invalid' });
  await assert.rejects(api.liftDirective('DIR1', ''), (err) => {
    assert.ok(err instanceof api.ApiError);
    assert.deepEqual([err.status, err.detail, err.field, err.reason], [422, 'reason is required', 'body.reason', 'invalid']);
    return true;
  });
});

test('an answer that is not JSON, or no answer at all, still gives words to show', async () => {
  page.server.answer = () => ({ ok: false, status: 502, statusText: 'Bad Gateway', json: async () => { throw new SyntaxError('<html>'); } });
  await assert.rejects(api.units(), { status: 502, detail: '502 Bad Gateway' });
  page.server.answer = () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(api.units(), { status: 0, detail: /server unreachable/ });
});

test('a 401 ends the session and goes to the login page, back to where the user was', async () => {
  page.server.answer = () => jsonResponse(401, { detail: 'token expired' });
  await assert.rejects(api.queue(), { status: 401, detail: 'token expired' });
  assert.equal(sessionStorage.getItem('tenfour.session'), null);
  assert.deepEqual(location.assigned, ['/console/login?next=%2Fconsole%2Fdispatch']);
});

test('the journal head and the stream address need no login', async () => {
  page.server.head = 41;
  assert.equal(await api.headSeq(), 41);
  assert.equal(page.server.requests[0].headers, undefined);
  page.server.head = null;
  await assert.rejects(api.headSeq(), { status: 0 });
  assert.equal(api.streamUrl(41), 'ws://console.test/api/v1/stream?after=41');
  location.protocol = 'https:';
  assert.equal(api.streamUrl(0), 'wss://console.test/api/v1/stream?after=0');
});

test('an order in flight is counted until answered; one never answered times out in words', async () => {
  const counts = [];
  api.onPending((n) => counts.push(n));
  let answer;
  page.server.answer = () => new Promise((resolve) => { answer = resolve; });
  const order = api.markEnRoute('1A12');
  assert.deepEqual(counts, [1]);
  answer(jsonResponse(200, { events: [] }));
  await order;
  assert.deepEqual(counts, [1, 0]);

  globalThis.fetch = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  const hung = api.markOnScene('1A12').catch((err) => err);
  await page.clock.advance(api.COMMAND_TIMEOUT_MS);
  const err = await hung;
  assert.equal(err.status, 0);
  assert.equal(err.reason, 'timeout');
  assert.match(err.detail, /no answer from the server within 8 s: the order may not have been carried out/);
  assert.deepEqual(counts, [1, 0, 1, 0]);
});

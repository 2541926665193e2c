// The dispatcher's command line (cmdline.js): parse turns a line into a named api.js call, and
// run sends it the way the buttons do (one request, idempotency key, the server's words back).
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { SRC, installBrowser, jsonResponse } from './browser.mjs';

const { parse, run, CommandError, HELP } = await import(new URL('cmdline.js', SRC));
const api = await import(new URL('api.js', SRC));

const SELECTED = '2026-000007';
const call = (line, selected = SELECTED) => {
  const { call: name, args } = parse(line, selected);
  return [name, ...args];
};

test('D dispatches a unit to the named incident, or to the selected one', () => {
  assert.deepEqual(call('D 1a12 2026-000003'), ['dispatch', '2026-000003', '1A12', { reason: null, override_reason: null }]);
  assert.deepEqual(call('d 1A12'), ['dispatch', SELECTED, '1A12', { reason: null, override_reason: null }]);
  assert.deepEqual(call('D 1A12 closer to the scene'), ['dispatch', SELECTED, '1A12', { reason: 'closer to the scene', override_reason: null }]);
  assert.equal(parse('D 1A12 2026-000003', null).label, '1A12 dispatched to 2026-000003');
});

test('DO overrides a stand-down and needs a reason, which covers a unit not recommended too', () => {
  assert.deepEqual(call('DO 1A12 2026-000003 officer down'),
    ['dispatch', '2026-000003', '1A12', { reason: 'officer down', override_reason: 'officer down' }]);
  assert.match(parse('DO 1A12 officer down', SELECTED).label, /\(override\)$/);
  assert.throws(() => parse('DO 1A12 2026-000003', SELECTED), { name: 'Error', message: /override reason missing/ });
});

test('unit status orders name the unit, upper-cased', () => {
  assert.deepEqual(call('ER 2b21'), ['markEnRoute', '2B21']);
  assert.deepEqual(call('OS 2B21'), ['markOnScene', '2B21']);
  assert.deepEqual(call('OOS 2B21 flat tyre'), ['setService', '2B21', false, 'flat tyre']);
  assert.deepEqual(call('OOS 2B21'), ['setService', '2B21', false, null]);
  assert.deepEqual(call('IS 2B21'), ['setService', '2B21', true]);
});

test('CL clears a unit, citing a directive and a reason when given', () => {
  assert.deepEqual(call('CL 2B21'), ['clearUnit', '2B21', { directive: null, reason: null }]);
  assert.deepEqual(call('CL 2B21 dir3 stood down'), ['clearUnit', '2B21', { directive: 'DIR3', reason: 'stood down' }]);
  assert.equal(parse('CL 2B21 DIR3', null).label, '2B21 cleared per DIR3');
});

test('R adds a remark to the named or the selected incident; I selects an incident', () => {
  assert.deepEqual(call('R 2026-000003 caller hung up'), ['addRemark', '2026-000003', 'caller hung up']);
  assert.deepEqual(call('r   smoke  seen '), ['addRemark', SELECTED, 'smoke seen']);
  assert.deepEqual(parse('I 2026-000003', null), { select: '2026-000003' });
});

test('bad lines are refused with what is missing and the help text', () => {
  const refused = (line, selected, message) => assert.throws(() => parse(line, selected), (err) => {
    assert.ok(err instanceof CommandError);
    assert.match(err.message, message);
    assert.ok(err.message.includes(HELP));
    return true;
  });
  refused('', SELECTED, /^D unit/);
  refused('   ', SELECTED, /^D unit/);
  refused('D', SELECTED, /unit missing/);
  refused('D 1A12', null, /incident missing/);
  refused('R', null, /incident missing/);
  refused('R 2026-000003', null, /remark text missing/);
  refused('I', null, /incident missing/);
  refused('XYZ 1A12', SELECTED, /unknown command XYZ/);
});

test('every order parse makes names a call api.js has', () => {
  for (const line of ['D 1A12', 'DO 1A12 x', 'ER 1A12', 'OS 1A12', 'CL 1A12', 'R x', 'OOS 1A12', 'IS 1A12']) {
    assert.equal(typeof api[parse(line, SELECTED).call], 'function', line);
  }
});

let page;
beforeEach(() => { page = installBrowser(); });

test('run sends one POST with the token, the role and a fresh idempotency key', async () => {
  const res = await run('D 1A12 2026-000003', null);
  assert.deepEqual(res, { ok: true, text: '✔ 1A12 dispatched to 2026-000003' });
  const [sent] = page.server.requests;
  assert.equal(sent.method, 'POST');
  assert.equal(sent.url, '/api/v1/units/1A12/dispatch');
  assert.deepEqual(sent.body, { incident: '2026-000003', recommended: false });
  assert.equal(sent.headers.Authorization, 'Bearer tok-1');
  assert.equal(sent.headers['X-Tenfour-Role'], 'dispatcher');
  assert.match(sent.headers['Idempotency-Key'], /^[0-9a-f-]{32,36}$/);
  await run('ER 1A12', null);
  assert.notEqual(page.server.requests[1].headers['Idempotency-Key'], sent.headers['Idempotency-Key']);
});

test('run shows the server refusal in its own words and never throws', async () => {
  page.server.answer = () => jsonResponse(409, { detail: 'stand-down DIR1 in force: override with a reason', reason: 'conflict' });
  assert.deepEqual(await run('D 1A12 2026-000003', null), { ok: false, text: '✖ stand-down DIR1 in force: override with a reason' });
  page.server.answer = () => { throw new TypeError('Failed to fetch'); };
  const offline = await run('OS 1A12', null);
  assert.equal(offline.ok, false);
  assert.match(offline.text, /unreachable/);
  assert.deepEqual(await run('Q', null), { ok: false, text: `unknown command Q — ${HELP}` });
});

test('run of I selects without calling the server', async () => {
  assert.deepEqual(await run('I 2026-000003', null), { ok: true, text: 'incident 2026-000003', select: '2026-000003' });
  assert.deepEqual(page.server.requests, []);
});

test('unit and incident names are escaped into the URL', async () => {
  await run('CL 1A/12 DIR2', null);
  await run('R 2026-000003 a?b', null);
  assert.deepEqual(page.server.requests.map((r) => r.url), ['/api/v1/units/1A%2F12/clear', '/api/v1/incidents/2026-000003/remarks']);
  assert.deepEqual(page.server.requests[0].body, { directive: 'DIR2' });
});

test('the life cycle from the keyboard: close, cancel, priority, relocate, link, transport', async () => {
  const { rememberType } = await import(new URL('cmdline.js', SRC));
  assert.deepEqual(call('C report_taken'), ['closeIncident', SELECTED, 'report_taken']);
  assert.deepEqual(call('c 2026-000003 False_Alarm'), ['closeIncident', '2026-000003', 'false_alarm']);
  assert.deepEqual(call('CAN'), ['closeIncident', SELECTED, 'cancelled']);
  assert.throws(() => parse('C', SELECTED), /disposition missing/);
  rememberType(SELECTED, 'assault');
  assert.deepEqual(call('P 1'), ['reclassify', SELECTED, 'assault', 1]);
  assert.deepEqual(call('P 2026-000003 2 burglary'), ['reclassify', '2026-000003', 'burglary', 2]);
  assert.throws(() => parse('P 2026-000099 2', SELECTED), /type missing/);
  assert.throws(() => parse('P high', SELECTED), /priority must be a number/);
  assert.deepEqual(call('RL Annankatu 5'), ['relocateTo', SELECTED, 'Annankatu 5']);
  assert.deepEqual(call('LK 2026-000003 same crowd'), ['linkIncident', SELECTED, '2026-000003', 'same crowd']);
  assert.deepEqual(call('LK 2026-000001 2026-000003 same crowd'), ['linkIncident', '2026-000001', '2026-000003', 'same crowd']);
  assert.deepEqual(call('UL 2026-000003 two crowds'), ['unlinkIncident', SELECTED, '2026-000003', 'two crowds']);
  assert.deepEqual(call('TR 5M1'), ['markTransporting', '5M1']);
  assert.deepEqual(call('AH 5m1'), ['markAtHospital', '5M1']);
});

// alerts.js: which events alert, per-position settings, the tab title.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SRC } from './browser.mjs';

const { Settings, alertOf, titleWith } = await import(new URL('alerts.js', SRC));

const ev = (type, payload) => ({ seq: 1, type, payload, actor: { user: 'ct1' } });

test('P1 and P2 calls, directives, refusals and partner requests alert; the rest do not', () => {
  assert.equal(alertOf(ev('IncidentCreated', { incident: 'I1', priority: 1, type_code: 'assault', address: 'A 1' })).level, 'high');
  assert.equal(alertOf(ev('IncidentCreated', { incident: 'I1', priority: 2, type_code: 'assault', address: 'A 1' })).kind, 'call');
  assert.equal(alertOf(ev('IncidentCreated', { incident: 'I1', priority: 3, type_code: 'noise', address: 'A 1' })), null);
  assert.match(alertOf(ev('DirectiveIssued', { directive: 'DIR1', kind: 'stand_down', reason: 'crowd' })).text, /STAND DOWN DIR1: crowd/);
  assert.equal(alertOf(ev('DispatchRefused', { unit: '1A12', incident: 'I1', directive: 'DIR1', reason: 'x' })).kind, 'refusal');
  assert.equal(alertOf(ev('AssistanceRequested', { from_agency: 'FED', to_agency: 'MPD', what: 'k9', where: 'A', incident: 'I1' })).kind, 'request');
  assert.equal(alertOf(ev('RemarkAdded', { incident: 'I1' })), null);
});

test('settings are per position and remembered', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const s = new Settings('dispatch', storage);
  assert.ok(s.sound && s.kinds.call);
  s.kinds.call = false; s.sound = false; s.save();
  const again = new Settings('dispatch', storage);
  assert.equal(again.wants({ kind: 'call' }), false);
  assert.equal(again.wants({ kind: 'directive' }), true);
  assert.equal(again.sound, false);
  assert.equal(new Settings('calltaker', storage).wants({ kind: 'call' }), true, 'another position');
  assert.equal(titleWith('Dispatch · tenfour', 2), '(2) ⚠ Dispatch · tenfour');
  assert.equal(titleWith('Dispatch · tenfour', 0), 'Dispatch · tenfour');
});

// Which boards are stale (freshness.js): a failed refresh marks a board until a good one, and
// the header says LIVE only when the stream is up and no board is stale.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SRC } from './browser.mjs';

const { Freshness, badge, messageOf } = await import(new URL('freshness.js', SRC));

test('a failure marks the board until its next good refresh, and says so only once', () => {
  const f = new Freshness();
  assert.equal(f.failed('units', { status: 0, detail: 'server unreachable' }), true);
  assert.equal(f.failed('units', { status: 500, detail: 'boom' }), false, 'already stale: no second notice');
  assert.equal(f.message('units'), 'boom');
  assert.deepEqual(f.stale, ['units']);
  assert.equal(f.succeeded('queue'), false);
  assert.equal(f.succeeded('units'), true);
  assert.deepEqual(f.stale, []);
  assert.equal(f.message('units'), null);
});

test('a refusal names the role as the reason', () => {
  assert.equal(messageOf({ status: 403, detail: 'role unit may not read this' }), 'not allowed for your role: role unit may not read this');
  assert.equal(messageOf(new Error('bad JSON')), 'bad JSON');
});

test('the badge is LIVE only when the stream is online and every board is current', () => {
  assert.deepEqual(badge('online', []), { state: 'online', text: 'LIVE', title: '' });
  assert.deepEqual(badge('online', ['units', 'alerts']), { state: 'stale', text: 'STALE', title: 'not current: units, alerts' });
  assert.equal(badge('offline', ['units']).text, 'OFFLINE');
  assert.equal(badge('connecting', []).text, 'CONNECTING');
});

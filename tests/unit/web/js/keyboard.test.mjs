// keyboard.js: recommendation keys in ETA order without busy units; command-line history.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SRC, installBrowser } from './browser.mjs';

const { History, pickOrder } = await import(new URL('keyboard.js', SRC));

test('keys follow ETA (fastest first, unknown last) and assigned units leave the list', () => {
  const picks = [
    { unit: '1A10', eta_s: 154, slot: 'supervisor' },
    { unit: '1A12', eta_s: 72, slot: 'patrol' },
    { unit: '1A13', eta_s: null, slot: 'patrol' },
    { unit: '1A14', eta_s: 90, slot: 'patrol' },
  ];
  assert.deepEqual(pickOrder(picks).map((p) => p.unit), ['1A12', '1A14', '1A10', '1A13']);
  const status = new Map([['1A12', 'dispatched'], ['1A14', 'available']]);
  assert.deepEqual(pickOrder(picks, status).map((p) => p.unit), ['1A14', '1A10', '1A13']);
});

test('history walks back and forth, skips repeats, and is kept per tab', () => {
  installBrowser();
  const h = new History();
  h.add('D 1A12'); h.add('D 1A12'); h.add('ER 1A12'); h.add('  ');
  assert.equal(h.step(-1), 'ER 1A12');
  assert.equal(h.step(-1), 'D 1A12');
  assert.equal(h.step(-1), 'D 1A12', 'stops at the oldest');
  assert.equal(h.step(1), 'ER 1A12');
  assert.equal(h.step(1), '', 'past the newest: an empty line');
  assert.deepEqual(new History().lines, ['D 1A12', 'ER 1A12']);
});

// filters.js: every word must match the row's search text.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SRC } from './browser.mjs';

const { matches, searchText } = await import(new URL('filters.js', SRC));

test('every word typed must appear: priority as p1, type, address, agency, status', () => {
  const text = searchText({ id: '2026-000012', priority: 1, type_code: 'structure_fire', address: 'Kalevankatu 3', agency: 'FD', status: 'pending' });
  assert.ok(matches(text, 'p1 fire'));
  assert.ok(matches(text, 'FD  kalevankatu'));
  assert.ok(matches(text, ''));
  assert.ok(!matches(text, 'p2 fire'));
  assert.ok(!matches(text, 'fire MPD'));
});

// tracks.js: where a unit was at a moment of its track (for the incident view's playback).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SRC } from './browser.mjs';

const { positionAt } = await import(new URL('tracks.js', SRC));

test('the last point at or before the moment, none before the first', () => {
  const points = ['10:00:00', '10:00:10', '10:00:20'].map((t, n) => ({ at: `2026-11-30T${t}Z`, lat: n, lon: n }));
  const at = (t) => Date.parse(`2026-11-30T${t}Z`);
  assert.equal(positionAt(points, at('09:59:59')), null);
  assert.equal(positionAt(points, at('10:00:00')).lat, 0);
  assert.equal(positionAt(points, at('10:00:15')).lat, 1);
  assert.equal(positionAt(points, at('11:00:00')).lat, 2);
});

// cluster.js: points within the radius of a seed gather with it, across grid cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SRC } from './browser.mjs';

const { RADIUS, clusterPoints } = await import(new URL('cluster.js', SRC));

test('points near a seed gather with it, even across a cell edge; a far one stays alone', () => {
  const pts = [{ id: 'a', x: RADIUS - 1, y: 1 }, { id: 'b', x: RADIUS + 5, y: 2 }, { id: 'c', x: 10, y: 20 }, { id: 'd', x: 5 * RADIUS, y: 1 }];
  assert.deepEqual(clusterPoints(pts).map((g) => g.map((p) => p.id)), [['a', 'c', 'b'], ['d']]);
  assert.deepEqual(clusterPoints([]), []);
});

// timers.js: the agency's thresholds per row; a status without one never alarms.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SRC, installBrowser } from './browser.mjs';

installBrowser();
const { incidentTimer, setTimers, unitTimer } = await import(new URL('timers.js', SRC));

test('thresholds by unit status and by pending priority; none for an available unit', () => {
  assert.equal(unitTimer('dispatched'), undefined, 'not loaded: the old defaults apply');
  setTimers({
    units: { dispatched: { warn_s: 60, late_s: 120, why: 'not en route' } },
    pending: { 1: { warn_s: 60, late_s: 120 }, 3: { warn_s: 600, late_s: 1200 } },
    incidents: { cleared: { warn_s: 1800, late_s: 3600 } },
  });
  assert.equal(unitTimer('dispatched').warn_s, 60);
  assert.equal(unitTimer('available'), null);
  assert.equal(incidentTimer('pending', 3).warn_s, 600);
  assert.equal(incidentTimer('pending', 5), null);
  assert.equal(incidentTimer('cleared', 1).late_s, 3600);
  assert.equal(incidentTimer('onscene', 1), null);
});

test('a unit en route is timed against the ETA it was dispatched with', () => {
  const eta = { warn_over_s: 0, late_over_s: 60, late_share: 0.5, why: 'en route past its ETA' };
  setTimers({ units: { enroute: { warn_s: 480, late_s: 720, why: 'long drive' } }, pending: {}, incidents: {}, eta });
  assert.equal(unitTimer('enroute').warn_s, 480, 'no ETA: the fixed threshold');
  const t = unitTimer('enroute', 72);
  assert.deepEqual([t.warn_s, t.late_s], [72, 132]);
  assert.match(t.why, /past its ETA/);
  assert.equal(unitTimer('enroute', 400).late_s, 600, 'half as late again');
  assert.equal(unitTimer('dispatched', 72), null, 'only en route follows the ETA');
  setTimers({ units: { enroute: { warn_s: 480, late_s: 720 } }, pending: {}, incidents: {}, eta: { ...eta, warn_over_s: 30, late_over_s: 300 } });
  assert.deepEqual([unitTimer('enroute', 72).warn_s, unitTimer('enroute', 72).late_s], [102, 402], "the agency's rule");
  setTimers({ units: { enroute: { warn_s: 480, late_s: 720 } }, pending: {}, incidents: {}, eta: null });
  assert.equal(unitTimer('enroute', 72).warn_s, 480, 'an agency with no ETA rule: the status timer');
});

// Status timers from the agency's configuration (GET /timers): when a unit's or an incident's
// time in its state turns amber and red. The server says which thresholds apply (a status with
// none never alarms); this module only looks them up for a row and builds the ticking cell.
import * as api from './api.js';
import { ageCell, fmtDuration } from './ui.js';

let table = null;

export async function loadTimers() { table = await api.timers(); return table; }
export function setTimers(t) { table = t; } // for tests

const opts = (t) => (t ? { warn: t.warn_s, late: t.late_s, why: t.why } : { calm: true });

// Thresholds for a unit in `status`, or null (no alarm). Without the table: the old defaults.
// A unit en route with the drive time it was dispatched with (`etaS`, the recommendation's) is
// timed against that ETA by the agency's rule (`eta` of GET /timers): amber `warn_over_s` after
// it, red once late by the larger of `late_over_s` and `late_share` of the ETA.
export function unitTimer(status, etaS = null) {
  if (!table) return undefined;
  const t = table.units[status] ?? null;
  const rule = table.eta;
  if (status !== 'enroute' || !t || !rule || !(etaS > 0)) return t;
  const warn = Math.round(etaS + rule.warn_over_s);
  const late = warn + Math.round(Math.max(rule.late_over_s, etaS * rule.late_share));
  return { warn_s: warn, late_s: late, why: `${rule.why} (${fmtDuration(etaS)} by road)` };
}

// Thresholds for an open incident: its priority's target while pending, else its state's.
export function incidentTimer(status, priority) {
  if (!table) return undefined;
  return (status === 'pending' ? table.pending[String(priority)] : table.incidents[status]) ?? null;
}

// The ticking time cell for a thresholds lookup (undefined: the table failed to load).
export function timerCell(iso, t) { return t === undefined ? ageCell(iso) : ageCell(iso, opts(t)); }

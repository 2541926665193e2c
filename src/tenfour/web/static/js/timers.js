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
// timed against that ETA: amber once past it, red once half as late again (at least a minute).
export function unitTimer(status, etaS = null) {
  if (!table) return undefined;
  const t = table.units[status] ?? null;
  if (status !== 'enroute' || !t || !(etaS > 0)) return t;
  const warn = Math.round(etaS);
  return { warn_s: warn, late_s: warn + Math.max(60, Math.round(etaS / 2)), why: `en route past its ETA (${fmtDuration(etaS)} by road)` };
}

// Thresholds for an open incident: its priority's target while pending, else its state's.
export function incidentTimer(status, priority) {
  if (!table) return undefined;
  return (status === 'pending' ? table.pending[String(priority)] : table.incidents[status]) ?? null;
}

// The ticking time cell for a thresholds lookup (undefined: the table failed to load).
export function timerCell(iso, t) { return t === undefined ? ageCell(iso) : ageCell(iso, opts(t)); }

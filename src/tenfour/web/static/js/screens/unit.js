// A field unit's phone: the assigned incident, directives to acknowledge, big status buttons,
// the ETA, and AVL positions from the device's location while it is allowed.
import * as api from '../api.js';
import { board, boot, debounce, me, onEvents } from '../shell.js';
import { $, $$, el, fmtDuration, fmtTime, notify, replace, status } from '../ui.js';

let unit = null; let incident = null; let eta = null; let etaProblem = null; let transitions = null; let holding = null;
const out = () => $('.field-error[data-for="_form"]');

async function findEta() {
  // Drive time by road from the unit's last AVL position to its incident (server-side route).
  // No ETA is not a stale screen (no position yet, no road): the ETA line says why instead.
  etaProblem = null;
  try {
    const r = await api.unitEta(me.unit);
    return { at: Date.now() + r.seconds * 1000, eta_s: r.seconds, meters: r.meters };
  } catch (err) { etaProblem = err.detail; return null; }
}

// No ETA once there (on scene or later), nor while a stand-down or hold is in force on the incident.
const ARRIVED = new Set(['onscene', 'transporting', 'atHospital']);
function etaText() {
  if (holding) return `${holding.kind.replace('_', ' ').toUpperCase()} in force — do not proceed`;
  if (ARRIVED.has(unit?.status)) return '';
  if (!eta) return etaProblem ? `ETA — (${etaProblem})` : 'ETA —';
  const left = Math.round((eta.at - Date.now()) / 1000);
  return left > 0 ? `ETA ${fmtDuration(left)} (${new Date(eta.at).toISOString().slice(11, 16)}Z)` : `ETA ${fmtDuration(eta.eta_s)} — due`;
}

function renderIncident(d) {
  if (!d) { replace($('#unit-incident'), el('p', { class: 'muted', text: 'No assigned incident.' })); return; }
  // Navigation in the phone's own map app (a geo: link: no map service is contacted from here).
  const nav = d.lat != null && d.lon != null
    ? el('a', { class: 'btn nav-link', href: `geo:${d.lat},${d.lon}?q=${d.lat},${d.lon}(${encodeURIComponent(d.address)})` }, 'NAVIGATE') : null;
  replace($('#unit-incident'), el('div', { class: 'muted', text: `${d.id} · P${d.priority} · ${d.type_code}` }),
    el('div', { class: 'addr', text: d.address }), nav, el('div', { class: `eta${holding ? ' eta-hold' : ''}`, id: 'eta', text: etaText() }),
    el('div', { class: 'muted', text: d.remarks.filter((r) => !r.struck).slice(-3).map((r) => r.text).join(' / ') }));
}

function directiveCard(x) {
  const acked = Boolean(x.acks[me.unit]);
  // Green only once it no longer binds: acknowledged but still in force stays red.
  const card = el('div', { class: `unit-dir ${acked && !x.in_force ? 'acked' : ''} ${x.in_force ? 'in-force' : 'lifted'}`, dataset: { directive: x.id } },
    el('div', {}, el('b', { text: `${x.kind.replace('_', ' ').toUpperCase()} — ${x.reason}` })),
    x.message ? el('div', { text: x.message }) : null,
    el('div', { class: 'muted', text: `${x.id} · ${x.issuer} (${x.role}${x.authority ? `, ${x.authority}` : ''}) · ${fmtTime(x.issued_at)}${x.incident ? ` · ${x.incident}` : ''}` }),
    x.in_force ? null : el('div', { class: 'lifted-note', text: 'LIFTED — no longer in force' }),
    acked ? el('div', { text: `✔ Acknowledged ${fmtTime(x.acks[me.unit])}${x.in_force ? ' — still in force' : ''}` })
      : el('button', { type: 'button', class: 'btn', onclick: () => acknowledge(x.id) }, 'ACKNOWLEDGE'));
  return card;
}

async function acknowledge(id) {
  out().textContent = '';
  try { await api.acknowledgeDirective(id, me.unit); } catch (err) { out().textContent = err.detail; }
}

async function render() {
  const units = await api.units();
  unit = units.find((u) => u.id === me.unit) || null;
  replace($('#unit-head'), el('span', { text: me.unit || 'no unit' }), unit ? status(unit.status) : el('span', { class: 'muted', text: 'unknown unit' }));
  incident = unit?.incident || null;
  const directives = (await api.directives()).filter((x) => x.notified_units.includes(me.unit) || (x.in_force && x.incident && x.incident === incident));
  holding = directives.find((x) => x.in_force && x.incident && x.incident === incident && (x.kind === 'stand_down' || x.kind === 'hold')) || null;
  eta = incident && !holding && !ARRIVED.has(unit?.status) ? await findEta() : null;
  renderIncident(incident ? await api.incident(incident) : null);
  // In force, or not yet acknowledged, or lifted on the incident the unit is on (it is told so).
  const shown = directives.filter((x) => x.in_force || !x.acks[me.unit] || (incident && x.incident === incident));
  replace($('#unit-directives'), shown.map(directiveCard));
  const oos = unit?.status === 'outOfService';
  const b = $('[data-status="oos"]'); b.textContent = oos ? 'IN SERVICE' : 'OUT OF SERVICE';
  enableButtons();
}

// Only the changes the domain allows from the unit's status are enabled (GET /unit-transitions).
const TARGET = { enroute: 'enroute', onscene: 'onscene', transporting: 'transporting', atHospital: 'atHospital', clear: 'available' };
function enableButtons() {
  const next = transitions && unit ? transitions[unit.status] || [] : null;
  for (const btn of $$('.status-buttons .big')) {
    const s = btn.dataset.status;
    if (!next) { btn.disabled = false; continue; } // table not loaded: the server still decides
    if (s === 'oos') btn.disabled = !(unit.status === 'available' || unit.status === 'outOfService');
    else btn.disabled = !next.includes(TARGET[s]) || (s === 'clear' && unit.status === 'outOfService');
  }
}

const PRESSES = {
  enroute: () => api.markEnRoute(me.unit),
  onscene: () => api.markOnScene(me.unit),
  transporting: () => api.markTransporting(me.unit),
  atHospital: () => api.markAtHospital(me.unit),
  clear: () => api.clearUnit(me.unit),
  oos: () => api.setService(me.unit, unit?.status === 'outOfService'),
};
async function press(ev) {
  const s = ev.currentTarget.dataset.status; out().textContent = '';
  try { await PRESSES[s](); } catch (err) { out().textContent = err.detail; }
}

function avl() {
  if (!navigator.geolocation || !me.unit) return;
  let last = 0; let failing = false;
  // Say once when positions stop reaching dispatch (and once when they do again), not per fix.
  const report = (ok, text) => { if (ok === !failing) return; failing = !ok; notify(text); };
  navigator.geolocation.watchPosition((pos) => {
    if (Date.now() - last < 2000) return;
    last = Date.now();
    const c = pos.coords;
    api.reportPosition(me.unit, { lat: c.latitude, lon: c.longitude,
      ...(c.heading != null && !Number.isNaN(c.heading) && { heading: c.heading }), ...(c.speed != null && { speed_kmh: c.speed * 3.6 }) })
      .then(() => report(true, 'Position reports reach dispatch again.'), (err) => report(false, `Position not sent to dispatch: ${err.detail}`));
  }, (err) => notify(`No position from this device: ${err.message}`), { enableHighAccuracy: true, maximumAge: 5000 });
}

// The whole phone is one board: a failed refresh marks it STALE until one succeeds.
const show = board('unit screen', () => $('.unit-view'), render);
const refresh = debounce(show, 100);
onEvents((events) => {
  if (events.some((e) => e.type !== 'UnitMoved' && (e.payload?.unit === me.unit || e.payload?.incident === incident || e.type.startsWith('Directive') || e.type === 'RemarkAdded'))) refresh();
});

boot(async () => {
  for (const b of $$('.status-buttons .big')) b.addEventListener('click', press);
  transitions = await api.unitTransitions().catch((err) => { notify(`Status buttons: ${err.detail}`); return null; });
  setInterval(() => { const e = $('#eta'); if (e) e.textContent = etaText(); }, 1000);
  await show();
  avl();
}, { screen: 'unit' });

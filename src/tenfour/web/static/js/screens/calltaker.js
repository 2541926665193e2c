// The call taker: new call form with address autocomplete, duplicate proposals before saving
// (link in one action), and the incident just taken with its bulletin and hazard hits, live.
import * as api from '../api.js';
import { board, boot, debounce, onEvents } from '../shell.js';
import { $, ageCell, clearErrors, el, fmtAge, notify, panelOf, prio, replace, showError, status } from '../ui.js';
import { AddressField } from '../geocomplete.js';
import { banner, head, hits, incidentHref } from '../incident_widgets.js';
import { flags, relocateTo } from '../lifecycle.js';
import { DispatchMap } from '../map.js';

const form = $('#call-form');
let current = null; let address = null; let ctMap = null;

function callFields() {
  const f = form.elements;
  return { ani: f.ani.value.trim(), ali: f.ali.value.trim(), caller_name: f.caller_name.value.trim() };
}

async function duplicates(loc) {
  if (loc) { ctMap?.mark(loc.lat, loc.lon); ctMap?.focus(loc.lat, loc.lon); }
  const box = $('#duplicates');
  if (!loc) { box.hidden = true; return; }
  let res; try { res = await api.duplicatesNear(loc.lat, loc.lon); } catch (err) {
    box.hidden = false; replace(box, el('p', { class: 'field-error', role: 'alert', text: `Could not check for a duplicate incident: ${err.detail}` })); return;
  }
  box.hidden = res.proposals.length === 0;
  replace(box, el('h3', { text: `Possible duplicate (within ${res.radius_m} m and ${Math.round(res.window_s / 60)} min)` }),
    ...res.proposals.map((p) => el('div', { class: 'inline-form dupe', dataset: { incident: p.incident } },
      el('span', {}, el('b', { class: 'mono', text: p.incident }), ` ${p.type_code} `, prio(p.priority), ` ${p.address} — `,
        el('b', { text: `${Math.round(p.distance_m)} m` }), ', ', el('b', { text: `${fmtAge(new Date(Date.now() - p.age_s * 1000).toISOString())} ago` })),
      el('button', { type: 'button', class: 'btn btn-primary', onclick: () => link(p.incident) }, `Link call to ${p.incident}`))));
}

async function link(incident) {
  clearErrors(form);
  const body = { ...callFields(), narrative: form.elements.narrative.value.trim(), duplicate: true };
  try { await api.addCall(incident, body); } catch (err) { showError(form, err); return; }
  resetForm(); setCurrent(incident);
}

// A possible duplicate on screen: the first Create only points at it (link the call, or press
// Create again to open a new incident anyway) - two P1s at one address are not made by accident.
let dupeWarned = false;

async function create(ev) {
  ev.preventDefault(); clearErrors(form);
  const box = $('#duplicates');
  if (!box.hidden && $('.dupe', box) && !dupeWarned) {
    dupeWarned = true;
    $('.field-error[data-for="_form"]', form).textContent = 'Possible duplicate above: link the call to it, or press Create again to open a new incident anyway.';
    box.classList.add('dupes-warn');
    $('.dupe button', box)?.focus();
    return;
  }
  dupeWarned = false; box.classList.remove('dupes-warn');
  const f = form.elements;
  const loc = address.location;
  const body = { ...callFields(), type_code: f.type_code.value.trim(), priority: Number(f.priority.value),
    address: f.address.value.trim(), narrative: approximateNote(loc, f.narrative.value.trim()),
    ...(loc && { lat: loc.lat, lon: loc.lon, verified: loc.verified }) };
  let out; try { out = await api.createIncident(body); } catch (err) { showError(form, err); return; }
  const created = out.events.find((e) => e.type === 'IncidentCreated');
  resetForm(); setCurrent(created?.payload.incident);
}

// An approximate position goes on the record in words, for the dispatcher and the crew.
function approximateNote(loc, narrative) {
  if (!loc?.approximate) return narrative;
  const note = `LOCATION APPROXIMATE: "${loc.address}" is not a known address; placed at ${loc.approximate}.`;
  return narrative ? `${note} ${narrative}` : note;
}

function resetForm() { dupeWarned = false; form.reset(); address.setLocation(null); $('#duplicates').hidden = true; clearErrors(form); form.elements.ani.focus(); }

function setCurrent(id) { current = id; $('#remark-form').hidden = !id; showCurrent(); }

async function renderCurrent() {
  if (!current) return;
  let d; try { d = await api.incident(current); } catch (err) {
    // Another incident's header must not stay up as if it were this one's.
    if ($('#current').dataset.incident !== current) replace($('#current'), el('p', { class: 'field-error', text: err.detail }));
    throw err;
  }
  const b = el('div', { class: 'directive-banner', role: 'alert' }); banner(b, d.directives);
  $('#current').dataset.incident = d.id;
  // No position: said at once, with the control to put it right (dispatch needs one).
  const lost = d.lat == null || d.lon == null;
  replace($('#current'), b, el('div', { class: 'inc-head' }, ...head(d), ...flags(d)),
    lost ? el('p', { class: 'field-error', role: 'alert', text: 'No position for this address: units cannot be sent until it is relocated.' }) : null,
    lost ? relocateForm(d) : null,
    el('p', {}, el('a', { href: incidentHref(d.id), target: '_blank' }, 'Open incident view')));
  replace($('#hits'), hits(d));
}

function relocateForm(d) {
  const input = el('input', { id: 'ct-relocate', autocomplete: 'off', value: d.address, 'aria-label': 'Corrected address' });
  const error = el('span', { class: 'field-error' });
  return el('form', { class: 'inline-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault(); error.textContent = '';
    try { await relocateTo(d.id, input.value.trim()); } catch (err) { error.textContent = err.detail; }
  } }, input, el('button', { type: 'submit', class: 'btn btn-primary' }, 'Relocate'), error);
}

async function renderRecent() {
  const list = await api.openIncidents();
  ctMap?.setIncidents(list); // what is already open near a new call
  replace($('#recent'), list.map((i) => el('tr', { dataset: { id: i.id } }, el('td', { class: 'mono' }, el('a', { href: incidentHref(i.id), target: '_blank' }, i.id)),
    el('td', {}, prio(i.priority)), el('td', { text: i.type_code }), el('td', {}, i.address, ...flags(i)),
    el('td', {}, status(i.status), i.directives_in_force.length ? el('span', { class: 'badge badge-bad', title: i.directives_in_force.join(', '), text: 'DIRECTIVE' }) : null), ageCell(i.created_at))));
}

async function remark(ev) {
  ev.preventDefault();
  const rf = $('#remark-form'); clearErrors(rf);
  try { await api.addRemark(current, rf.elements.text.value.trim()); } catch (err) { showError(rf, err, 'text'); return; }
  rf.reset();
}

// Boards: each marks its panel STALE when a refresh fails, until one succeeds.
const showRecent = board('open incidents', () => panelOf('#recent'), renderRecent);
const showCurrent = board('current incident', () => panelOf('#current'), renderCurrent);
const refreshRecent = debounce(showRecent, 250);
const refreshCurrent = debounce(showCurrent, 100);
onEvents((events) => {
  if (events.some((e) => e.type !== 'UnitMoved')) refreshRecent();
  if (current && events.some((e) => e.payload?.incident === current)) refreshCurrent();
});

boot(async () => {
  address = new AddressField($('#address'), $('#address-list'), $('#verified'), duplicates,
    (err) => { $('.field-error[data-for="address"]', form).textContent = err ? `Address lookup failed: ${err.detail}` : ''; });
  form.addEventListener('submit', create);
  // Priority follows the type: its default from the vocabulary (the call taker may change it).
  form.elements.type_code.addEventListener('change', () => {
    const opt = $(`#types option[value="${CSS.escape(form.elements.type_code.value.trim())}"]`);
    if (opt?.dataset.priority) form.elements.priority.value = opt.dataset.priority;
  });
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && ev.ctrlKey) create(ev); });
  form.addEventListener('reset', () => setTimeout(() => { address.setLocation(null); $('#duplicates').hidden = true; }));
  $('#remark-form').addEventListener('submit', remark);
  // The map: a click locates the call at the nearest known address (verified by the geocoder).
  const map = new DispatchMap($('#ct-map'));
  ctMap = map; window.tenfourMap = map; // tests click it
  map.onClick(async (lat, lon) => {
    let near; try { near = await api.reverseGeocode(lat, lon); } catch (err) { $('.field-error[data-for="address"]', form).textContent = `Address lookup failed: ${err.detail}`; return; }
    form.elements.address.value = near.address;
    await address.geocode(near.address); // marks where the address lies
  });
  map.load().catch((err) => notify(`Map not loaded: ${err.detail}`));
  addEventListener('keydown', (ev) => { if (ev.altKey && (ev.key === 'n' || ev.key === 'N')) { form.elements.ani.focus(); ev.preventDefault(); } });
  await showRecent();
}, { screen: 'calltaker' });

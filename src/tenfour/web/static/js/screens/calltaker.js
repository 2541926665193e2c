// The call taker: new call form with address autocomplete, duplicate proposals before saving
// (link in one action), and the incident just taken with its bulletin and hazard hits, live.
import * as api from '../api.js';
import { boot, debounce, onEvents } from '../shell.js';
import { $, ageCell, clearErrors, el, fmtAge, prio, replace, showError, status } from '../ui.js';
import { AddressField } from '../geocomplete.js';
import { banner, head, hits } from '../incparts.js';

const form = $('#call-form');
let current = null; let address = null;

function callFields() {
  const f = form.elements;
  return { ani: f.ani.value.trim(), ali: f.ali.value.trim(), caller_name: f.caller_name.value.trim() };
}

async function duplicates(loc) {
  const box = $('#duplicates');
  if (!loc) { box.hidden = true; return; }
  let res; try { res = await api.get(`/api/v1/duplicates?lat=${loc.lat}&lon=${loc.lon}`); } catch { return; }
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
  try { await api.post(`/api/v1/incidents/${api.enc(incident)}/calls`, body); } catch (err) { showError(form, err); return; }
  resetForm(); setCurrent(incident);
}

async function create(ev) {
  ev.preventDefault(); clearErrors(form);
  const f = form.elements;
  const loc = address.location;
  const body = { ...callFields(), type_code: f.type_code.value.trim(), priority: Number(f.priority.value),
    address: f.address.value.trim(), narrative: f.narrative.value.trim(),
    ...(loc && { lat: loc.lat, lon: loc.lon, verified: loc.verified }) };
  let out; try { out = await api.post('/api/v1/incidents', body); } catch (err) { showError(form, err); return; }
  const created = out.events.find((e) => e.type === 'IncidentCreated');
  resetForm(); setCurrent(created?.payload.incident);
}

function resetForm() { form.reset(); address.setLocation(null); $('#duplicates').hidden = true; clearErrors(form); form.elements.ani.focus(); }

function setCurrent(id) { current = id; $('#remark-form').hidden = !id; renderCurrent(); }

async function renderCurrent() {
  if (!current) return;
  let d; try { d = await api.get(`/api/v1/incidents/${api.enc(current)}`); } catch (err) { replace($('#current'), el('p', { class: 'field-error', text: err.detail })); return; }
  const b = el('div', { class: 'directive-banner', role: 'alert' }); banner(b, d.directives);
  $('#current').dataset.incident = d.id;
  replace($('#current'), b, el('div', { class: 'inc-head' }, ...head(d)),
    el('p', {}, el('a', { href: `/console/incident/${api.enc(d.id)}`, target: '_blank' }, 'Open incident view')));
  replace($('#hits'), hits(d));
}

async function renderRecent() {
  const list = await api.get('/api/v1/incidents');
  replace($('#recent'), list.map((i) => el('tr', { dataset: { id: i.id } }, el('td', { class: 'mono' }, el('a', { href: `/console/incident/${api.enc(i.id)}`, target: '_blank' }, i.id)),
    el('td', {}, prio(i.priority)), el('td', { text: i.type_code }), el('td', { text: i.address }), el('td', {}, status(i.status)), ageCell(i.created_at))));
}

async function remark(ev) {
  ev.preventDefault();
  const rf = $('#remark-form'); clearErrors(rf);
  try { await api.post(`/api/v1/incidents/${api.enc(current)}/remarks`, { text: rf.elements.text.value.trim() }); } catch (err) { showError(rf, err, 'text'); return; }
  rf.reset();
}

const refreshRecent = debounce(() => renderRecent().catch(() => {}), 250);
const refreshCurrent = debounce(() => renderCurrent().catch(() => {}), 100);
onEvents((events) => {
  if (events.some((e) => e.type !== 'UnitMoved')) refreshRecent();
  if (current && events.some((e) => e.payload?.incident === current)) refreshCurrent();
});

boot(async () => {
  address = new AddressField($('#address'), $('#address-list'), $('#verified'), duplicates);
  form.addEventListener('submit', create);
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && ev.ctrlKey) create(ev); });
  form.addEventListener('reset', () => setTimeout(() => { address.setLocation(null); $('#duplicates').hidden = true; }));
  $('#remark-form').addEventListener('submit', remark);
  addEventListener('keydown', (ev) => { if (ev.altKey && (ev.key === 'n' || ev.key === 'N')) { form.elements.ani.focus(); ev.preventDefault(); } });
  await renderRecent();
}, { requireRoles: ['call_taker', 'dispatcher', 'supervisor', 'commander'] });

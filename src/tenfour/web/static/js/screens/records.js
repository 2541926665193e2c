// Records: an incident's timeline from the journal, with whether it verifies against the chain.
import * as api from '../api.js';
import { boot, debounce, onEvents } from '../shell.js';
import { $, clearErrors, el, replace, showError } from '../ui.js';
import * as timeline from '../timeline.js';

const form = $('#records-form');
let shown = null;

function verifyBadge(v) {
  const b = $('#verify');
  if (!v) { b.className = 'badge badge-unverified'; b.textContent = 'NOT VERIFIED (no verified timeline available)'; return; }
  b.className = `badge ${v.verified ? 'badge-verified' : 'badge-bad'}`;
  b.textContent = v.verified ? 'VERIFIED AGAINST THE HASH CHAIN' : 'VERIFICATION FAILED';
  b.title = v.statement || '';
}

function row(e) {
  return el('tr', { dataset: { seq: e.seq ?? '', kind: e.kind } }, el('td', { class: 'mono', text: e.seq ?? '' }), el('td', { class: 'mono', text: (e.at || '').replace('T', ' ') }),
    el('td', { class: e.struck ? 'struck' : '' }, el('b', { text: `${e.what} ` }), el('span', { class: e.struck ? 'x' : '', text: e.text })),
    el('td', { text: e.actor?.user ?? e.who }), el('td', { text: e.actor?.role ?? '' }), el('td', { text: e.actor?.agency ?? '' }),
    el('td', { class: 'mono', title: e.hash || '', text: (e.hash || '').slice(0, 12) }));
}

async function show(id) {
  clearErrors(form);
  let detail, tl = null;
  try { detail = await api.get(`/api/v1/incidents/${api.enc(id)}`); } catch (err) { showError(form, err, 'incident'); return; }
  try { tl = await api.get(`/api/v1/incidents/${api.enc(id)}/timeline`); } catch (err) { tl = null; }
  shown = id;
  verifyBadge(tl?.verification);
  const s = tl?.summary || detail;
  replace($('#rec-summary'), el('p', {}, el('b', { class: 'mono', text: id }), ` ${s.type_code} P${s.priority} · ${s.address} · ${tl?.verification?.statement || ''}`));
  const items = tl ? tl.entries.map((e) => ({ ...timeline.entries(detail, { entries: [e] })[0], actor: e.actor, hash: e.hash })) : timeline.entries(detail, null);
  replace($('#rec-timeline'), items.map(row));
  history.replaceState(null, '', `?incident=${encodeURIComponent(id)}`);
}

async function options() {
  const list = await api.get('/api/v1/incidents');
  replace($('#rec-list'), list.map((i) => el('option', { value: i.id, text: `${i.type_code} ${i.address}` })));
}

const refresh = debounce(() => shown && show(shown).catch(() => {}), 300);
onEvents((events) => { if (events.some((e) => e.payload?.incident === shown)) refresh(); });

boot(async () => {
  form.addEventListener('submit', (ev) => { ev.preventDefault(); const v = form.elements.incident.value.trim(); if (!v) { showError(form, { detail: 'enter an incident number', field: 'incident' }); return; } show(v); });
  await options();
  const q = new URLSearchParams(location.search).get('incident');
  if (q) { form.elements.incident.value = q; await show(q); }
});

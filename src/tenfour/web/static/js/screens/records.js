// Records: an incident's timeline from the journal, with whether it verifies against the chain.
import * as api from '../api.js';
import { board, boot, debounce, may, onEvents } from '../shell.js';
import { $, clearErrors, el, panelOf, replace, showError } from '../ui.js';
import * as timeline from '../timeline.js';
import * as radio from '../radio.js';

const form = $('#records-form');
let shown = null;

function verifyBadge(v) {
  const b = $('#verify');
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

let wanted = null; // the incident asked for (shown once its record loads)

function render(id, detail, tl) {
  shown = id;
  verifyBadge(tl.verification);
  const s = tl.summary || detail;
  replace($('#rec-summary'), el('p', {}, el('b', { class: 'mono', text: id }), ` ${s.type_code} P${s.priority} · ${s.address} · ${tl.verification?.statement || ''}`));
  // transmissions stand where they began among the commands (they are recorded once over)
  const items = tl.entries.map((e) => ({ ...timeline.entries(detail, { entries: [e] })[0], actor: e.actor, hash: e.hash, when: e.happened_at || e.at }));
  items.sort((a, b) => a.when.localeCompare(b.when) || a.seq - b.seq);
  replace($('#rec-timeline'), items.map(row));
  renderRadio(id, tl.radio || []);
  history.replaceState(null, '', `?incident=${encodeURIComponent(id)}`);
}

function renderRadio(id, items) {
  $('#rec-radio-panel').hidden = items.length === 0;
  const changed = () => showTimeline();
  replace($('#rec-radio'), items.map((item) => radio.transmission(item, { canCorrect: may('CorrectTranscript'), onChange: changed })));
  if (!may('ConfirmRadioPhrase') || items.length === 0) { replace($('#rec-phrases')); return; }
  api.radioPhrases(id).then((open) => replace($('#rec-phrases'), open.map((p) => radio.phrase(p, changed))))
    .catch((err) => replace($('#rec-phrases'), el('p', { class: 'field-error', role: 'alert', text: err.detail })));
}

async function load() {
  if (!wanted) return;
  const id = wanted;
  let detail, tl;
  try { [detail, tl] = await Promise.all([api.incident(id), api.timeline(id)]); } catch (err) {
    if (id === shown) throw err; // the record on screen could not be refreshed: the board says STALE
    showError(form, err, 'incident'); wanted = shown; return; // a number that does not load: said at the field
  }
  render(id, detail, tl);
}

async function options() {
  const list = await api.openIncidents();
  replace($('#rec-list'), list.map((i) => el('option', { value: i.id, text: `${i.type_code} ${i.address}` })));
}

// The timeline shown is a board: a failed refresh marks it STALE until one succeeds.
const showTimeline = board('timeline', () => panelOf('#rt-h'), load);
const choose = (id) => { clearErrors(form); wanted = id; return showTimeline(); };
const refresh = debounce(showTimeline, 300);
const RADIO = new Set(['TranscriptAdded', 'TranscriptCorrected', 'RadioPhraseProposed', 'RadioPhraseConfirmed', 'RadioPhraseDismissed']);
onEvents((events) => { if (events.some((e) => e.payload?.incident === shown || e.payload?.incidents?.includes(shown) || RADIO.has(e.type))) refresh(); });

boot(async () => {
  form.addEventListener('submit', (ev) => { ev.preventDefault(); const v = form.elements.incident.value.trim(); if (!v) { showError(form, { detail: 'enter an incident number', field: 'incident' }); return; } choose(v); });
  await board('incident list', () => form, options)();
  const q = new URLSearchParams(location.search).get('incident');
  if (q) { form.elements.incident.value = q; await choose(q); }
}, { screen: 'records' });

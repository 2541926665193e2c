// One incident: directives in force in a red banner, the header, and the full timeline (live).
import * as api from '../api.js';
import { board, boot, debounce, may, mayRead, onEvents } from '../shell.js';
import { $, clearErrors, el, panelOf, replace, showError } from '../ui.js';
import { banner, head, hits } from '../incident_widgets.js';
import * as timeline from '../timeline.js';
import * as radio from '../radio.js';
import { Playback } from '../playback.js';

const id = document.body.dataset.incident;
let related = new Set([id]);
let shown = null; // the incident's detail as last rendered (playback takes its window and units)

// The verified timeline where the role may read it; else the incident's own record is shown.
const fetchTimeline = () => (mayRead('IncidentTimeline') ? api.timeline(id) : null);

function strike(remark) {
  const f = el('form', { class: 'inline-form', novalidate: true },
    el('label', { for: 'strike-reason', text: `Strike ${remark}: reason` }), el('input', { id: 'strike-reason', name: 'reason', required: true }),
    el('label', { for: 'strike-correction', text: 'Correction' }), el('input', { id: 'strike-correction', name: 'correction' }),
    el('button', { class: 'btn', type: 'submit' }, 'Strike'), el('span', { class: 'field-error', dataset: { for: 'reason' } }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(f);
    const correction = f.elements.correction.value.trim();
    try { await api.strikeRemark(id, remark, f.elements.reason.value.trim(), correction || null); f.remove(); } catch (err) { showError(f, err, 'reason'); }
  });
  $('#timeline').before(f); f.elements.reason.focus();
}

let loaded = false;

async function render() {
  let d; try { d = await api.incident(id); } catch (err) {
    if (!loaded) replace($('#inc-head'), el('p', { class: 'field-error', role: 'alert', text: err.detail })); // nothing to show but why
    throw err;
  }
  loaded = true; shown = d;
  related = new Set([id, ...d.directives.map((x) => x.id), ...d.assignments.map((a) => a.unit)]);
  banner($('#banner'), d.directives);
  replace($('#inc-head'), ...head(d));
  replace($('#inc-units'), ...hits(d), ...d.assignments.filter((a) => a.active).map((a) => el('span', { class: 'mono' }, `${a.unit} `)));
  timeline.render($('#timeline'), timeline.entries(d, await fetchTimeline()), { onStrike: may('StrikeRemark') ? strike : null });
  // phrases heard on the radio wait here for a dispatcher: confirm or dismiss, both on the record
  const phrases = may('ConfirmRadioPhrase') ? await api.radioPhrases(id) : [];
  replace($('#radio-phrases'), ...phrases.map((p) => radio.phrase(p, () => show())));
  document.title = `${d.id} ${d.type_code} · tenfour`;
}

async function remark(ev) {
  ev.preventDefault();
  const f = $('#remark-form'); clearErrors(f);
  try { await api.addRemark(id, f.elements.text.value.trim()); f.reset(); } catch (err) { showError(f, err, 'text'); }
}

// One board: the header and the timeline together (a failure marks both STALE).
const show = board('incident', () => [panelOf('#inc-h'), panelOf('#tl-h')], render);
const refresh = debounce(show, 150);
onEvents((events) => {
  const radioNews = (e) => e.payload?.incidents?.includes(id) || /^(Transcript|RadioPhrase)/.test(e.type);
  if (events.some(radioNews)) { refresh(); return; } // a transmission, its transcript, a phrase
  if (events.some((e) => related.has(e.payload?.incident) || related.has(e.payload?.directive) || related.has(e.payload?.unit) && e.type !== 'UnitMoved')) refresh();
});

async function playback() {
  if (!shown) return;
  $('#pb-body').hidden = false;
  const units = [...new Set(shown.assignments.map((a) => a.unit))];
  const until = shown.closed_at || new Date().toISOString();
  const player = playback.player ??= new Playback({ node: $('#pb-map'), slider: $('#pb-time'), label: $('#pb-at'), play: $('#pb-play') });
  try {
    const n = await player.load(units, shown.created_at, until);
    if (!n) $('#pb-at').textContent = units.length ? 'no positions reported in this window' : 'no unit was on this incident';
  } catch (err) { $('#pb-at').textContent = `Tracks not loaded: ${err.detail}`; }
}

boot(async () => {
  $('#pb-load').addEventListener('click', playback);
  $('#remark-form').hidden = !may('AddRemark');
  $('#remark-form').addEventListener('submit', remark);
  await show();
});

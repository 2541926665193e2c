// One incident: directives in force in a red banner, the header, and the full timeline (live).
import * as api from '../api.js';
import { boot, debounce, onEvents } from '../shell.js';
import { $, clearErrors, el, replace, showError, status } from '../ui.js';
import { banner, head, hits } from '../incparts.js';
import * as timeline from '../timeline.js';

const id = document.body.dataset.incident;
let related = new Set([id]);

async function fetchTimeline() {
  try { return await api.get(`/api/v1/incidents/${api.enc(id)}/timeline`); } catch { return null; }
}

function strike(remark) {
  const f = el('form', { class: 'inline-form', novalidate: true },
    el('label', { for: 'strike-reason', text: `Strike ${remark}: reason` }), el('input', { id: 'strike-reason', name: 'reason', required: true }),
    el('label', { for: 'strike-correction', text: 'Correction' }), el('input', { id: 'strike-correction', name: 'correction' }),
    el('button', { class: 'btn', type: 'submit' }, 'Strike'), el('span', { class: 'field-error', dataset: { for: 'reason' } }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(f);
    const correction = f.elements.correction.value.trim();
    try { await api.post(`/api/v1/incidents/${api.enc(id)}/remarks/${api.enc(remark)}/strike`, { reason: f.elements.reason.value.trim(), ...(correction && { correction }) }); f.remove(); } catch (err) { showError(f, err, 'reason'); }
  });
  $('#timeline').before(f); f.elements.reason.focus();
}

async function render() {
  let d;
  try { d = await api.get(`/api/v1/incidents/${api.enc(id)}`); } catch (err) {
    replace($('#inc-head'), el('p', { class: 'field-error', role: 'alert', text: err.detail })); return;
  }
  related = new Set([id, ...d.directives.map((x) => x.id), ...d.assignments.map((a) => a.unit)]);
  banner($('#banner'), d.directives);
  replace($('#inc-head'), ...head(d));
  replace($('#inc-units'), ...hits(d), ...d.assignments.filter((a) => a.active).map((a) => el('span', { class: 'mono' }, `${a.unit} `)));
  timeline.render($('#timeline'), timeline.entries(d, await fetchTimeline()), { onStrike: strike });
  document.title = `${d.id} ${d.type_code} · tenfour`;
  void status;
}

async function remark(ev) {
  ev.preventDefault();
  const f = $('#remark-form'); clearErrors(f);
  try { await api.post(`/api/v1/incidents/${api.enc(id)}/remarks`, { text: f.elements.text.value.trim() }); f.reset(); } catch (err) { showError(f, err, 'text'); }
}

const refresh = debounce(() => render().catch(() => {}), 150);
onEvents((events) => {
  if (events.some((e) => related.has(e.payload?.incident) || related.has(e.payload?.directive) || related.has(e.payload?.unit) && e.type !== 'UnitMoved')) refresh();
});

boot(async () => {
  $('#remark-form').addEventListener('submit', remark);
  await render();
});

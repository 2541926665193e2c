// Supervisor / commander: issue and lift directives (reason required by the server), see which
// units acknowledged, stand-down overrides and refusals highlighted, answer assistance requests.
import * as api from '../api.js';
import { board, boot, debounce, may, mayRead, me, onEvents } from '../shell.js';
import { $, clearErrors, el, fmtTime, panelOf, replace, showError } from '../ui.js';
import { directiveLine, head, hits, incidentHref } from '../incident_widgets.js';
import { optionFilter } from '../filters.js';
import { BoardWindow } from '../board.js';

const form = $('#directive-form');
const flagged = new Map(); // seq -> override or refusal (from timelines and the stream)
const FLAGGED = new Set(['DirectiveOverridden', 'DispatchRefused']);
let inForce = []; let filterIncidents = null;

// The open incidents to choose from: a window of the board kept current by sequence (board.js).
const incidentBoard = new BoardWindow(api.board, { show: 500, limit: 500 });

async function renderIncidents() {
  if (!await incidentBoard.refresh()) return;
  const list = incidentBoard.rows;
  const select = form.elements.incident, keep = select.value;
  select.replaceChildren(el('option', { value: '', text: '— choose an incident —' }),
    ...list.map((i) => el('option', { value: i.id, selected: i.id === keep, text: `${i.id} P${i.priority} ${i.type_code} — ${i.address} · ${i.agency} · ${i.status}` })));
  filterIncidents?.();
}

function lift(d) {
  const f = el('form', { class: 'inline-form', novalidate: true, dataset: { lift: d.id } },
    el('label', { for: `lift-${d.id}`, text: 'Lift — reason' }), el('input', { id: `lift-${d.id}`, name: 'reason' }),
    el('button', { class: 'btn', type: 'submit' }, `Lift ${d.id}`), el('span', { class: 'field-error', dataset: { for: 'reason' } }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(f);
    try { await api.liftDirective(d.id, f.elements.reason.value.trim()); } catch (err) { showError(f, err, 'reason'); }
  });
  return f;
}

function directiveBox(d) {
  const units = [...new Set([...d.notified_units, ...Object.keys(d.acks)])];
  return el('div', { class: `dirbox ${d.in_force ? 'inforce' : 'lifted'}`, dataset: { directive: d.id } },
    el('div', { class: d.in_force ? 'directive-banner' : 'directive-lifted' }, d.in_force ? null : el('b', { text: 'LIFTED ' }), directiveLine(d)),
    el('div', {}, d.incident ? `Incident ${d.incident}` : d.area ? `Area ${d.area.radius_m} m` : '', d.in_force ? '' : ` · lifted ${fmtTime(d.lifted_at)} by ${d.lifted_by}: ${d.lift_reason}`),
    el('div', { class: 'acks', 'aria-label': 'Acknowledgments' }, ...units.map((u) => el('span', { class: `ack ${d.acks[u] ? 'ack-yes' : 'ack-no'}`, dataset: { unit: u },
      title: d.acks[u] ? `acknowledged ${fmtTime(d.acks[u])}` : 'not yet acknowledged', text: `${u}${d.acks[u] ? ` ${fmtTime(d.acks[u])}` : ' pending'}` }))),
    d.in_force && may('LiftDirective') ? lift(d) : null);
}

async function renderChosen() {
  const id = form.elements.incident.value;
  if (!id) { replace($('#cmd-incident')); return; }
  let d; try { d = await api.incident(id); } catch (err) {
    replace($('#cmd-incident'), el('p', { class: 'field-error', text: err.detail })); throw err; // never another incident's header
  }
  replace($('#cmd-incident'), el('div', { class: 'inc-head' }, ...head(d)), ...hits(d),
    el('p', {}, `Assigned: ${d.assignments.filter((a) => a.active).map((a) => a.unit).join(' ') || 'none'} · `, el('a', { href: incidentHref(id) }, 'Incident view')));
}

async function renderDirectives() {
  const list = await api.directives();
  inForce = list.filter((d) => d.in_force);
  replace($('#directives'), list.length ? list.map(directiveBox) : el('p', { class: 'muted', text: 'No directives.' }));
}

function answerForm(r) {
  const f = el('form', { class: 'inline-form', novalidate: true, dataset: { request: r.id } },
    el('select', { name: 'answer', 'aria-label': 'Answer' }, el('option', { value: 'declined', text: 'declined' }), el('option', { value: 'accepted', text: 'accepted' })),
    el('select', { name: 'directive', 'aria-label': 'Citing directive' }, el('option', { value: '', text: 'no directive' }),
      ...inForce.filter((d) => d.incident === r.incident).map((d) => el('option', { value: d.id, selected: true, text: `${d.id}: ${d.reason}` }))),
    el('input', { name: 'reason', 'aria-label': 'Reason', placeholder: 'reason (default: the directive\'s)' }),
    el('button', { class: 'btn', type: 'submit' }, 'Answer'), el('span', { class: 'field-error', dataset: { for: 'reason' } }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault(); clearErrors(f);
    const directive = f.elements.directive.value || null;
    const reason = f.elements.reason.value.trim() || inForce.find((d) => d.id === directive)?.reason || '';
    try { await api.answerAssistance(r.id, { answer: f.elements.answer.value, reason, ...(directive && { directive }) }); } catch (err) { showError(f, err, 'reason'); }
  });
  return f;
}

async function renderRequests() {
  const list = await api.assistanceRequests();
  replace($('#requests'), list.length ? list.map((r) => el('div', { class: 'dirbox', dataset: { request: r.id } },
    el('b', { text: `${r.id} ${r.from_agency} → ${r.to_agency}` }), ` on ${r.incident}: ${r.what} `,
    r.answer ? el('span', { class: `badge ${r.answer === 'declined' ? 'badge-bad' : 'badge-verified'}`, text: `${r.answer.toUpperCase()}: ${r.answer_reason}` })
      : r.to_agency === me.agency && may('AnswerAssistance') ? answerForm(r) : el('span', { class: 'muted', text: 'awaiting answer' }))) : el('p', { class: 'muted', text: 'None.' }));
}

async function loadFlagged(directives) {
  // Overrides and refusals already on the record, from the timelines of directed incidents.
  const incidents = [...new Set(directives.map((d) => d.incident).filter(Boolean))].slice(0, 20);
  const answers = await Promise.allSettled(incidents.map((i) => api.timeline(i)));
  for (const e of answers.flatMap((a) => a.value?.entries || [])) if (FLAGGED.has(e.type)) flagged.set(e.seq, e);
  renderFlagged();
  const failed = answers.find((a) => a.status === 'rejected');
  if (failed) throw failed.reason; // what could be read is shown; the board says the rest is missing
}

function renderFlagged() {
  const list = [...flagged.values()].sort((a, b) => b.seq - a.seq);
  replace($('#overrides'), list.length ? list.map((f) => el('div', { class: f.type === 'DirectiveOverridden' ? 'override' : 'refusal' },
    `${fmtTime(f.at)} ${f.payload.unit} on ${f.payload.incident} (${f.payload.directive}) by ${f.actor.user} (${f.actor.role}): ${f.payload.reason}`)) : el('p', { class: 'muted', text: 'None.' }));
}

async function issue(ev) {
  ev.preventDefault(); clearErrors(form);
  const f = form.elements;
  const body = { kind: f.kind.value, reason: f.reason.value.trim(), authority: f.authority.value.trim(),
    ...(f.incident.value && { incident: f.incident.value }), ...(f.message.value.trim() && { message: f.message.value.trim() }) };
  try { await api.issueDirective(body); } catch (err) { showError(form, err); return; }
  f.reason.value = ''; f.message.value = '';
}

async function renderAlerts() {
  const list = await api.alerts();
  replace($('#alerts'), list.length ? list.map((a) => el('div', { class: 'dirbox alert-box', dataset: { alert: a.id } },
    el('b', { text: `${a.severity.toUpperCase()} · ${a.urgency} · ${a.event}` }),
    a.headline ? el('div', { text: a.headline }) : null,
    el('div', { class: 'muted', text: `${a.sender} · sent ${fmtTime(a.sent)}${a.expires ? ` · expires ${fmtTime(a.expires)}` : ''} · ${a.areas.map((x) => x.description).join('; ')}` })))
    : el('p', { class: 'muted', text: 'No alerts in force.' }));
}

async function renderOutbox() {
  const owed = await api.partnerOutbox();
  replace($('#outbox'), owed.length ? owed.map((o) => el('div', { class: `dirbox ${o.attempts ? 'refusal' : ''}`, dataset: { request: o.request } },
    el('b', { text: `${o.message} ${o.request} → ${o.partner}` }),
    el('div', { class: 'muted', text: o.attempts ? `${o.attempts} failed attempt(s) since ${fmtTime(o.failing_since)}: ${o.last_error} · next try in ${o.next_try_in_s} s` : 'sending' })))
    : el('p', { class: 'muted', text: 'Everything delivered to partner CADs.' }));
}

// The transcriber's backlog (supervisors: the same figures as /metrics), polled: it drains
// without events.
async function renderTranscription() {
  const t = await api.radioTranscription();
  const keeping = t.realtime_factor === null || t.realtime_factor < 1;
  replace($('#transcription'), t.enabled ? [
    el('div', { class: `dirbox ${t.backlog_s > 300 || !keeping ? 'refusal' : ''}` },
      el('b', { text: `Backlog: ${t.backlog} transmission(s), ${Math.round(t.backlog_s)} s of audio` }),
      el('div', { class: 'muted', text: `${t.transcribed} transcribed · ${t.failed} failed · ${t.proposals} phrase proposal(s) · largest backlog ${Math.round(t.max_backlog_s)} s` }),
      el('div', { class: 'muted', text: `${t.model} (${t.model_version})${t.realtime_factor === null ? '' : ` · ${t.realtime_factor} s per s of audio`}` }))]
    : el('p', { class: 'muted', text: 'Not running on this node.' }));
}

// Boards: each marks its panel STALE when a refresh fails, until one succeeds.
const showIncidents = board('incidents', () => panelOf('#cmd-incident'), () => renderIncidents().then(renderChosen));
const showChosen = board('chosen incident', () => panelOf('#cmd-incident'), renderChosen);
const showDirectives = board('directives', () => [panelOf('#directives'), panelOf('#requests')], () => renderDirectives().then(renderRequests));
const showAlerts = board('alerts', () => panelOf('#alerts'), renderAlerts);
const showOutbox = board('deliveries', () => panelOf('#outbox'), renderOutbox);
const showTranscription = board('transcription', () => panelOf('#transcription'), renderTranscription);
const showFlagged = board('overrides', () => panelOf('#overrides'), async () => loadFlagged(await api.directives()));
const all = () => Promise.all([showIncidents(), showDirectives(), showAlerts(), showOutbox()]);
const refresh = debounce(all, 200);
onEvents((events) => {
  for (const e of events) if (FLAGGED.has(e.type)) flagged.set(e.seq, e);
  if (events.some((e) => FLAGGED.has(e.type))) renderFlagged();
  if (events.some((e) => e.type !== 'UnitMoved')) refresh();
});

boot(async () => {
  form.addEventListener('submit', issue);
  form.elements.incident.addEventListener('change', showChosen);
  filterIncidents = optionFilter($('#incident-find'), form.elements.incident, $('#incident-shown'));
  await all();
  setInterval(showOutbox, 15000); // delivery failures happen without events
  if (mayRead('Metrics')) {
    $('#radio-panel').hidden = false;
    await showTranscription();
    setInterval(showTranscription, 5000);
  }
  await showFlagged();
}, { screen: 'command' });

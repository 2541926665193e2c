// The dispatcher: pending queue, active incidents, unit board, live map, the selected incident
// with its recommendation (one key to assign), and the command line.
import * as api from '../api.js';
import { board, boot, debounce, may, onEvents } from '../shell.js';
import { $, ageCell, el, fmtDuration, navigableRows, panelOf, prio, replace, status } from '../ui.js';
import { DispatchMap } from '../map.js';
import * as cmdline from '../cmdline.js';
import { banner, head, hits, incidentHref } from '../incident_widgets.js';
import { BoardWindow, pace } from '../board.js';

// The boards' data: windows of the open incidents kept current by sequence (board.js), and the
// unit board fetched again only when it changed (its ETag).
const queueBoard = new BoardWindow(api.board, { filter: { status: 'pending' } });
const activeBoard = new BoardWindow(api.board, { filter: { status: ['dispatched', 'enroute', 'onscene'] } });
let unitsTag = null;
window.tenfourBoards = { queue: queueBoard, active: activeBoard }; // tests read loads / catch-ups

let selected = null; let recommendation = null; let map = null; let detailTicket = 0; let shown = null;

function row(i, cells) {
  return el('tr', { tabindex: '0', dataset: { id: i.id }, 'aria-selected': String(i.id === selected) }, ...cells);
}

function renderQueue(list, total = list.length) {
  $('#q-count').textContent = total;
  replace($('#queue'), list.map((i) => row(i, [el('td', {}, prio(i.priority)), el('td', { class: 'mono', text: i.id }),
    el('td', { text: i.type_code }), el('td', { text: i.address }), ageCell(i.created_at)])));
}

function renderActive(list, total = list.length) {
  const active = list.filter((i) => i.status !== 'pending');
  $('#a-count').textContent = total;
  replace($('#active'), active.map((i) => row(i, [el('td', {}, prio(i.priority)), el('td', { class: 'mono', text: i.id }),
    el('td', { text: i.type_code }), el('td', {}, status(i.status), i.directives_in_force.length ? el('span', { class: 'badge badge-bad', text: 'DIRECTIVE' }) : null),
    el('td', { class: 'mono', text: i.units.join(' ') })])));
}

async function act(command, out = $('#cmd-out')) {
  try { await command(); out.className = 'cmd-out ok'; out.textContent = '✔ done'; return true; } catch (err) {
    out.className = 'cmd-out err'; out.textContent = `✖ ${err.detail}`; return false;
  }
}

function unitButtons(u) {
  // Only the orders the role may give (GET /me's commands); the server decides in the end.
  const b = (command, label, title, fn) => (may(command) ? el('button', { type: 'button', class: 'btn btn-sm', title, 'aria-label': `${title} ${u.id}`, onclick: fn }, label) : null);
  if (u.status === 'available') {
    return [b('DispatchUnit', 'D', 'Dispatch to the selected incident', () => dispatch(u.id)),
      b('SetUnitService', 'OOS', 'Out of service', () => act(() => api.setService(u.id, false)))];
  }
  if (u.status === 'outOfService') return [b('SetUnitService', 'IS', 'In service', () => act(() => api.setService(u.id, true)))];
  return [b('MarkEnRoute', 'ER', 'En route', () => act(() => api.markEnRoute(u.id))), b('MarkOnScene', 'OS', 'On scene', () => act(() => api.markOnScene(u.id))),
    b('ClearUnit', 'CL', 'Clear', () => clear(u.id))];
}

function renderUnits(list) {
  $('#u-count').textContent = `${list.filter((u) => u.status === 'available').length}/${list.length}`;
  replace($('#units'), list.map((u) => el('tr', { dataset: { id: u.id, status: u.status } },
    el('td', { class: 'mono', text: u.id }), el('td', { class: 'muted', title: [u.unit_type, ...u.capabilities, u.agency].join(' · '), text: `${u.unit_type}${u.capabilities.length ? ` · ${u.capabilities.join(',')}` : ''}` }), el('td', {}, status(u.status)),
    ageCell(u.status_since), el('td', { class: 'mono', text: u.incident || '' }), el('td', {}, ...unitButtons(u)))));
  map?.setUnits(list);
}

async function loadQueue() {
  if (await queueBoard.refresh()) { renderQueue(queueBoard.rows, queueBoard.total); mapIncidents(); }
}

async function renderOpen() {
  if (!await activeBoard.refresh()) return;
  renderActive(activeBoard.rows, activeBoard.total); mapIncidents();
  if (selected && activeBoard.removed.has(selected) && !queueBoard.has(selected)) await showDetail();
}

async function loadUnits() {
  const got = await api.unitsFresh(unitsTag);
  if (got.notModified) return;
  unitsTag = got.etag; renderUnits(got.body);
}

const mapIncidents = () => map?.setIncidents([...queueBoard.rows, ...activeBoard.rows]);

const typed = (id) => $(id)?.value.trim() || null;

async function dispatch(unit, recommended = false) {
  if (!selected) { $('#cmd-out').className = 'cmd-out err'; $('#cmd-out').textContent = '✖ select an incident first'; return; }
  const reason = typed('#why'), override = typed('#override');
  await act(() => api.dispatch(selected, unit, { recommended, reason, override_reason: override }));
}

async function clear(unit) {
  const cite = $('#cite')?.value || null;
  await act(() => api.clearUnit(unit, cite ? { directive: cite, reason: `per ${cite}` } : {}));
}

function recommendationView() {
  if (!recommendation || recommendation.incident !== selected) return el('p', { class: 'muted', text: 'Press F3 or "Recommend" for the fastest units by road.' });
  const rows = recommendation.picks.map((p, n) => el('tr', { dataset: { unit: p.unit } },
    el('td', {}, el('kbd', { text: String(n + 1) })), el('td', { class: 'mono', text: p.unit }), el('td', { text: p.slot }),
    el('td', { class: 'mono', text: fmtDuration(p.eta_s) }), el('td', { text: p.reason }),
    el('td', {}, el('button', { type: 'button', class: 'btn btn-sm btn-primary', onclick: () => dispatch(p.unit, true) }, 'Assign'))));
  const unfilled = recommendation.unfilled.map((u) => el('p', { class: 'field-error', text: `Unfilled: ${u.slot} ×${u.missing} — ${u.why}` }));
  return [el('table', { class: 'grid rec-table', 'aria-label': 'Recommendation' }, el('thead', {}, el('tr', {}, ...['#', 'Unit', 'Slot', 'ETA', 'Why', ''].map((h) => el('th', { text: h })))), el('tbody', {}, rows)),
    ...unfilled, el('button', { type: 'button', class: 'btn btn-primary', id: 'assign-all', onclick: assignAll }, 'Assign all (A)')];
}

async function assignAll() { for (const p of recommendation?.picks || []) await dispatch(p.unit, true); }

async function recommend() {
  if (!selected) return;
  try { recommendation = await api.recommend(selected); } catch (err) {
    recommendation = null; $('#cmd-out').className = 'cmd-out err'; $('#cmd-out').textContent = `✖ ${err.detail}`;
  }
  await showDetail();
}

function citeOptions(inForce) {
  const cite = $('#cite'), keep = cite.value;
  cite.replaceChildren(el('option', { value: '', text: '—' }), ...inForce.map((x) => el('option', { value: x.id, text: `${x.id} ${x.kind}` })));
  cite.value = inForce.some((x) => x.id === keep) ? keep : inForce[0]?.id || '';
}

async function renderDetail() {
  const node = $('#detail');
  if (!selected) return;
  let d;
  const ticket = ++detailTicket; // an older answer arriving late must not overwrite a newer one
  try { d = await api.incident(selected); } catch (err) {
    // Another incident's detail must not stay up as if it were this one's.
    if (ticket === detailTicket && shown !== selected) { shown = null; replace(node, el('p', { class: 'field-error', text: err.detail })); }
    throw err;
  }
  if (ticket !== detailTicket) return;
  shown = d.id;
  const bannerNode = el('div', { class: 'directive-banner', role: 'alert' });
  banner(bannerNode, d.directives);
  const assigned = d.assignments.filter((a) => a.active).map((a) => el('span', { class: 'mono' }, `${a.unit} `));
  replace(node, bannerNode, el('div', { class: 'detail-head' }, ...head(d)), ...hits(d),
    el('div', { class: 'inline-form' }, el('span', { class: 'muted', text: 'Assigned:' }), ...(assigned.length ? assigned : [el('span', { class: 'muted', text: 'none' })]),
      el('a', { href: incidentHref(d.id), target: '_blank' }, 'Open incident view')));
  citeOptions(d.directives.filter((x) => x.in_force));
  $('#detail-actions').hidden = false;
  replace($('#rec'), recommendationView());
}

async function select(id) {
  if (id !== selected) { recommendation = null; $('#why').value = ''; $('#override').value = ''; }
  selected = id;
  for (const tr of document.querySelectorAll('#queue tr, #active tr')) tr.setAttribute('aria-selected', String(tr.dataset.id === id));
  await showDetail();
}

function keys() {
  addEventListener('keydown', (ev) => {
    if (ev.key === 'F2') { $('#cmd').focus(); ev.preventDefault(); return; }
    if (ev.key === 'F3') { recommend(); ev.preventDefault(); return; }
    if (ev.target.closest('input, textarea, select')) return;
    const n = Number(ev.key);
    if (n >= 1 && n <= 9 && recommendation?.picks[n - 1]) { dispatch(recommendation.picks[n - 1].unit, true); ev.preventDefault(); }
    if ((ev.key === 'a' || ev.key === 'A') && recommendation) { assignAll(); ev.preventDefault(); }
  });
  $('#cmdline').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = $('#cmd'), out = $('#cmd-out');
    const res = await cmdline.run(input.value, selected);
    out.className = `cmd-out ${res.ok ? 'ok' : 'err'}`; out.textContent = res.text;
    if (res.ok) input.value = '';
    if (res.select) await select(res.select);
  });
}

// Boards: each marks its panels STALE when a refresh fails, until one succeeds.
const showQueue = board('pending queue', () => panelOf('#queue'), loadQueue);
const showOpen = board('active incidents', () => [panelOf('#active'), panelOf('#map')], renderOpen);
const showUnits = board('units', () => [panelOf('#units'), panelOf('#map')], loadUnits);
const showBoards = () => Promise.all([showQueue(), showOpen(), showUnits()]);
const showDetail = board('selected incident', () => panelOf('#detail'), renderDetail);
const showAlerts = board('alerts', () => panelOf('#map'), async () => map?.setAlerts(await api.alerts()));
const showMap = board('map', () => panelOf('#map'), () => map.load());
const refresh = pace(showBoards); // 200 ms after a change, then at most once a second
const refreshDetail = debounce(showDetail, 200);

const QUIET = new Set(['RemarkAdded', 'RemarkStruck', 'CallAdded']); // no board column changes

onEvents((events) => {
  let boards = false;
  if (events.some((e) => e.type === 'AlertReceived')) showAlerts();
  for (const e of events) {
    if (e.type === 'UnitMoved') { map?.moveUnit(e.payload.unit, e.payload.lat, e.payload.lon); continue; }
    if (selected && e.payload?.incident === selected) refreshDetail();
    boards ||= !QUIET.has(e.type);
  }
  if (boards) refresh();
});

boot(async () => {
  map = new DispatchMap($('#map'), { onIncident: select });
  window.tenfourMap = map; // tests read marker positions
  navigableRows($('#queue'), select); navigableRows($('#active'), select);
  keys();
  $('#recommend').addEventListener('click', recommend);
  await showBoards();
  await showMap();
  await showAlerts();
}, { screen: 'dispatch' });

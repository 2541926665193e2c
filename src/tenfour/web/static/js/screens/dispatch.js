// The dispatcher: pending queue, active incidents, unit board, live map, the selected incident
// with its recommendation (one key to assign), and the command line.
import * as api from '../api.js';
import { board, boot, debounce, may, onEvents } from '../shell.js';
import { $, el, notify, fmtDuration, navigableRows, panelOf, prio, replace, status } from '../ui.js';
import { DispatchMap } from '../map.js';
import * as cmdline from '../cmdline.js';
import { banner, head, hits, incidentHref } from '../incident_widgets.js';
import { Lifecycle, callInfo, flags, remarks } from '../lifecycle.js';
import { patchRows, pickOrder, withHistory } from '../keyboard.js';
import { incidentTimer, loadTimers, timerCell, unitTimer } from '../timers.js';
import { rowFilter, searchText } from '../filters.js';
import { BoardWindow, pace } from '../board.js';
import { BoardFilterBar } from '../board_filters.js';

// The boards' data: windows of the open incidents kept current by sequence (board.js), and the
// unit board fetched again only when it changed (its ETag). A served incident whose units all
// cleared ('cleared': needs close) stays in Active until closed.
const queueBoard = new BoardWindow(api.board, { filter: { status: 'pending' } });
const activeBoard = new BoardWindow(api.board, { filter: { status: ['dispatched', 'enroute', 'onscene', 'cleared'] } });
let unitsTag = null;
window.tenfourBoards = { queue: queueBoard, active: activeBoard }; // tests read loads / catch-ups

let filterQueue = null; let filterActive = null; let queueBar = null; let activeBar = null;
const unitStatus = new Map(); // unit -> status, from the unit board (recommendation keys skip busy units)
let selected = null; let recommendation = null; let map = null; let detailTicket = 0; let shown = null; let lifecycle = null;

function row(i, cells) {
  return el('tr', { tabindex: '0', dataset: { id: i.id, search: `${searchText(i)} ${i.units.join(' ').toLowerCase()}` }, 'aria-selected': String(i.id === selected) }, ...cells);
}

function renderQueue(list, total = list.length) {
  $('#q-count').textContent = total;
  patchRows($('#queue'), list.map((i) => row(i, [el('td', {}, prio(i.priority)), el('td', { class: 'mono', text: i.id }),
    el('td', { text: i.type_code }), el('td', {}, i.address, ...flags(i)), timerCell(i.created_at, incidentTimer(i.status, i.priority))])));
  filterQueue?.();
}

function renderActive(list, total = list.length) {
  const active = list.filter((i) => i.status !== 'pending');
  $('#a-count').textContent = total;
  patchRows($('#active'), active.map((i) => row(i, [el('td', {}, prio(i.priority)), el('td', { class: 'mono', text: i.id }),
    el('td', { text: i.type_code }), el('td', {}, i.status === 'cleared' ? null : status(i.status), ...flags(i), i.directives_in_force.length ? el('span', { class: 'badge badge-bad', text: 'DIRECTIVE' }) : null),
    el('td', { class: 'mono', text: i.units.join(' ') }), timerCell(i.created_at, incidentTimer(i.status, i.priority))])));
  filterActive?.();
}

async function act(command, out = $('#cmd-out')) {
  out.className = 'cmd-out pending'; out.textContent = '⧗ sending…';
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
  // Only the next statuses the unit may take (the domain's transitions; the server still decides).
  const next = {
    dispatched: [['MarkEnRoute', 'ER', 'En route', api.markEnRoute], ['MarkOnScene', 'OS', 'On scene', api.markOnScene]],
    enroute: [['MarkOnScene', 'OS', 'On scene', api.markOnScene]],
    onscene: [['MarkTransporting', 'TR', 'Transporting a patient', api.markTransporting]],
    transporting: [['MarkAtHospital', 'AH', 'At hospital', api.markAtHospital]],
  }[u.status] || [];
  return [...next.map(([command, label, title, fn]) => b(command, label, title, () => act(() => fn(u.id)))),
    b('ClearUnit', 'CL', 'Clear', () => clear(u.id))];
}

function renderUnits(list) {
  $('#u-count').textContent = `${list.filter((u) => u.status === 'available').length}/${list.length}`;
  unitStatus.clear(); for (const u of list) unitStatus.set(u.id, u.status);
  if (recommendation?.incident === selected && $('#rec .rec-table')) replace($('#rec'), recommendationView());
  patchRows($('#units'), list.map((u) => el('tr', { dataset: { id: u.id, status: u.status } },
    el('td', { class: 'mono', text: u.id }), el('td', { class: 'muted', title: [u.unit_type, ...u.capabilities, u.agency].join(' · '), text: `${u.unit_type}${u.capabilities.length ? ` · ${u.capabilities.join(',')}` : ''}` }), el('td', {}, status(u.status)),
    timerCell(u.status_since, unitTimer(u.status, u.eta_s)), el('td', { class: 'mono', text: u.incident || '' }), el('td', {}, ...unitButtons(u)))));
  map?.setUnits(list);
}

async function loadQueue() {
  if (await queueBoard.refresh()) { renderQueue(queueBoard.rows, queueBoard.total); mapIncidents(); queueBar?.render(); }
}

async function renderOpen() {
  if (!await activeBoard.refresh()) return;
  renderActive(activeBoard.rows, activeBoard.total); mapIncidents(); activeBar?.render();
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
  const rows = picks().map((p, n) => el('tr', { dataset: { unit: p.unit } },
    el('td', {}, el('kbd', { text: String(n + 1) })), el('td', { class: 'mono', text: p.unit }), el('td', { text: p.slot }),
    el('td', { class: 'mono', text: fmtDuration(p.eta_s) }), el('td', { text: p.reason }),
    el('td', {}, el('button', { type: 'button', class: 'btn btn-sm btn-primary', onclick: () => dispatch(p.unit, true) }, 'Assign'))));
  const unfilled = recommendation.unfilled.map((u) => el('p', { class: 'field-error', text: `Unfilled: ${u.slot} ×${u.missing} — ${u.why}` }));
  return [el('table', { class: 'grid rec-table', 'aria-label': 'Recommendation' }, el('thead', {}, el('tr', {}, ...['#', 'Unit', 'Slot', 'ETA', 'Why', ''].map((h) => el('th', { text: h })))), el('tbody', {}, rows)),
    ...unfilled, el('button', { type: 'button', class: 'btn btn-primary', id: 'assign-all', onclick: assignAll }, 'Assign all (A)')];
}

// The picks keys 1..9 offer: fastest first, units assigned meanwhile left out.
const picks = () => (recommendation ? pickOrder(recommendation.picks, unitStatus) : []);

async function assignAll() { for (const p of picks()) await dispatch(p.unit, true); }

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
  replace(node, bannerNode, el('div', { class: 'detail-head' }, ...head(d), ...flags(d)), ...hits(d), callInfo(d), remarks(d),
    el('div', { class: 'inline-form' }, el('span', { class: 'muted', text: 'Assigned:' }), ...(assigned.length ? assigned : [el('span', { class: 'muted', text: 'none' })]),
      el('a', { href: incidentHref(d.id), target: '_blank' }, 'Open incident view')));
  citeOptions(d.directives.filter((x) => x.in_force));
  lifecycle?.show(d);
  cmdline.rememberType(d.id, d.type_code);
  $('#detail-actions').hidden = false;
  replace($('#rec'), recommendationView());
}

async function select(id) {
  if (id !== selected) { recommendation = null; $('#why').value = ''; $('#override').value = ''; }
  selected = id;
  map?.select(id);
  for (const tr of document.querySelectorAll('#queue tr, #active tr')) tr.setAttribute('aria-selected', String(tr.dataset.id === id));
  await showDetail();
}

// Where the keyboard goes back to: the selected row, else the first pending one.
function focusBoard() {
  const row = $(`#queue tr[aria-selected="true"], #active tr[aria-selected="true"]`) || $('#queue tr');
  if (row) row.focus(); else document.activeElement?.blur();
}

// "Next pending": the top of the queue (highest priority, oldest), selected and focused.
async function nextPending() {
  const row = $('#queue tr:not([hidden])'); if (!row) return;
  row.focus(); await select(row.dataset.id);
}

function keys() {
  addEventListener('keydown', (ev) => {
    if (ev.key === 'F2') { $('#cmd').focus(); ev.preventDefault(); return; }
    if (ev.key === 'F3') { if (ev.target.closest('input, textarea, select')) focusBoard(); recommend(); ev.preventDefault(); return; }
    if (ev.key === 'F4') { nextPending(); ev.preventDefault(); return; }
    if (ev.key === 'Escape') {
      if (ev.target === $('#cmd') && $('#cmd').value) $('#cmd').value = ''; else focusBoard();
      ev.preventDefault(); return;
    }
    if (ev.target.closest('input, textarea, select')) return;
    if (ev.key === 'n' || ev.key === 'N') { nextPending(); ev.preventDefault(); return; }
    if (ev.key === '/') { $('#q-filter').focus(); ev.preventDefault(); return; }
    const n = Number(ev.key);
    if (n >= 1 && n <= 9 && picks()[n - 1]) { dispatch(picks()[n - 1].unit, true); ev.preventDefault(); }
    if ((ev.key === 'a' || ev.key === 'A') && recommendation) { assignAll(); ev.preventDefault(); }
  });
  const history = withHistory($('#cmd'));
  $('#cmdline').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = $('#cmd'), out = $('#cmd-out');
    history.add(input.value);
    out.className = 'cmd-out pending'; out.textContent = `⧗ sending: ${input.value.trim()}`;
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
  filterQueue = rowFilter($('#q-filter'), [$('#queue')], $('#q-shown'));
  filterActive = rowFilter($('#a-filter'), [$('#active')], $('#a-shown'));
  keys();
  // Group and narrow the boards on the server (board_filters.js).
  const bounds = () => map.bounds();
  queueBar = new BoardFilterBar($('#q-bar'), queueBoard, { base: queueBoard.filter, reload: () => showQueue(), bounds, name: 'pending queue' });
  activeBar = new BoardFilterBar($('#a-bar'), activeBoard, { base: activeBoard.filter, reload: () => showOpen(), bounds, name: 'active incidents', dims: ['status', 'priority', 'agency', 'discipline'] });
  lifecycle = new Lifecycle({ selected: () => selected, act, may });
  // The timers colour the boards once they are here; the boards do not wait for them.
  loadTimers().then(() => refresh(), (err) => notify(`Status timers not loaded (${err.detail}): ages use 2 / 5 min`));
  lifecycle.load().catch((err) => { $('#cmd-out').className = 'cmd-out err'; $('#cmd-out').textContent = `✖ could not load incident types or dispositions: ${err.detail}`; });
  $('#recommend').addEventListener('click', recommend);
  await showBoards();
  await showMap();
  await showAlerts();
}, { screen: 'dispatch' });

// What every console page shares: the login check, the header (who, role switcher, the screens
// the server says the role may use, clock, connection state), boards that say when they are
// stale, and the live stream feeding the screen's handlers.
import * as api from './api.js';
import * as session from './session.js';
import { $, $$, el, notify, tickAges } from './ui.js';
import { Stream } from './stream.js';
import { Freshness, badge } from './freshness.js';
import { Alerts } from './alerts.js';

const listeners = new Set();
// From api.me(): who, the role acted in, and what it may see and do (screens, commands).
export const me = { user: '', agency: '', roles: [], role: '', unit: null, screens: [], home: null, commands: [], reads: [] };

// Whether the role acted in may give a command / read a record (the server still decides).
export const may = (command) => me.commands.includes(command);
export const mayRead = (record) => me.reads.includes(record);

export function onEvents(fn) { listeners.add(fn); }

// Run fn (async) at most every `ms` while events keep arriving, never two at once, and once more
// after a run that events arrived during: the last render always reflects the latest state.
export function debounce(fn, ms = 150) {
  let timer = null; let running = false; let again = false;
  const run = async () => {
    timer = null;
    if (running) { again = true; return; }
    running = true;
    try { await fn(); } finally {
      running = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => { if (!timer) timer = setTimeout(run, ms); };
  return schedule;
}

function header() {
  $('#whoami') && ($('#whoami').textContent = `${me.user} · ${me.agency}`);
  for (const a of $$('.screens a')) {
    a.hidden = !me.screens.includes(a.dataset.screen);
    if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page');
  }
  const pick = $('#role-pick'), select = $('#role-select');
  if (pick && me.roles.length > 1) {
    pick.hidden = false;
    select.replaceChildren(...me.roles.map((r) => el('option', { value: r, selected: r === me.role }, r)));
    select.addEventListener('change', () => {
      session.setRole(select.value);
      location.assign('/console/'); // the start page asks the server for the new role's screen
    });
  }
  $('#logout')?.addEventListener('click', () => { session.logout(); location.assign('/console/login'); });
  const clock = $('#clock');
  const tick = () => { clock.textContent = new Date().toISOString().slice(11, 19) + 'Z'; };
  if (clock) { tick(); setInterval(tick, 1000); }
}

// The header's badge: the stream's state, or STALE while a board failed its last refresh.
const freshness = new Freshness();
const boards = new Map(); // name -> refresh, to retry the stale ones
let connState = 'connecting';

function drawBadge() {
  const c = $('#conn'), b = badge(connState, freshness.stale);
  document.body.dataset.conn = connState;
  document.body.dataset.stale = String(freshness.stale.length > 0);
  if (c) { c.className = `conn conn-${b.state}`; c.textContent = b.text; c.title = b.title; }
}

const BANNER = {
  offline: 'OFFLINE — reconnecting; the screen shows the last known state and orders may not go through',
  stale: 'STALE — no word from the server for a few seconds; the screen may be out of date and orders may not go through',
};

function connection(state, recovered) {
  const was = connState;
  connState = state;
  drawBadge();
  const banner = $('#offline-banner');
  if (banner) { banner.hidden = !BANNER[state]; banner.textContent = BANNER[state] || ''; }
  if (recovered) {
    notify(was === 'stale' ? 'The server answers again — the screen is current.' : 'Reconnected — resynced from the last event seen; the screen is current.');
    retryStale();
  }
}

// Orders in flight: SENDING n in the header until each is answered or times out.
function showPending(count) {
  const node = $('#sending');
  if (!node) return;
  node.hidden = count === 0;
  node.textContent = `SENDING ${count}`;
  document.body.dataset.sending = String(count);
}

function staleNote(node, name) {
  let note = $(`:scope > .stale-note[data-board="${name}"]`, node);
  if (!note) {
    note = el('p', { class: 'stale-note', role: 'alert', dataset: { board: name } });
    const heading = $(':scope > .panel-h', node);
    if (heading) heading.after(note); else node.prepend(note);
  }
  return note;
}

function markStale(name, nodes, err) {
  const news = freshness.failed(name, err);
  const text = `STALE — ${name} could not be refreshed: ${freshness.message(name)}. Retrying; what is shown may be out of date.`;
  for (const node of nodes) { node.classList.add('stale'); staleNote(node, name).textContent = text; }
  if (news) notify(text);
  drawBadge();
}

function markFresh(name, nodes) {
  if (!freshness.succeeded(name)) return;
  for (const node of nodes) {
    $(`:scope > .stale-note[data-board="${name}"]`, node)?.remove();
    if (!$(':scope > .stale-note', node)) node.classList.remove('stale');
  }
  drawBadge();
}

// A board: `load` fills the panels `panels()` returns from the API. The returned refresh never
// throws: a failure marks the panels STALE with the reason (and the header STALE, not LIVE)
// until a refresh succeeds; stale boards are retried after a reconnect and every RETRY_MS.
export function board(name, panels, load) {
  const nodes = () => [panels()].flat().filter(Boolean);
  const refresh = async () => {
    try { await load(); } catch (err) { markStale(name, nodes(), err); return false; }
    markFresh(name, nodes());
    return true;
  };
  boards.set(name, refresh);
  return refresh;
}

const RETRY_MS = 5000;
function retryStale() { for (const name of freshness.stale) boards.get(name)?.(); }

// Tokens are short-lived: exchange the token for a fresh one well before it expires, so a
// console stays signed in through a shift (a deactivated user is refused at the next refresh).
const REFRESH_MS = 5 * 60 * 1000;
function keepSignedIn() {
  setInterval(async () => {
    try {
      const tok = await api.refreshToken();
      const s = session.load();
      if (s) { s.token = tok.access_token; session.save(s); }
    } catch (err) {
      // Offline: the badge already says so and the next tick tries again (a 401 goes to login).
      if (err.status !== 0) notify(`Could not renew your sign-in: ${err.detail}`);
    }
  }, REFRESH_MS);
}

function refuse(...message) {
  $('#main').replaceChildren(el('p', { class: 'pad field-error', role: 'alert' }, ...message));
}

// Log in check, header, then the screen's initial load and the stream from the journal head.
// `screen` names the console screen this page is (one of me.screens), if it is one.
export async function boot(load, { screen = null } = {}) {
  const s = await session.loadOrBorrow();
  if (!s?.token) { session.toLogin(); return null; }
  session.share();
  // The journal's head, asked with /me (not after it: one round trip less before the boards);
  // read before the screen's first load, so the stream misses nothing that load did not see.
  // Unreachable now: start from 0; the stream shows OFFLINE until the server answers.
  const heading = api.headSeq().catch(() => 0);
  try {
    Object.assign(me, await api.me());
  } catch (err) {
    if (err.status === 403) { session.setRole(''); location.reload(); return null; }
    refuse(`Could not load your login: ${err.detail}. `, el('a', { href: location.pathname }, 'Try again'));
    return null;
  }
  header();
  api.onPending(showPending);
  keepSignedIn();
  if (screen && !me.screens.includes(screen)) {
    refuse(`Your role ${me.role} does not use this screen. `,
      me.home ? el('a', { href: `/console/${me.home}` }, 'Go to your screen') : 'It has no console screen.');
    return null;
  }
  tickAges();
  const head = await heading;
  await load();
  const alerts = $('#alert-cards') ? new Alerts({ root: $('#alert-cards'), bell: $('#alert-bell'), panel: $('#alert-settings'), more: $('#alert-more'), screen }) : null;
  window.tenfourAlerts = alerts; // tests read what was raised and sounded
  const stream = new Stream({
    onEvents: (events) => { alerts?.onEvents(events, me); for (const fn of listeners) fn(events); },
    onStatus: connection,
  });
  stream.start(head);
  setInterval(retryStale, RETRY_MS);
  window.tenfourStream = stream; // for tests and the curious: lastSeq, status
  return me;
}

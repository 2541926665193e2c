// What every console page shares: the login check, the header (who, role switcher, screens,
// clock, connection state) and the live stream feeding the screen's handlers.
import * as api from './api.js';
import * as session from './session.js';
import { $, $$, el, notify, tickAges } from './ui.js';
import { Stream } from './stream.js';

const listeners = new Set();
export const me = { user: '', agency: '', roles: [], role: '', unit: null };

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
    a.hidden = !a.dataset.roles.split(' ').includes(me.role);
    if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page');
  }
  const pick = $('#role-pick'), select = $('#role-select');
  if (pick && me.roles.length > 1) {
    pick.hidden = false;
    select.replaceChildren(...me.roles.map((r) => el('option', { value: r, selected: r === me.role }, r)));
    select.addEventListener('change', () => {
      session.setRole(select.value);
      location.assign(session.HOME[select.value] || '/console/');
    });
  }
  $('#logout')?.addEventListener('click', () => { session.clear(); location.assign('/console/login'); });
  const clock = $('#clock');
  const tick = () => { clock.textContent = new Date().toISOString().slice(11, 19) + 'Z'; };
  if (clock) { tick(); setInterval(tick, 1000); }
}

function connection(state, recovered) {
  const c = $('#conn'), banner = $('#offline-banner');
  document.body.dataset.conn = state;
  if (c) { c.className = `conn conn-${state}`; c.textContent = state === 'online' ? 'LIVE' : state.toUpperCase(); }
  if (banner) banner.hidden = state !== 'offline';
  if (recovered) notify('Reconnected — resynced from the last event seen; the screen is current.');
}

// Tokens are short-lived: exchange the token for a fresh one well before it expires, so a
// console stays signed in through a shift (a deactivated user is refused at the next refresh).
const REFRESH_MS = 5 * 60 * 1000;
function keepSignedIn() {
  setInterval(async () => {
    try {
      const tok = await api.post('/api/v1/auth/refresh');
      const s = session.load();
      if (s) { s.token = tok.access_token; session.save(s); }
    } catch { /* offline: the next tick tries again; a 401 goes to the login page */ }
  }, REFRESH_MS);
}

// Log in check, header, then the screen's initial load and the stream from the journal head.
export async function boot(load, { requireRoles = null } = {}) {
  const s = session.load();
  if (!s?.token) { session.toLogin(); return null; }
  try {
    Object.assign(me, await api.get('/api/v1/me'));
  } catch (err) {
    if (err.status === 403) { session.setRole(''); location.reload(); }
    return null;
  }
  header();
  keepSignedIn();
  if (requireRoles && !requireRoles.includes(me.role)) {
    $('#main').replaceChildren(el('p', { class: 'pad field-error', role: 'alert' },
      `Your role ${me.role} does not use this screen. `, el('a', { href: session.HOME[me.role] || '/console/' }, 'Go to your screen')));
    return null;
  }
  tickAges();
  let head = 0;
  try { head = (await (await fetch('/healthz', { cache: 'no-store' })).json()).head_seq || 0; } catch { /* offline */ }
  await load();
  const stream = new Stream({
    onEvents: (events) => { for (const fn of listeners) fn(events); },
    onStatus: connection,
  });
  stream.start(head);
  window.tenfourStream = stream; // for tests and the curious: lastSeq, status
  return me;
}

// The login session: token, user and the role acted in, kept in sessionStorage (per tab). What a
// role may see and do comes from the server (api.me()), never from a list kept here.
// A new tab of the same browser (e.g. "Open incident view") borrows the session of an open tab
// over a BroadcastChannel: same origin only, nothing written to lasting storage, so closing the
// browser still ends the session; logging out in one tab logs out them all.
const KEY = 'tenfour.session';
const CHANNEL = 'tenfour.session';
let channel = null;

function onMessage(ev) {
  const m = ev.data || {};
  if (m.type === 'ask') {
    const s = load();
    if (s?.token) channel.postMessage({ type: 'give', to: m.id, session: s });
  } else if (m.type === 'logout') {
    sessionStorage.removeItem(KEY);
    location.assign('/console/login');
  }
}

function open() {
  if (!channel && globalThis.BroadcastChannel) { channel = new BroadcastChannel(CHANNEL); channel.onmessage = onMessage; }
  return channel;
}

// Answer other tabs that ask for the session (call once this tab is logged in).
export function share() { open(); }

// This tab's session, or one borrowed from another open tab within `ms`; null when none.
export async function loadOrBorrow(ms = 500) {
  const own = load();
  if (own?.token || !open()) return own;
  const id = Math.random().toString(36).slice(2);
  const got = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    const take = (ev) => {
      if (ev.data?.type !== 'give' || ev.data.to !== id) return;
      clearTimeout(timer); channel.removeEventListener('message', take); resolve(ev.data.session);
    };
    channel.addEventListener('message', take);
    channel.postMessage({ type: 'ask', id });
  });
  if (got?.token) save(got);
  return got;
}

// Log out this tab and every other tab of this browser.
export function logout() {
  clear();
  open()?.postMessage({ type: 'logout' });
}

export function load() {
  try { return JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch { return null; }
}

export function save(session) { sessionStorage.setItem(KEY, JSON.stringify(session)); }

export function clear() { sessionStorage.removeItem(KEY); }

export function setRole(role) {
  const s = load();
  if (s) { s.role = role; save(s); }
}

export function toLogin() {
  const here = location.pathname + location.search;
  location.assign('/console/login' + (here.startsWith('/console/login') ? '' : '?next=' + encodeURIComponent(here)));
}

// The page of the screen the server says the role works on (api.me().home), or null.
export const homeOf = (me) => (me?.home ? `/console/${encodeURIComponent(me.home)}` : null);

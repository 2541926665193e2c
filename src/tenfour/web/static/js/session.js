// The login session: token, user and the role acted in, kept in sessionStorage (per tab). What a
// role may see and do comes from the server (api.me()), never from a list kept here.
const KEY = 'tenfour.session';

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

// The login session: token, user, roles and the role acted in, kept in sessionStorage (per tab).
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

// The screen a role works on.
export const HOME = {
  call_taker: '/console/calltaker', dispatcher: '/console/dispatch', supervisor: '/console/command',
  commander: '/console/command', unit: '/console/unit', records: '/console/records',
  admin: '/console/records', centre_admin: '/console/records', partner: '/console/records',
};

export function toLogin() {
  const here = location.pathname + location.search;
  location.assign('/console/login' + (here.startsWith('/console/login') ? '' : '?next=' + encodeURIComponent(here)));
}

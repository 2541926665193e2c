// The login form: log in, ask the server who we are and which screen is the role's home, go there.
import * as api from '../api.js';
import * as session from '../session.js';
import { $ } from '../ui.js';

const form = $('#login-form');
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const out = $('#login-error');
  out.textContent = '';
  const username = form.username.value.trim(), password = form.password.value;
  if (!username || !password) { out.textContent = 'Enter your user name and password.'; return; }
  try {
    const tok = await api.login(username, password);
    session.save({ token: tok.access_token, role: '' });
    const me = await api.me();
    session.save({ token: tok.access_token, role: me.role, user: me.user });
    const next = new URLSearchParams(location.search).get('next');
    const safe = next && next.startsWith('/console/') && !next.startsWith('/console/login') ? next : null;
    location.assign(safe || session.homeOf(me) || '/console/');
  } catch (err) {
    out.textContent = err.detail || 'Log in failed.';
    form.password.select();
  }
});

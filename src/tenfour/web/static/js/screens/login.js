// The login form: POST /api/v1/auth/token, then GET /me for roles, then the role's screen.
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
    const me = await api.get('/api/v1/me');
    session.save({ token: tok.access_token, role: me.role, user: me.user });
    const next = new URLSearchParams(location.search).get('next');
    const safe = next && next.startsWith('/console/') && !next.startsWith('/console/login') ? next : null;
    location.assign(safe || session.HOME[me.role] || '/console/records');
  } catch (err) {
    out.textContent = err.detail || 'Log in failed.';
    form.password.select();
  }
});

// /console/: the screen the server says the role works on, or the login page.
import * as api from '../api.js';
import * as session from '../session.js';
import { $, el } from '../ui.js';

const say = (text) => $('#main').replaceChildren(el('p', { class: 'pad field-error', role: 'alert', text }));

async function start() {
  if (!(await session.loadOrBorrow())?.token) { location.replace('/console/login'); return; }
  let me;
  try { me = await api.me(); } catch (err) {
    if (err.status === 403 && session.load()?.role) { session.setRole(''); await start(); return; } // a role no longer held
    say(`Could not load your login: ${err.detail}. Reload to try again.`); return;
  }
  const home = session.homeOf(me);
  if (home) location.replace(home); else say(`Your role ${me.role} has no console screen.`);
}

start();

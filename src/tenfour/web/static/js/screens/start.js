// /console/: the role's screen, or the login page.
import * as session from '../session.js';

const s = session.load();
location.replace(s?.token ? session.HOME[s.role] || '/console/records' : '/console/login');

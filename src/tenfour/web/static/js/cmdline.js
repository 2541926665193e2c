// The dispatcher's command line: a terse syntax for the same API calls the buttons make.
//   D <unit> [<incident>] [reason]            dispatch (default: the selected incident); the
//                                             reason is needed for a unit not recommended
//   DO <unit> [<incident>] <reason>           dispatch overriding a stand-down or hold (the
//                                             reason also covers a unit not recommended)
//   ER <unit> | OS <unit>                      en route | on scene
//   CL <unit> [DIRn] [reason]                  clear, citing a directive
//   R [<incident>] <text>                      remark
//   OOS <unit> [reason] | IS <unit>            out of service | back in service
//   TR <unit> | AH <unit>                      transporting | at hospital
//   C [<incident>] <disposition> | CAN [<incident>]   close with a disposition | cancel the call
//   P [<incident>] <1-5> [<type>]              re-prioritise (and reclassify)
//   RL [<incident>] <address>                  relocate (geocoded)
//   LK [<incident>] <other> <reason>           link another incident
//   UL [<incident>] <other> <reason>           unlink (a link made in error)
//   I <incident>                               select an incident
// The server decides whether an order is allowed; refusals are shown as it words them.
import * as api from './api.js';
import { CANCEL_DISPOSITION, relocateTo } from './lifecycle.js';

export const HELP = 'D unit [incident] [reason] · DO unit [incident] override reason · ER|OS|TR|AH unit · CL unit [DIRn] [reason] · R [incident] text · C [incident] disposition · CAN [incident] · P [incident] 1-5 [type] · RL [incident] address · LK|UL [incident] other reason · OOS unit · IS unit · I incident';

// What a parsed order may call: api.js, and the few orders that take more than one request.
const CALLS = { ...api, relocateTo };

export class CommandError extends Error {}

const isIncident = (t) => /^\d{4}-\d+$/.test(t || '');

function need(value, what) {
  if (!value) throw new CommandError(`${what} missing — ${HELP}`);
  return value;
}

// An order: what to say when it is done, and the api.js call that gives it with its arguments.
const order = (label, call, ...args) => ({ label, call, args });

// The type an incident has now (P keeps it when none is typed): the screen tells cmdline.
const knownTypes = new Map();
export function rememberType(incident, type) { knownTypes.set(incident, type); }
function selectedType(incident) {
  const t = knownTypes.get(incident);
  if (!t) throw new CommandError(`type missing (select the incident first or type it: P ${incident} 1 type) — ${HELP}`);
  return t;
}

// Parse a line into {label, call, args} (call names a function of api.js) or {select}; pure, and
// throws CommandError on bad syntax.
export function parse(line, selected) {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() || '').toUpperCase();
  const unit = () => need(words.shift(), 'unit').toUpperCase();
  const rest = () => words.join(' ') || null;
  switch (verb) {
    case 'D': case 'DO': {
      const u = unit();
      const incident = isIncident(words[0]) ? words.shift() : need(selected, 'incident');
      const reason = verb === 'DO' ? need(rest(), 'override reason') : rest();
      const override = verb === 'DO' ? reason : null;
      return order(`${u} dispatched to ${incident}${override ? ' (override)' : ''}`, 'dispatch', incident, u, { reason, override_reason: override });
    }
    case 'ER': { const u = unit(); return order(`${u} en route`, 'markEnRoute', u); }
    case 'OS': { const u = unit(); return order(`${u} on scene`, 'markOnScene', u); }
    case 'CL': {
      const u = unit();
      const directive = /^DIR\d+$/i.test(words[0] || '') ? words.shift().toUpperCase() : null;
      return order(`${u} cleared${directive ? ` per ${directive}` : ''}`, 'clearUnit', u, { directive, reason: rest() });
    }
    case 'R': {
      const incident = isIncident(words[0]) ? words.shift() : need(selected, 'incident');
      return order(`remark on ${incident}`, 'addRemark', incident, need(rest(), 'remark text'));
    }
    case 'TR': { const u = unit(); return order(`${u} transporting`, 'markTransporting', u); }
    case 'AH': { const u = unit(); return order(`${u} at hospital`, 'markAtHospital', u); }
    case 'C': case 'CAN': {
      const incident = isIncident(words[0]) ? words.shift() : need(selected, 'incident');
      const disposition = verb === 'CAN' ? CANCEL_DISPOSITION : need(words.shift(), 'disposition').toLowerCase();
      return order(`${incident} closed (${disposition})`, 'closeIncident', incident, disposition);
    }
    case 'P': {
      const incident = isIncident(words[0]) ? words.shift() : need(selected, 'incident');
      const priority = Number(need(words.shift(), 'priority'));
      if (!Number.isInteger(priority)) throw new CommandError(`priority must be a number — ${HELP}`);
      return order(`${incident} priority ${priority}`, 'reclassify', incident, words.shift() || selectedType(incident), priority);
    }
    case 'RL': {
      const incident = isIncident(words[0]) ? words.shift() : need(selected, 'incident');
      const address = need(rest(), 'address');
      return order(`${incident} relocated to ${address}`, 'relocateTo', incident, address);
    }
    case 'LK': case 'UL': {
      const incident = isIncident(words[0]) && isIncident(words[1]) ? words.shift() : need(selected, 'incident');
      const other = need(words.shift(), verb === 'LK' ? 'incident to link' : 'incident to unlink');
      const reason = need(rest(), 'reason');
      return verb === 'LK' ? order(`${incident} linked to ${other}`, 'linkIncident', incident, other, reason)
        : order(`${incident} unlinked from ${other}`, 'unlinkIncident', incident, other, reason);
    }
    case 'OOS': { const u = unit(); return order(`${u} out of service`, 'setService', u, false, rest()); }
    case 'IS': { const u = unit(); return order(`${u} in service`, 'setService', u, true); }
    case 'I': return { select: need(words.shift(), 'incident') };
    case '': throw new CommandError(HELP);
    default: throw new CommandError(`unknown command ${verb} — ${HELP}`);
  }
}

// Run a line; resolves to {ok, text, select?}. Never throws.
export async function run(line, selected) {
  let cmd;
  try { cmd = parse(line, selected); } catch (err) { return { ok: false, text: err.message }; }
  if (cmd.select) return { ok: true, text: `incident ${cmd.select}`, select: cmd.select };
  try {
    await CALLS[cmd.call](...cmd.args);
    return { ok: true, text: `✔ ${cmd.label}` };
  } catch (err) {
    return { ok: false, text: `✖ ${err.detail || err.message}` };
  }
}

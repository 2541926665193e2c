// The dispatcher's command line: a terse syntax for the same API calls the buttons make.
//   D <unit> [<incident>] [reason]            dispatch (default: the selected incident); the
//                                             reason is needed for a unit not recommended
//   DO <unit> [<incident>] <reason>           dispatch overriding a stand-down or hold (the
//                                             reason also covers a unit not recommended)
//   ER <unit> | OS <unit>                      en route | on scene
//   CL <unit> [DIRn] [reason]                  clear, citing a directive
//   R [<incident>] <text>                      remark
//   OOS <unit> [reason] | IS <unit>            out of service | back in service
//   I <incident>                               select an incident
// The server decides whether an order is allowed; refusals are shown as it words them.
import * as api from './api.js';

export const HELP = 'D unit [incident] [reason] · DO unit [incident] override reason · ER unit · OS unit · CL unit [DIRn] [reason] · R [incident] text · OOS unit · IS unit · I incident';

export class CommandError extends Error {}

const isIncident = (t) => /^\d{4}-\d+$/.test(t || '');

function need(value, what) {
  if (!value) throw new CommandError(`${what} missing — ${HELP}`);
  return value;
}

// An order: what to say when it is done, and the api.js call that gives it with its arguments.
const order = (label, call, ...args) => ({ label, call, args });

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
    await api[cmd.call](...cmd.args);
    return { ok: true, text: `✔ ${cmd.label}` };
  } catch (err) {
    return { ok: false, text: `✖ ${err.detail || err.message}` };
  }
}

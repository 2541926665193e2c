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
import { post, enc } from './api.js';

export const HELP = 'D unit [incident] [reason] · DO unit [incident] override reason · ER unit · OS unit · CL unit [DIRn] [reason] · R [incident] text · OOS unit · IS unit · I incident';

export class CommandError extends Error {}

const isIncident = (t) => /^\d{4}-\d+$/.test(t || '');

function need(value, what) {
  if (!value) throw new CommandError(`${what} missing — ${HELP}`);
  return value;
}

// Parse a line into {label, path, body} or {select}; throws CommandError on bad syntax.
export function parse(line, selected) {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() || '').toUpperCase();
  const unit = () => need(words.shift(), 'unit').toUpperCase();
  switch (verb) {
    case 'D': case 'DO': {
      const u = unit();
      const incident = isIncident(words[0]) ? words.shift() : need(selected, 'incident');
      const reason = verb === 'DO' ? need(words.join(' '), 'override reason') : words.join(' ');
      const body = { incident, ...(reason && { reason }), ...(verb === 'DO' && { override_reason: reason }) };
      return { label: `${u} dispatched to ${incident}${verb === 'DO' ? ' (override)' : ''}`, path: `/api/v1/units/${enc(u)}/dispatch`, body };
    }
    case 'ER': { const u = unit(); return { label: `${u} en route`, path: `/api/v1/units/${enc(u)}/enroute`, body: {} }; }
    case 'OS': { const u = unit(); return { label: `${u} on scene`, path: `/api/v1/units/${enc(u)}/onscene`, body: {} }; }
    case 'CL': {
      const u = unit();
      const directive = /^DIR\d+$/i.test(words[0] || '') ? words.shift().toUpperCase() : null;
      const reason = words.join(' ') || null;
      return { label: `${u} cleared${directive ? ` per ${directive}` : ''}`, path: `/api/v1/units/${enc(u)}/clear`,
        body: { ...(directive && { directive }), ...(reason && { reason }) } };
    }
    case 'R': {
      const incident = isIncident(words[0]) ? words.shift() : need(selected, 'incident');
      const text = need(words.join(' '), 'remark text');
      return { label: `remark on ${incident}`, path: `/api/v1/incidents/${enc(incident)}/remarks`, body: { text } };
    }
    case 'OOS': { const u = unit(); const reason = words.join(' ') || null;
      return { label: `${u} out of service`, path: `/api/v1/units/${enc(u)}/service`, body: { in_service: false, ...(reason && { reason }) } }; }
    case 'IS': { const u = unit(); return { label: `${u} in service`, path: `/api/v1/units/${enc(u)}/service`, body: { in_service: true } }; }
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
    await post(cmd.path, cmd.body);
    return { ok: true, text: `✔ ${cmd.label}` };
  } catch (err) {
    return { ok: false, text: `✖ ${err.detail || err.message}` };
  }
}

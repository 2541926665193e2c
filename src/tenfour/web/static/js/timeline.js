// An incident's timeline as a list: from the verified timeline route when it is there, else built
// from the incident detail. Struck remarks stay, struck through; every line says who and when.
import { el, fmtTime } from './ui.js';
import { player } from './radio.js';

const KIND_CLASS = {
  directive: 'k-directive', hit: 'k-hit', hazard: 'k-hit', acknowledgment: 'k-ack', override: 'k-override', refusal: 'k-override',
};
const TYPE_CLASS = { BulletinMatched: 'k-hit', HazardMatched: 'k-hit' };

function who(by, role, agency) { return [by, role, agency].filter(Boolean).join(' · '); }

function detailEntries(d) {
  const out = [];
  for (const c of d.calls) {
    out.push({ at: c.received_at, kind: 'call', what: `CALL ${c.id}`, text: [c.ani && `ANI ${c.ani}`, c.ali && `ALI ${c.ali}`, c.caller_name].filter(Boolean).join(' · '), who: c.call_taker });
  }
  for (const r of d.remarks) {
    out.push({ at: r.at, kind: 'remark', what: `REMARK ${r.id}`, text: r.text, who: r.author, remark: r.id, struck: r.struck,
      note: r.struck ? `struck by ${r.struck_by}: ${r.struck_reason}` : r.corrects ? `corrects ${r.corrects}` : '' });
  }
  for (const a of d.assignments) {
    for (const o of a.orders) {
      const cite = o.directive ? ` per ${o.directive}` : '';
      out.push({ at: o.at, kind: o.directive ? 'directive' : 'assignment', what: `${a.unit} ${o.kind.toUpperCase()}`,
        text: `${cite}${o.reason ? ` — ${o.reason}` : ''}${a.override && o.kind === 'dispatched' ? ` (override ${a.override})` : ''}`.trim(), who: who(o.by, o.role, o.agency) });
    }
  }
  for (const x of d.directives) {
    out.push({ at: x.issued_at, kind: 'directive', what: `DIRECTIVE ${x.id} ${x.kind.toUpperCase()}`,
      text: `${x.authority ? `${x.authority}: ` : ''}${x.reason}${x.message ? ` — ${x.message}` : ''}`, who: who(x.issuer, x.role, x.agency) });
    for (const [unit, at] of Object.entries(x.acks)) out.push({ at, kind: 'acknowledgment', what: `ACK ${x.id}`, text: `${unit} acknowledged`, who: unit });
    if (x.lifted_at) out.push({ at: x.lifted_at, kind: 'directive', what: `LIFTED ${x.id}`, text: x.lift_reason || '', who: x.lifted_by });
  }
  for (const b of d.bulletins_hit) out.push({ at: '', kind: 'hit', what: `BULLETIN HIT ${b.id}`, text: `${b.subject} (${b.agency})`, who: b.agency });
  for (const h of d.hazards_hit) out.push({ at: '', kind: 'hazard', what: `HAZARD ${h.id}`, text: h.description, who: h.agency });
  for (const r of d.requests) {
    out.push({ at: r.requested_at, kind: 'request', what: `ASSIST REQUEST ${r.id}`, text: `${r.from_agency} → ${r.to_agency}: ${r.what}`, who: r.requested_by });
    if (r.answered_at) out.push({ at: r.answered_at, kind: 'request', what: `ANSWER ${r.id} ${String(r.answer).toUpperCase()}`, text: r.answer_reason || '', who: r.answered_by });
  }
  return out.sort((a, b) => (a.at || '~').localeCompare(b.at || '~'));
}

function routeEntries(tl, struck) {
  const radio = new Map((tl.radio || []).map((r) => [r.seq, r]));
  return tl.entries.map((e) => ({
    radio: radio.get(e.seq) || null,
    at: e.at, seq: e.seq, kind: e.kind || e.type, what: e.type, text: e.sentence || '', who: who(e.actor.user, e.actor.role, e.actor.agency),
    remark: e.type === 'RemarkAdded' ? e.payload.remark : null, struck: e.type === 'RemarkAdded' && struck.has(e.payload.remark),
  }));
}

export function entries(detail, timeline) {
  if (!timeline) return detailEntries(detail);
  const struck = new Set(detail.remarks.filter((r) => r.struck).map((r) => r.id));
  return routeEntries(timeline, struck);
}

export function render(list, items, { onStrike } = {}) {
  list.replaceChildren(...items.map((e) => el('li', { class: `${TYPE_CLASS[e.what] || KIND_CLASS[e.kind] || ''} ${e.struck ? 'struck' : ''}`, dataset: { kind: e.kind } },
    el('span', { class: 't', text: fmtTime(e.at) || '—' }),
    el('span', { class: 'k', text: e.what }),
    el('span', {}, el('span', { class: e.struck ? 'x' : '', text: e.text }), e.note ? el('span', { class: 'muted', text: `  (${e.note})` }) : null,
      e.radio ? player(e.radio) : null,
      e.remark && !e.struck && onStrike ? el('button', { type: 'button', class: 'btn btn-sm', 'aria-label': `Strike ${e.remark}`, onclick: () => onStrike(e.remark) }, 'Strike') : null),
    el('span', { class: 'who', text: e.who || '' }))));
}

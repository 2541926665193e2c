// Pieces of an incident every screen shows the same way: the red directive banner, the header.
import { el, fmtTime, prio, status } from './ui.js';

// The console page of one incident.
export const incidentHref = (id) => `/console/incident/${encodeURIComponent(id)}`;

export function directiveLine(d) {
  return el('div', { class: 'dir', dataset: { directive: d.id } },
    el('span', { class: 'kind', text: d.kind.replace('_', ' ') }),
    el('span', { text: `${d.reason}` }),
    d.message ? el('span', { text: ` — ${d.message}` }) : null,
    el('div', { class: 'meta', text: `${d.id} · issued by ${d.issuer} (${d.role}${d.authority ? `, ${d.authority}` : ''}, ${d.agency}) at ${fmtTime(d.issued_at)}` }));
}

// Fill `node` with the directives in force (hidden when there are none).
export function banner(node, directives) {
  const inForce = directives.filter((d) => d.in_force);
  node.hidden = inForce.length === 0;
  node.replaceChildren(...inForce.map(directiveLine));
}

export function head(d) {
  const field = (label, ...value) => el('div', {}, el('b', { text: label }), ...value);
  return [
    field('Incident', el('span', { class: 'mono', text: d.id })),
    field('Type', d.type_code), field('Priority', prio(d.priority)), field('Status', status(d.status)),
    field('Location', d.address, ' ', el('span', { class: `badge ${d.verified ? 'badge-verified' : 'badge-unverified'}`, text: d.verified ? 'VERIFIED' : 'UNVERIFIED' })),
    field('Opened', `${fmtTime(d.created_at)} by ${d.created_by}`),
    field('Calls', String(d.calls.length)),
    d.links.length ? field('Linked', d.links.join(', ')) : null,
  ];
}

export function hits(d) {
  return [
    ...d.bulletins_hit.map((b) => el('div', { class: 'hit', dataset: { bulletin: b.id } },
      el('b', { text: `BULLETIN HIT ${b.id}: ` }), `${b.subject}`, b.plates.length ? ` · plates ${b.plates.join(', ')}` : '', ` · ${b.agency}`)),
    ...d.hazards_hit.map((h) => el('div', { class: 'hit hit-hazard', dataset: { hazard: h.id } },
      el('b', { text: `HAZARD ${h.id}: ` }), h.description)),
  ];
}

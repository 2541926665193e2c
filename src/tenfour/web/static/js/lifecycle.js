// The incident's life cycle on the dispatcher's screen: the call as the caller gave it (caller,
// callback number, ALI, narrative and remarks), its flags (NEEDS CLOSE, NO POSITION), and the
// orders after dispatch: close with a disposition, cancel, relocate, reclassify / re-prioritise,
// link. The forms live outside the re-rendered detail, so typing survives live updates; the
// server decides every order (what is allowed, what a status means).
import * as api from './api.js';
import { $, el, fmtTime } from './ui.js';

export const CANCEL_DISPOSITION = 'cancelled';

// Relocate to a typed address: geocoded here, sent with the geocoder's position when it found
// one (the server's gazetteer decides whether it is verified).
export async function relocateTo(incident, address) {
  const g = await api.geocode(address);
  return api.relocate(incident, g.verified ? g.address : address, g.found ? g.lat : null, g.found ? g.lon : null);
}

// Flags an incident row or detail carries: served and awaiting its disposition; no position.
export function flags(i) {
  return [
    i.status === 'cleared' ? el('span', { class: 'badge badge-close', title: 'every unit cleared: close it with a disposition', text: 'NEEDS CLOSE' }) : null,
    i.lat == null || i.lon == null ? el('span', { class: 'badge badge-bad', title: 'no position: relocate it before dispatching', text: 'NO POSITION' }) : null,
  ].filter(Boolean);
}

// The calls: who rang, the number to call back, what the network said (ALI), when.
export function callInfo(d) {
  if (!d.calls.length) return null;
  return el('div', { class: 'calls' }, ...d.calls.map((c) => el('div', { class: 'call', dataset: { call: c.id } },
    el('span', {}, el('b', { text: 'Caller ' }), c.caller_name || '—'),
    el('span', {}, el('b', { text: 'Callback ' }), c.ani ? el('a', { class: 'mono', href: `tel:${c.ani}`, text: c.ani }) : '—'),
    el('span', {}, el('b', { text: 'ALI ' }), c.ali || '—'),
    el('span', { class: 'muted', text: `${fmtTime(c.received_at)} · ${c.call_taker}` }))));
}

// The narrative and remarks, oldest first; a struck one stays, struck through, with its reason.
export function remarks(d) {
  if (!d.remarks.length) return el('p', { class: 'muted', text: 'No narrative or remarks.' });
  return el('ol', { class: 'remarks', 'aria-label': 'Narrative and remarks' }, ...d.remarks.map((r) => el('li', { class: r.struck ? 'struck' : '', dataset: { remark: r.id } },
    el('span', { class: 'mono muted', text: `${fmtTime(r.at).slice(0, 8)} ${r.author} ` }),
    el('span', { class: 'x', text: r.text }),
    r.struck ? el('span', { class: 'muted', text: ` (struck by ${r.struck_by}: ${r.struck_reason})` }) : null)));
}

// Wire the forms in #lifecycle once: `selected()` gives the incident the orders are for,
// `act(fn)` runs an order and shows its outcome, `may(command)` hides what the role cannot do.
export class Lifecycle {
  constructor({ selected, act, may }) {
    Object.assign(this, { selected, act, may });
    this.shownFor = null; this.types = [];
    const form = (id, command, fn) => {
      const f = $(id); if (!f) return;
      f.hidden = !may(command);
      f.addEventListener('submit', (ev) => { ev.preventDefault(); if (this.selected()) fn(f); });
    };
    form('#f-close', 'CloseIncident', () => this.close($('#disposition').value));
    $('#cancel-incident')?.addEventListener('click', () => this.close(CANCEL_DISPOSITION));
    form('#f-relocate', 'RelocateIncident', () => this.relocate($('#relocate-address').value));
    form('#f-reclassify', 'ReclassifyIncident', () => this.act(() => api.reclassify(this.selected(), $('#reclass-type').value, Number($('#reclass-priority').value))));
    form('#f-link', 'LinkIncidents', () => this.act(() => api.linkIncident(this.selected(), $('#link-other').value.trim(), $('#link-reason').value.trim())));
    $('#unlink')?.addEventListener('click', () => {
      if (this.selected()) this.act(() => api.unlinkIncident(this.selected(), $('#link-other').value.trim(), $('#link-reason').value.trim()));
    });
    if ($('#unlink')) $('#unlink').hidden = !may('UnlinkIncidents');
    $('#reclass-type')?.addEventListener('change', () => {
      const t = this.types.find((x) => x.code === $('#reclass-type').value);
      if (t) $('#reclass-priority').value = String(t.default_priority); // priority follows type
    });
  }

  // The vocabularies (types, dispositions) from the server, once.
  async load() {
    const [types, dispositions] = await Promise.all([api.incidentTypes(), api.dispositions()]);
    this.types = types;
    $('#reclass-type')?.replaceChildren(...types.map((t) => el('option', { value: t.code, text: `${t.label} (${t.default_priority})` })));
    $('#disposition')?.replaceChildren(...dispositions.map((x) => el('option', { value: x.code, text: x.code.replaceAll('_', ' ') })));
  }

  // A newly selected incident: its current type and priority as the defaults; the forms keep
  // what is typed while the same incident is re-rendered.
  show(d) {
    if (this.shownFor === d.id) return;
    this.shownFor = d.id;
    const type = $('#reclass-type');
    if (type && !this.types.some((t) => t.code === d.type_code)) type.append(el('option', { value: d.type_code, text: d.type_code }));
    if (type) type.value = d.type_code;
    if ($('#reclass-priority')) $('#reclass-priority').value = String(d.priority);
    for (const id of ['#relocate-address', '#link-other', '#link-reason']) if ($(id)) $(id).value = '';
    if ($('#relocate-address') && (d.lat == null || d.lon == null)) $('#relocate-address').value = d.address;
  }

  async close(disposition) {
    if (!disposition) return;
    await this.act(() => api.closeIncident(this.selected(), disposition));
  }

  async relocate(text) {
    const address = text.trim(); if (!address) return;
    await this.act(() => relocateTo(this.selected(), address));
  }
}

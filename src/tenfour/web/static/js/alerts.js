// Audible and visual alerts with acknowledgment: a new P1/P2 call, a directive, a refused
// dispatch, a partner's request or proposal, a phrase heard on the radio. Each alert stays on screen until acknowledged
// (button, or Alt+K for all), the header's alert bar shows the newest (never covering the
// screen; "+n" opens the others), the tab title counts them, a tone sounds (once the page has had
// a click or key, as browsers require) and a phone vibrates. What sounds is set per position
// (screen) in this browser: "♪ Alerts" in the header.

export const KINDS = {
  call: 'New P1/P2 call',
  directive: 'Directive',
  refusal: 'Refused dispatch',
  request: "Partner's request",
  radio: 'Radio phrase heard',
};

// The alert an event raises, or null. Pure: node's tests call it.
export function alertOf(e) {
  const p = e.payload || {};
  switch (e.type) {
    case 'IncidentCreated':
      return p.priority <= 2 ? { kind: 'call', level: p.priority === 1 ? 'high' : 'medium', text: `P${p.priority} ${p.type_code} — ${p.address} (${p.incident})`, incident: p.incident } : null;
    case 'DirectiveIssued':
      return { kind: 'directive', level: 'high', text: `${p.kind.replace('_', ' ').toUpperCase()} ${p.directive}: ${p.reason}${p.incident ? ` (${p.incident})` : ''}`, incident: p.incident };
    case 'DispatchRefused':
      return { kind: 'refusal', level: 'high', text: `Dispatch of ${p.unit} to ${p.incident} refused under ${p.directive}: ${p.reason}`, incident: p.incident };
    case 'AssistanceRequested':
      return { kind: 'request', level: 'medium', text: `${p.from_agency} asks ${p.to_agency}: ${p.what} at ${p.where} (${p.incident})`, incident: p.incident };
    case 'IncidentChangeProposed':
      return { kind: 'request', level: 'medium', text: `${p.source} proposes a change to ${p.incident}`, incident: p.incident };
    case 'RadioPhraseProposed':
      return { kind: 'radio', level: p.kind === 'stand_down' || p.kind === 'no_units_respond' ? 'high' : 'medium',
        text: `RADIO ${p.kind.replace(/_/g, ' ').toUpperCase()}${p.unit ? ` ${p.unit}` : ''}: “${p.phrase}” — confirm or dismiss${p.incident ? ` (${p.incident})` : ''}`, incident: p.incident };
    default: return null;
  }
}

// Per position: which kinds alert and whether they sound, in localStorage under the screen.
export class Settings {
  constructor(screen, storage = globalThis.localStorage) {
    this.key = `tenfour.alerts.${screen || 'console'}`; this.storage = storage;
    let saved = null; try { saved = JSON.parse(storage?.getItem(this.key) || 'null'); } catch { saved = null; }
    this.sound = saved?.sound ?? true;
    // A unit's phone alerts on directives only unless its crew says otherwise.
    const byDefault = (k) => screen !== 'unit' || k === 'directive';
    this.kinds = { ...Object.fromEntries(Object.keys(KINDS).map((k) => [k, byDefault(k)])), ...(saved?.kinds || {}) };
  }

  save() { this.storage?.setItem(this.key, JSON.stringify({ sound: this.sound, kinds: this.kinds })); }

  wants(alert) { return Boolean(alert && this.kinds[alert.kind]); }
}

// The tab title while alerts wait: "(2) ⚠ Dispatch · tenfour".
export function titleWith(base, count) { return count ? `(${count}) ⚠ ${base}` : base; }

let audio = null;
function tone(level) {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') audio.resume();
    const beeps = level === 'high' ? 3 : 1;
    for (let n = 0; n < beeps; n += 1) {
      const osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = level === 'high' ? 1046 : 784;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio.destination);
      const at = audio.currentTime + n * 0.25;
      osc.start(at); osc.stop(at + 0.15);
    }
    return true;
  } catch {
    return false; // no audio in this browser: the visual alert stays
  }
}

// The alerts of one page: `root` holds the cards, `bell` opens the settings.
export class Alerts {
  constructor({ root, bell, panel, more = null, screen, doc = document, onOpen = null }) {
    Object.assign(this, { root, bell, panel, more, doc, onOpen });
    more?.addEventListener('click', () => this.root.classList.toggle('expanded'));
    this.settings = new Settings(screen);
    this.baseTitle = doc.title; this.open = []; this.raised = 0; this.sounded = 0;
    bell?.addEventListener('click', () => { panel.hidden = !panel.hidden; if (!panel.hidden) this.drawSettings(); });
    doc.addEventListener('keydown', (ev) => { if (ev.altKey && (ev.key === 'k' || ev.key === 'K')) { this.ackAll(); ev.preventDefault(); } });
  }

  onEvents(events, me) {
    for (const e of events) {
      if (e.actor?.user && e.actor.user === me.user) continue; // your own order is no news to you
      const alert = alertOf(e);
      if (this.settings.wants(alert)) this.raise({ ...alert, seq: e.seq, at: e.at });
    }
  }

  raise(alert) {
    this.open.push(alert); this.raised += 1;
    const card = this.doc.createElement('div');
    card.className = `alert-card alert-${alert.level} alert-${alert.kind}`;
    card.setAttribute('role', 'alert'); card.dataset.seq = String(alert.seq);
    const text = this.doc.createElement('span'); text.textContent = `${KINDS[alert.kind]}: ${alert.text}`;
    const ack = this.doc.createElement('button');
    ack.type = 'button'; ack.className = 'btn btn-sm'; ack.textContent = 'Ack';
    ack.addEventListener('click', () => this.ack(alert, card));
    card.append(text, ack);
    if (alert.incident && this.onOpen) card.addEventListener('dblclick', () => this.onOpen(alert.incident));
    this.root.append(card);
    if (this.settings.sound && tone(alert.level)) this.sounded += 1;
    if (alert.level === 'high') globalThis.navigator?.vibrate?.([200, 100, 200]);
    this.drawTitle();
  }

  ack(alert, card) {
    this.open = this.open.filter((a) => a !== alert); card.remove();
    this.drawTitle();
  }

  ackAll() { this.open = []; this.root.replaceChildren(); this.drawTitle(); }

  drawTitle() {
    const n = this.open.length;
    this.doc.title = titleWith(this.baseTitle, n);
    this.doc.body.dataset.alerts = String(n);
    this.root.hidden = n === 0;
    if (n < 2) this.root.classList.remove('expanded');
    if (this.more) { this.more.hidden = n < 2; this.more.textContent = `+${n - 1}`; }
  }

  drawSettings() {
    const box = (label, checked, onChange) => {
      const l = this.doc.createElement('label'), i = this.doc.createElement('input');
      i.type = 'checkbox'; i.checked = checked; i.addEventListener('change', () => { onChange(i.checked); this.settings.save(); });
      l.append(i, ` ${label}`); return l;
    };
    this.panel.replaceChildren(box('Sound', this.settings.sound, (v) => { this.settings.sound = v; }),
      ...Object.entries(KINDS).map(([k, label]) => box(label, this.settings.kinds[k], (v) => { this.settings.kinds[k] = v; })));
  }
}

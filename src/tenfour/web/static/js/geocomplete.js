// Address autocomplete on an input (ARIA combobox): suggestions from the geocoder as you type,
// arrow keys and Enter to pick, and a verified / unverified badge from the geocoder's answer. A
// failed lookup is reported through onError(err) (and onError(null) once lookups work again).
import * as api from './api.js';
import { el } from './ui.js';

export class AddressField {
  constructor(input, list, badge, onLocated, onError = () => {}) {
    Object.assign(this, { input, list, badge, onLocated, onError });
    this.items = []; this.active = -1; this.location = null; this.timer = null; this.asked = 0;
    input.addEventListener('input', () => { this.setLocation(null); clearTimeout(this.timer); this.timer = setTimeout(() => this.suggest(), 120); });
    input.addEventListener('keydown', (ev) => this.key(ev));
    input.addEventListener('blur', () => setTimeout(() => { this.close(); if (!this.location && input.value.trim()) this.geocode(input.value); }, 150));
  }

  async suggest() {
    const q = this.input.value.trim();
    if (q.length < 2) { this.close(); return; }
    const ticket = ++this.asked;
    let res; try { res = await api.suggestAddresses(q); } catch (err) { this.onError(err); return; }
    this.onError(null);
    if (ticket !== this.asked) return;
    this.items = res.suggestions; this.active = -1;
    this.list.replaceChildren(...this.items.map((s, n) => el('li', { role: 'option', id: `addr-opt-${n}`, 'aria-selected': 'false', onmousedown: (ev) => { ev.preventDefault(); this.pick(n); } }, s.address)));
    this.list.hidden = this.items.length === 0;
    this.input.setAttribute('aria-expanded', String(!this.list.hidden));
  }

  key(ev) {
    if (this.list.hidden) { if (ev.key === 'Enter' && !this.location && this.input.value.trim()) { ev.preventDefault(); this.geocode(this.input.value); } return; }
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      this.active = (this.active + (ev.key === 'ArrowDown' ? 1 : -1) + this.items.length) % this.items.length;
      [...this.list.children].forEach((li, n) => li.setAttribute('aria-selected', String(n === this.active)));
      this.input.setAttribute('aria-activedescendant', `addr-opt-${this.active}`);
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      // Enter takes the highlighted suggestion, or else geocodes exactly what was typed.
      ev.preventDefault();
      if (this.active >= 0) this.pick(this.active); else { this.close(); this.geocode(this.input.value); }
    }
    else if (ev.key === 'Escape') this.close();
  }

  close() { this.list.hidden = true; this.input.setAttribute('aria-expanded', 'false'); this.input.removeAttribute('aria-activedescendant'); }

  async pick(n) {
    const s = this.items[n]; if (!s) return;
    this.input.value = s.address; this.close();
    await this.geocode(s.address);
  }

  async geocode(text) {
    let res; try { res = await api.geocode(text.trim()); } catch (err) { this.onError(err); return; }
    this.onError(null);
    if (!res.found) { this.setLocation(null); return; }
    if (res.verified) this.input.value = res.address;
    // A house number the city does not know: the position is another point's (the nearest known
    // number, or the street): said plainly, never shown as if it were the typed address.
    this.setLocation({ address: res.verified ? res.address : text.trim(), lat: res.lat, lon: res.lon, verified: res.verified, match: res.approximate || res.address, approximate: res.approximate || null });
  }

  setLocation(loc) {
    this.location = loc;
    const ok = Boolean(loc?.verified);
    this.badge.className = `badge ${ok ? 'badge-verified' : loc?.approximate ? 'badge-unverified badge-approx' : 'badge-unverified'}`;
    this.badge.textContent = ok ? 'VERIFIED' : loc?.approximate ? `APPROXIMATE: no such number known, placed at ${loc.approximate} — confirm with the caller`
      : loc ? `UNVERIFIED (nearest: ${loc.match})` : 'UNVERIFIED';
    this.onLocated(loc);
  }
}

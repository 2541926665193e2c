// Track playback on the incident view: every unit that was on the incident, its AVL track over
// the incident's time window (open to close, or now) drawn on the offline map, and a time slider
// (with Play) that puts each unit where it was at that moment.
import * as L from '/static/leaflet/leaflet-src.esm.js';
import * as api from './api.js';
import { DispatchMap, asText } from './map.js';
import { fmtTime } from './ui.js';
import { positionAt } from './tracks.js';

export class Playback {
  constructor({ node, slider, label, play }) {
    Object.assign(this, { node, slider, label, play });
    this.map = null; this.tracks = new Map(); this.markers = new Map(); this.timer = null;
    slider.addEventListener('input', () => this.show(Number(slider.value)));
    play.addEventListener('click', () => this.toggle());
  }

  // Load the tracks of `units` between `since` and `until` (ISO) and draw them.
  async load(units, since, until) {
    if (!this.map) { this.map = new DispatchMap(this.node); await this.map.load(); }
    this.start = Date.parse(since); this.end = Date.parse(until);
    this.slider.min = String(this.start); this.slider.max = String(this.end); this.slider.step = '1000';
    const answers = await Promise.all(units.map((u) => api.unitTrack(u, since, until)));
    this.layer?.remove(); this.layer = L.layerGroup().addTo(this.map.map);
    this.tracks.clear(); this.markers.clear();
    for (const t of answers) {
      if (!t.points.length) continue;
      this.tracks.set(t.unit, t.points);
      L.polyline(t.points.map((p) => [p.lat, p.lon]), { color: '#4ea1ff', weight: 2, opacity: 0.7 }).addTo(this.layer);
      const m = L.marker([t.points[0].lat, t.points[0].lon], { icon: L.divIcon({ html: asText(t.unit, 'map-unit st-enroute'), className: '', iconSize: null }), keyboard: false });
      this.markers.set(t.unit, m.addTo(this.layer));
    }
    this.slider.disabled = this.play.disabled = this.tracks.size === 0;
    this.show(this.start);
    return this.tracks.size;
  }

  show(t) {
    this.slider.value = String(t);
    this.label.textContent = fmtTime(new Date(t).toISOString());
    for (const [unit, points] of this.tracks) {
      const p = positionAt(points, t), m = this.markers.get(unit);
      if (p) { m.setLatLng([p.lat, p.lon]); m.setOpacity(1); } else m.setOpacity(0.3);
    }
  }

  // Play the window in about 30 s; again to pause.
  toggle() {
    if (this.timer) { clearInterval(this.timer); this.timer = null; this.play.textContent = 'Play'; return; }
    const step = Math.max(1000, (this.end - this.start) / 300);
    this.play.textContent = 'Pause';
    this.timer = setInterval(() => {
      const t = Math.min(this.end, Number(this.slider.value) + step);
      this.show(t);
      if (t >= this.end) this.toggle();
    }, 100);
  }
}

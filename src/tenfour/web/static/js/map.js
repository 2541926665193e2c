// The offline map: the city's streets drawn as vector lines from the API (no tile server), or
// tiles from the configured tile URL; unit and incident markers that move live.
import * as L from '/static/leaflet/leaflet-src.esm.js';
import * as api from './api.js';
import { CLUSTER_MIN, CLUSTER_UNTIL_ZOOM, clusterPoints } from './cluster.js';

const BUILDING_STYLE = { color: '#3a4250', weight: 0.6, fillColor: '#2a313b', fillOpacity: 0.9 };
const STREET_STYLE = { color: '#56606e', weight: 1.2, opacity: 0.9 };
const MAJOR = new Set(['primary', 'secondary', 'trunk', 'motorway', 'tertiary']);

// Data goes onto the map as text, never as HTML: Leaflet renders a string tooltip or icon as
// markup (a partner's alert headline once showed up as a live link), an element as it is.
export function asText(text, className = '', tag = 'span') {
  const el = document.createElement(tag);
  el.textContent = text ?? '';
  if (className) el.className = className;
  return el;
}

export class DispatchMap {
  constructor(node, { onIncident, onUnit } = {}) {
    this.units = new Map(); this.incidents = new Map();
    this.onIncident = onIncident; this.onUnit = onUnit;
    this.map = L.map(node, { zoomControl: true, attributionControl: true, preferCanvas: true, keyboard: true, zoomSnap: 0.25 });
    this.map.attributionControl.setPrefix(false);
    this.map.setView([60.1716, 24.9443], 15);
    this.tileUrl = document.body.dataset.tileUrl; this.attribution = document.body.dataset.attribution;
    this.info = null; this.background = false;
  }

  // The city's bounds and stations, then the background (tiles or streets). Each part is drawn
  // once; call again after a failure (thrown, for the caller to show) to draw what is missing.
  async load() {
    if (!this.info) {
      this.info = await api.mapInfo();
      const b = this.info.bounds;
      this.map.invalidateSize();
      this.map.fitBounds([[b.south, b.west], [b.north, b.east]], { padding: [8, 8] });
      for (const s of this.info.stations || []) this.station(s);
    }
    if (this.background) return;
    const attribution = this.info.attribution || this.attribution;
    if (this.tileUrl) {
      L.tileLayer(this.tileUrl, { attribution, maxZoom: 19 }).addTo(this.map);
    } else {
      const [streets, buildings] = await Promise.all([api.mapStreets(), api.mapBuildings()]);
      this.buildings(buildings);
      L.geoJSON(streets, {
        interactive: false,
        style: (f) => (MAJOR.has(f.properties?.highway) ? { ...STREET_STYLE, color: '#7d8896', weight: 2.2 } : STREET_STYLE),
      }).addTo(this.map);
      this.streetNames(streets);
      this.map.attributionControl.addAttribution(attribution);
    }
    this.background = true;
  }

  // Building footprints in a pane under the streets (built from the city's OSM extract at import
  // time), shown from zoom 15 in; not clickable, so a click still locates a call.
  buildings(geojson) {
    this.map.createPane('buildings').style.zIndex = 350; // under the overlay pane's streets (400)
    const layer = L.geoJSON(geojson, { style: BUILDING_STYLE, interactive: false, pane: 'buildings' });
    this.buildingLayer = layer;
    const toggle = () => { if (this.map.getZoom() >= 15) layer.addTo(this.map); else layer.remove(); };
    this.map.on('zoomend', toggle); toggle();
  }

  // Street names, once per street at the middle of its longest line, shown when zoomed in.
  streetNames(geojson) {
    const names = L.layerGroup();
    for (const f of geojson.features || []) {
      const name = f.properties?.name; const g = f.geometry;
      if (!name || !g) continue;
      const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
      const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), []);
      if (longest.length < 2) continue;
      const [lon, lat] = longest[Math.floor(longest.length / 2)];
      L.marker([lat, lon], { icon: L.divIcon({ html: asText(name, 'street-name'), className: '', iconSize: null }), interactive: false, keyboard: false, zIndexOffset: -1000 }).addTo(names);
    }
    const toggle = () => { if (this.map.getZoom() >= 15.5) names.addTo(this.map); else names.remove(); };
    this.map.on('zoomend', toggle); toggle();
  }

  station(s) {
    L.circleMarker([s.lat, s.lon], { radius: 3, color: '#8b95a3', weight: 1, fillOpacity: 0.4, interactive: false })
      .bindTooltip(asText(s.name)).addTo(this.map);
  }

  setUnit(u) {
    if (u.lat == null || u.lon == null) return;
    const html = `${u.status} ${u.id}`; // what the icon shows: rebuilt only when it changes
    const icon = () => L.divIcon({ html: asText(u.id, `map-unit st-${u.status}`), className: '', iconSize: null });
    let m = this.units.get(u.id);
    if (!m) {
      // Units above incidents: a unit on scene must not hide under its incident's marker.
      m = L.marker([u.lat, u.lon], { icon: icon(), title: `${u.id} ${u.status}`, keyboard: false, zIndexOffset: 1000 });
      m.on('click', () => this.onUnit?.(u.id));
      m.addTo(this.map); this.units.set(u.id, m);
    } else {
      const at = m.getLatLng();
      if (at.lat !== u.lat || at.lng !== u.lon) m.setLatLng([u.lat, u.lon]);
      if (m._html !== html) m.setIcon(icon());
    }
    m._html = html;
  }

  moveUnit(id, lat, lon) { this.units.get(id)?.setLatLng([lat, lon]); }

  setUnits(list) { this.sync(this.units, list, (u) => this.setUnit(u)); }

  setIncidents(list) { this.sync(this.incidents, list, (i) => this.setIncident(i)); this.recluster(); }

  // Cluster the incidents again at the next frame (after a board change, a zoom or a pan).
  recluster() {
    if (this.reclustering) return;
    this.reclustering = requestAnimationFrame(() => { this.reclustering = null; this.cluster(); });
  }

  cluster() {
    if (!this.clusters) {
      this.clusters = new Map(); // cell key -> numbered marker
      this.map.on('zoomend moveend', () => this.recluster());
    }
    const zoom = this.map.getZoom(); const points = [];
    const show = (m) => { if (!this.map.hasLayer(m)) m.addTo(this.map); };
    for (const [id, m] of this.incidents) {
      if (id === this.selected || zoom >= CLUSTER_UNTIL_ZOOM) { show(m); continue; }
      const p = this.map.project(m.getLatLng(), zoom);
      points.push({ x: p.x, y: p.y, m });
    }
    // Highest priority first: a P1 seeds its cluster (and names it, so its marker is reused).
    points.sort((a, b) => a.m._row.priority - b.m._row.priority || a.x - b.x || a.y - b.y);
    const kept = new Set();
    for (const members of clusterPoints(points)) {
      if (members.length < CLUSTER_MIN) { for (const p of members) show(p.m); continue; }
      for (const p of members) p.m.remove();
      const key = members[0].m._row.id; // the seed names the cluster (its marker is reused)
      kept.add(key); this.clusterMarker(key, members.map((p) => p.m));
    }
    for (const [key, c] of this.clusters) if (!kept.has(key)) { c.remove(); this.clusters.delete(key); }
  }

  clusterMarker(key, members) {
    const top = Math.min(...members.map((m) => m._row.priority));
    const lat = members.reduce((a, m) => a + m.getLatLng().lat, 0) / members.length;
    const lon = members.reduce((a, m) => a + m.getLatLng().lng, 0) / members.length;
    const label = `${members.length}`, look = `${label} ${top}`;
    let c = this.clusters.get(key);
    if (!c) {
      c = L.marker([lat, lon], { keyboard: false, zIndexOffset: 200 });
      c.on('click', () => this.map.fitBounds(L.latLngBounds(c._members.map((m) => m.getLatLng())).pad(0.3), { maxZoom: CLUSTER_UNTIL_ZOOM }));
      c.addTo(this.map); this.clusters.set(key, c);
    } else c.setLatLng([lat, lon]);
    if (c._look !== look) {
      c.setIcon(L.divIcon({ html: asText(label, `map-cluster p${Math.min(top, 3)}`, 'div'), className: '', iconSize: [26, 26] }));
      c._look = look;
    }
    c._members = members;
    c.options.title = `${members.length} incidents, highest P${top}: click to zoom in`;
    c.getElement()?.setAttribute('title', c.options.title);
  }

  setIncident(i) {
    if (i.lat == null || i.lon == null) return;
    const cls = `map-incident p${Math.min(i.priority, 3)}${i.directives_in_force?.length ? ' directive' : ''}${i.id === this.selected ? ' selected' : ''}`;
    const icon = () => L.divIcon({ html: asText(String(i.priority), cls, 'div'), className: '', iconSize: [18, 18] });
    const key = `${cls} ${i.priority}`; // the icon is rebuilt only when what it shows changes
    let m = this.incidents.get(i.id);
    if (!m) {
      m = L.marker([i.lat, i.lon], { icon: icon(), title: `${i.id} ${i.type_code}`, keyboard: false });
      m.on('click', () => this.onIncident?.(i.id));
      m.addTo(this.map); this.incidents.set(i.id, m);
    } else {
      const at = m.getLatLng();
      if (at.lat !== i.lat || at.lng !== i.lon) m.setLatLng([i.lat, i.lon]);
      if (m._key !== key) m.setIcon(icon());
    }
    if (m._key !== key) m.setZIndexOffset(i.id === this.selected ? 500 : 0); // above incidents, below units
    m._key = key; m._row = i;
  }

  // The selected incident: highlighted (a ring, above the other incidents) and panned to.
  select(id) {
    const before = this.incidents.get(this.selected);
    this.selected = id;
    if (before?._row) this.setIncident(before._row);
    const m = this.incidents.get(id);
    if (!m?._row) return;
    this.setIncident(m._row);
    this.map.panTo(m.getLatLng(), { animate: false });
    this.recluster(); // the selected incident is never inside a cluster
  }

  sync(markers, list, upsert) {
    const keep = new Set(list.map((x) => x.id));
    for (const [id, m] of markers) if (!keep.has(id)) { m.remove(); markers.delete(id); }
    for (const x of list) upsert(x);
  }

  // Public-warning alerts (CAP) drawn by area: polygons and circles, with the headline.
  setAlerts(list) {
    if (!this.alerts) this.alerts = L.layerGroup().addTo(this.map);
    this.alerts.clearLayers();
    const style = { color: '#d98a00', weight: 2, dashArray: '6 4', fillOpacity: 0.08, interactive: true };
    for (const a of list) {
      const label = `${a.severity} · ${a.event}${a.headline ? ` — ${a.headline}` : ''}`;
      for (const area of a.areas) {
        for (const ring of area.polygons) L.polygon(ring.map(([lon, lat]) => [lat, lon]), style).bindTooltip(asText(label)).addTo(this.alerts);
        for (const c of area.circles) L.circle([c.lat, c.lon], { ...style, radius: c.radius_km * 1000 }).bindTooltip(asText(label)).addTo(this.alerts);
      }
    }
  }

  // A click on the map (not on a marker): fn(lat, lon).
  onClick(fn) { this.map.on('click', (ev) => fn(ev.latlng.lat, ev.latlng.lng)); }

  // One "here" marker (the call taker's located call), moved on each call.
  mark(lat, lon) {
    if (!this.here) this.here = L.circleMarker([lat, lon], { radius: 8, color: '#ffd400', weight: 3, fillOpacity: 0.2, interactive: false }).addTo(this.map);
    else this.here.setLatLng([lat, lon]);
  }

  // What the map shows: [south, west, north, east].
  bounds() { const b = this.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }

  focus(lat, lon) { if (lat != null && lon != null) this.map.panTo([lat, lon]); }
}

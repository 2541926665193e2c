// Narrowing a board window on the server (the board API's agency, discipline, priority and area
// filters, issue 16) and grouping it: "Group" picks a dimension; the bar then shows one button
// per group with the board's own count (P1 12 · P2 40, or MPD 120 · FED 40); pressing a group
// asks the server for that group only (press more to add groups, again to drop one). "Map area"
// narrows to what the map shows. Nothing is fetched here but through the window's refresh, and
// no rows are filtered in the browser: 300 pending cost one window, whatever is chosen.
import { el, replace } from './ui.js';

const LABEL = { priority: (v) => `P${v}`, agency: (v) => v, discipline: (v) => v.toUpperCase(), status: (v) => v };
const MAX_DEG = 2; // the board API's largest area each way

export class BoardFilterBar {
  // board: a BoardWindow; base: the filter it always keeps ({status: ...}); reload(): refresh
  // and render (the screen's own board call); bounds(): the map's [south, west, north, east].
  constructor(node, board, { base, reload, bounds, dims = ['priority', 'agency', 'discipline'], name }) {
    this.node = node; this.board = board; this.base = base; this.reload = reload; this.bounds = bounds; this.dims = dims;
    this.dim = dims[0]; this.chosen = Object.fromEntries(dims.map((d) => [d, new Set()])); this.area = null;
    this.seen = Object.fromEntries(dims.map((d) => [d, new Set()])); // groups met, kept while narrowed
    this.group = el('select', { class: 'board-group', 'aria-label': `Group the ${name} by`, onchange: () => { this.dim = this.group.value; this.render(); } },
      ...dims.map((d) => el('option', { value: d, text: d })));
    this.chips = el('span', { class: 'board-chips', role: 'group', 'aria-label': `${name} groups` });
    this.areaBtn = el('button', { type: 'button', class: 'btn btn-sm', 'aria-pressed': 'false', title: 'Only what the map shows', onclick: () => this.toggleArea() }, 'Map area');
    this.clearBtn = el('button', { type: 'button', class: 'btn btn-sm', hidden: true, onclick: () => this.clear() }, 'All');
    replace(node, el('span', { class: 'muted', text: 'Group' }), this.group, this.chips, this.areaBtn, this.clearBtn);
  }

  // The group buttons, from the window's latest counts (call after each refresh).
  render() {
    const counts = this.board.counts[this.dim] || {};
    for (const k of Object.keys(counts)) this.seen[this.dim].add(k);
    const keys = [...this.seen[this.dim]].sort((a, b) => (this.dim === 'priority' ? a - b : a.localeCompare(b)));
    replace(this.chips, ...keys.map((k) => {
      const on = this.chosen[this.dim].has(k);
      return el('button', { type: 'button', class: `btn btn-sm chip${on ? ' chip-on' : ''}`, 'aria-pressed': String(on), dataset: { group: k },
        onclick: () => this.toggle(this.dim, k) }, `${LABEL[this.dim](k)} `, el('b', { text: String(counts[k] ?? 0) }));
    }));
    this.clearBtn.hidden = !this.narrowed();
  }

  narrowed() { return Boolean(this.area) || this.dims.some((d) => this.chosen[d].size); }

  toggle(dim, value) {
    const set = this.chosen[dim];
    if (set.has(value)) set.delete(value); else set.add(value);
    return this.apply();
  }

  toggleArea() {
    if (this.area) this.area = null;
    else {
      const [s, w, n, e] = this.bounds();
      const lat = (s + n) / 2, lon = (w + e) / 2, h = Math.min((n - s) / 2, MAX_DEG / 2), v = Math.min((e - w) / 2, MAX_DEG / 2);
      this.area = [lat - h, lon - v, lat + h, lon + v].map((x) => x.toFixed(5)).join(',');
    }
    this.areaBtn.setAttribute('aria-pressed', String(Boolean(this.area)));
    return this.apply();
  }

  clear() {
    for (const d of this.dims) this.chosen[d].clear();
    this.area = null; this.areaBtn.setAttribute('aria-pressed', 'false');
    return this.apply();
  }

  // The window's filter from what is chosen; the window loads again on the next refresh.
  filter() {
    const f = { ...this.base };
    for (const d of this.dims) if (this.chosen[d].size) f[d] = [...this.chosen[d]];
    if (this.area) f.area = this.area;
    return f;
  }

  async apply() {
    this.board.filter = this.filter(); this.board.reset();
    this.render();
    await this.reload();
    this.render();
  }
}

// Keyboard-first helpers: the order of recommendation keys, command-line history, and table
// bodies updated in place by row key (a focused row keeps its focus through live updates).

// Recommendation picks as keys 1..9 offer them: fastest first (no ETA last), without units that
// are no longer available (assigned meanwhile, by this console or another).
export function pickOrder(picks, unitStatus = new Map()) {
  const free = picks.filter((p) => { const s = unitStatus.get(p.unit); return s === undefined || s === 'available'; });
  return free.map((p, n) => [p, n]).sort(([a, i], [b, j]) => (a.eta_s ?? Infinity) - (b.eta_s ?? Infinity) || i - j).map(([p]) => p);
}

// The lines typed on the command line, newest last; ArrowUp / ArrowDown walk them (kept per tab).
export class History {
  constructor(storage = globalThis.sessionStorage, key = 'tenfour.cmd-history', size = 50) {
    Object.assign(this, { storage, key, size });
    try { this.lines = JSON.parse(storage?.getItem(key) || '[]'); } catch { this.lines = []; }
    this.at = this.lines.length;
  }

  add(line) {
    const text = line.trim(); if (!text) return;
    if (this.lines.at(-1) !== text) this.lines.push(text);
    this.lines = this.lines.slice(-this.size); this.at = this.lines.length;
    this.storage?.setItem(this.key, JSON.stringify(this.lines));
  }

  // The previous (-1) or next (+1) line; '' past the newest.
  step(delta) {
    this.at = Math.max(0, Math.min(this.lines.length, this.at + delta));
    return this.lines[this.at] ?? '';
  }
}

// Wire history to a command-line input.
export function withHistory(input, history = new History()) {
  input.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowUp' && ev.key !== 'ArrowDown') return;
    input.value = history.step(ev.key === 'ArrowUp' ? -1 : 1);
    ev.preventDefault();
  });
  return history;
}

// Replace a tbody's rows with `rows` (each tr keyed by data-id), reusing the row elements that
// stay: unchanged rows are not touched, changed ones get the new cells in the same element, so
// focus, selection and scroll position survive an update from another console.
export function patchRows(tbody, rows) {
  patchKeyed(tbody, rows, { key: (tr) => tr.dataset.id, build: (tr) => tr });
}

// The same from data: `items` in order, `key(item)` its row's data-id, `build(item)` a new tr for
// it. Only rows that are new or in `changed` (a Set of keys; null: every row) are built; the
// others keep their element untouched (attributes set since, e.g. by a selection, included), and
// are moved only when out of place. Nothing is read from the layout.
export function patchKeyed(tbody, items, { key, build, changed = null }) {
  const focused = tbody.ownerDocument.activeElement;
  const old = new Map(Array.from(tbody.children, (tr) => [tr.dataset.id, tr]));
  const kept = new Set();
  let cursor = tbody.firstElementChild;
  for (const item of items) {
    let node = old.get(String(key(item)));
    if (node && !kept.has(node)) {
      if (!changed || changed.has(key(item))) update(node, build(item));
    } else node = build(item);
    kept.add(node);
    if (node === cursor) cursor = cursor.nextElementSibling;
    else tbody.insertBefore(node, cursor);
  }
  for (const tr of Array.from(tbody.children)) if (!kept.has(tr)) tr.remove();
  if (focused && focused !== tbody.ownerDocument.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
}

// Give a row element the cells and attributes of a freshly built one (only what differs).
function update(node, tr) {
  if (node === tr) return;
  if (node.innerHTML !== tr.innerHTML) node.replaceChildren(...tr.childNodes);
  for (const a of Array.from(node.attributes)) if (!tr.hasAttribute(a.name)) node.removeAttribute(a.name);
  for (const a of Array.from(tr.attributes)) if (node.getAttribute(a.name) !== a.value) node.setAttribute(a.name, a.value);
}

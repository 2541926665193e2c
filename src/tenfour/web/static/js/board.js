// A window of the open-incident board a panel shows, kept current by sequence: the first load
// asks for the window (the `show` rows the panel shows plus a margin: `limit`) and the counts;
// every refresh after asks only for what changed since the board's seq it holds (with the
// window's ETag, so an unchanged board costs a 304) and merges it. What it holds is always the
// board's first rows in order: a changed row that sorts past the last one held is beyond the
// window and is dropped. A "reload" answer (too far behind), or a window that fell below what
// the panel shows while more rows match, loads the window again. Each window says which rows
// changed since the screen last drew it (drawn()), so a screen redraws those rows, not the
// table. No DOM here.

const byPriority = (a, b) => a.priority - b.priority || cmp(a.created_at, b.created_at) || cmp(a.id, b.id);
const byAge = (a, b) => cmp(a.created_at, b.created_at) || cmp(a.id, b.id);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

export class BoardWindow {
  // fetchPage(params, etag) is api.board; filter: {status, agency, ...} as api.board takes it.
  constructor(fetchPage, { filter = {}, sort = 'priority', show = 80, limit = 100 } = {}) {
    this.fetchPage = fetchPage; this.filter = filter; this.sort = sort; this.show = show; this.limit = limit;
    this.order = sort === 'age' ? byAge : byPriority;
    this.byId = new Map(); this.rows = []; this.counts = { total: 0, status: {}, priority: {}, discipline: {}, agency: {} };
    this.seq = null; this.etag = null; this.removed = new Set();
    // What changed since the screen last drew the window (see drawn()): every row after a load.
    this.whole = true; this.dirty = new Set();
    this.loads = 0; this.catchUps = 0; // for tests and the curious: full loads, refreshes by changes
  }

  get total() { return this.counts.total; }

  has(id) { return this.byId.has(id); }

  // Bring the window up to date on its own (one request; see Boards for several in one); true
  // when what it holds changed.
  async refresh() {
    if (this.seq === null) return this.load();
    const got = await this.fetchPage(this.ask(), this.etag);
    if (got.notModified) return false;
    const took = this.take(got.body);
    if (took === RELOAD) return this.load();
    this.etag = got.etag;
    return took;
  }

  // Fetch the whole window again.
  async load() {
    const got = await this.fetchPage(this.params(), null);
    this.take(got.body); this.etag = got.etag;
    return true;
  }

  params() { return { ...this.filter, sort: this.sort, limit: this.limit }; }

  // What the next refresh asks for: the changes since the seq held, or the whole window.
  ask() { return this.seq === null ? this.params() : { ...this.params(), since: this.seq }; }

  // Apply an answer to ask(): true when what the window holds changed, false when not, RELOAD
  // when the window must be loaded whole (too far behind, or fell short of what it shows).
  take(page) {
    if (page.reload) { this.reset(); return RELOAD; }
    if (this.seq === null) { // asked for the whole window
      this.loads += 1;
      this.byId = new Map(page.rows.map((r) => [r.id, r]));
      this.removed = new Set(); this.whole = true;
      this.rows = page.rows; this.counts = page.counts; this.seq = page.seq;
      return true;
    }
    this.catchUps += 1;
    this.merge(page);
    if (this.rows.length < Math.min(this.show, this.total)) { this.reset(); return RELOAD; } // rows to move in
    return page.rows.length > 0 || page.removed.length > 0;
  }

  // Apply changes: rows that changed (and still match) in, the ones that left out, in order,
  // cut to the window's size.
  merge(page) {
    const last = this.rows.length < this.total ? this.rows.at(-1) : null; // the rest is unseen
    this.removed = new Set(page.removed);
    for (const id of page.removed) this.byId.delete(id);
    for (const row of page.rows) {
      if (last && this.order(row, last) > 0) this.byId.delete(row.id); // beyond the window
      else { this.byId.set(row.id, row); this.dirty.add(row.id); }
    }
    const rows = [...this.byId.values()].sort(this.order).slice(0, this.limit);
    this.byId = new Map(rows.map((r) => [r.id, r]));
    this.rows = rows; this.counts = page.counts; this.seq = page.seq;
  }

  // The rows whose content changed since the screen last drew the window (null: draw them all),
  // and from now on none: the screen draws them and calls this once.
  drawn() {
    const changed = this.whole ? null : this.dirty;
    this.whole = false; this.dirty = new Set();
    return changed;
  }

  // Forget what is held: the next refresh loads the window again.
  reset() { this.seq = null; this.etag = null; }
}

const RELOAD = 'reload';

// Several windows kept current together in one request each refresh (api.boardWindows: the
// pending queue and the active board of a screen), with one ETag for all of them: an unchanged
// board is one 304. A window that must be loaded whole is asked for whole in a second request
// (the others catching up by their seq, with nothing new).
export class Boards {
  constructor(fetchWindows, windows) {
    this.fetchWindows = fetchWindows; this.windows = windows; this.etag = null;
    this.requests = 0; // for tests and the curious
    this.busy = null; // the refresh on its way
  }

  // Bring every window up to date; the set of windows whose rows changed. One refresh at a time:
  // one asked while another is on its way runs after it, as a catch-up by seq (a start-up load
  // and the first event's refresh never both load 5,000 open incidents whole).
  async refresh() {
    while (this.busy) await Promise.allSettled([this.busy]); // its failure is its own caller's
    this.busy = this.once();
    try { return await this.busy; } finally { this.busy = null; }
  }

  async once() {
    const changed = new Set();
    for (let round = 0; round < 2; round += 1) {
      this.requests += 1;
      const got = await this.fetchWindows(this.windows.map((w) => w.ask()), round ? null : this.etag);
      if (got.notModified) return changed;
      let again = false;
      got.body.windows.forEach((page, n) => {
        const took = this.windows[n].take(page);
        if (took === RELOAD) again = true; else if (took) changed.add(this.windows[n]);
      });
      this.etag = got.etag;
      if (!again) break;
    }
    return changed;
  }

  // Forget what is held: the next refresh loads every window whole.
  reset() { this.etag = null; for (const w of this.windows) w.reset(); }
}

// Run fn (async) `first` ms after a call, then at most once every `every` ms while calls keep
// coming (a board changing all night is refreshed once a second, not after every event), never
// two at once, and once more after a run that calls arrived during: the last run sees the latest.
export function pace(fn, { first = 200, every = 1000, now = () => Date.now() } = {}) {
  let timer = null; let running = false; let again = false; let last = -Infinity;
  const run = async () => {
    timer = null;
    if (running) { again = true; return; }
    running = true; last = now();
    try { await fn(); } finally {
      running = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => { if (!timer) timer = setTimeout(run, Math.max(first, last + every - now())); };
  return schedule;
}

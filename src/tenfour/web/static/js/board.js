// A window of the open-incident board a panel shows, kept current by sequence: the first load
// asks for the window (the `show` rows the panel shows plus a margin: `limit`) and the counts;
// every refresh after asks only for what changed since the board's seq it holds (with the
// window's ETag, so an unchanged board costs a 304) and merges it. What it holds is always the
// board's first rows in order: a changed row that sorts past the last one held is beyond the
// window and is dropped. A "reload" answer (too far behind), or a window that fell below what
// the panel shows while more rows match, loads the window again. No DOM here.

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
    this.loads = 0; this.catchUps = 0; // for tests and the curious: full loads, refreshes by changes
  }

  get total() { return this.counts.total; }

  has(id) { return this.byId.has(id); }

  // Bring the window up to date; true when what it holds changed.
  async refresh() {
    if (this.seq === null) return this.load();
    const got = await this.fetchPage({ ...this.params(), since: this.seq }, this.etag);
    if (got.notModified) return false;
    const page = got.body;
    if (page.reload) return this.load();
    this.catchUps += 1;
    this.merge(page);
    this.etag = got.etag;
    if (this.rows.length < Math.min(this.show, this.total)) return this.load(); // rows to move in
    return page.rows.length > 0 || page.removed.length > 0;
  }

  // Fetch the whole window again.
  async load() {
    const got = await this.fetchPage(this.params(), null);
    const page = got.body;
    this.loads += 1;
    this.byId = new Map(page.rows.map((r) => [r.id, r]));
    this.removed = new Set();
    this.rows = page.rows; this.counts = page.counts; this.seq = page.seq; this.etag = got.etag;
    return true;
  }

  params() { return { ...this.filter, sort: this.sort, limit: this.limit }; }

  // Apply changes: rows that changed (and still match) in, the ones that left out, in order,
  // cut to the window's size.
  merge(page) {
    const last = this.rows.length < this.total ? this.rows.at(-1) : null; // the rest is unseen
    this.removed = new Set(page.removed);
    for (const id of page.removed) this.byId.delete(id);
    for (const row of page.rows) {
      if (last && this.order(row, last) > 0) this.byId.delete(row.id); // beyond the window
      else this.byId.set(row.id, row);
    }
    const rows = [...this.byId.values()].sort(this.order).slice(0, this.limit);
    this.byId = new Map(rows.map((r) => [r.id, r]));
    this.rows = rows; this.counts = page.counts; this.seq = page.seq;
  }

  // Forget what is held: the next refresh loads the window again.
  reset() { this.seq = null; this.etag = null; }
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

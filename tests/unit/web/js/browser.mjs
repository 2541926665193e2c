// The few browser globals the console's modules touch, faked for node's test runner: a page
// location, sessionStorage, window events, fetch, WebSocket and a clock the test moves by hand.

export const SRC = new URL('../../../../src/tenfour/web/static/js/', import.meta.url);

// Node 18 (Debian's) has Web Crypto only as a module, not as the browser's global.
if (!globalThis.crypto) globalThis.crypto = (await import('node:crypto')).webcrypto;

// A clock for setTimeout / setInterval: nothing runs until the test calls advance(ms).
export class Clock {
  constructor() { this.now = 0; this.next = 1; this.timers = new Map(); }

  install(target = globalThis) {
    target.setTimeout = (fn, ms = 0) => this.add(fn, ms, null);
    target.setInterval = (fn, ms = 0) => this.add(fn, ms, ms);
    target.clearTimeout = (id) => this.timers.delete(id);
    target.clearInterval = (id) => this.timers.delete(id);
  }

  add(fn, ms, every) {
    const id = this.next++;
    this.timers.set(id, { at: this.now + Math.max(0, ms), fn, every });
    return id;
  }

  // How long until timer `id` runs (undefined when it is not pending).
  delay(id) { const t = this.timers.get(id); return t && t.at - this.now; }

  // Move time on by `ms`, running every timer that falls due (in order) and what they await.
  async advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, t] = due;
      this.now = t.at;
      if (t.every === null) this.timers.delete(id); else t.at += Math.max(1, t.every);
      t.fn();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

// Let pending promise callbacks run (a fetch answered, a microtask flushed).
export async function settle() {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

export class FakeSocket {
  static all = [];

  constructor(url) {
    this.url = url; this.readyState = 0; this.sent = []; this.closedByClient = false;
    FakeSocket.all.push(this);
  }

  static get last() { return FakeSocket.all.at(-1); }

  get after() { return Number(new URL(this.url).searchParams.get('after')); }

  send(text) { this.sent.push(text); }

  // What the server does: accept, send an event or message, close with a code.
  open() { this.readyState = 1; this.onopen?.({}); }

  deliver(msg) { this.onmessage?.({ data: JSON.stringify(msg) }); }

  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }

  close() { this.closedByClient = true; this.readyState = 3; }
}

// A page at http://console.test/console/dispatch with a logged-in session, and a server whose
// journal head the test sets (server.head = null: unreachable).
export function installBrowser() {
  const clock = new Clock();
  clock.install();
  const store = new Map();
  const listeners = new Map();
  const server = { head: 0, requests: [], answer: null };
  FakeSocket.all = [];
  Object.assign(globalThis, {
    location: {
      protocol: 'http:', host: 'console.test', pathname: '/console/dispatch', search: '', assigned: [],
      assign(url) { this.assigned.push(url); },
    },
    sessionStorage: {
      getItem: (k) => (store.has(k) ? store.get(k) : null),
      setItem: (k, v) => store.set(k, String(v)),
      removeItem: (k) => store.delete(k),
    },
    addEventListener: (type, fn) => listeners.set(type, [...(listeners.get(type) || []), fn]),
    dispatchWindowEvent: (type) => { for (const fn of listeners.get(type) || []) fn({ type }); },
    WebSocket: FakeSocket,
    fetch: async (url, init = {}) => {
      server.requests.push({ url, ...init, body: init.body === undefined ? undefined : JSON.parse(init.body) });
      if (url === '/healthz') {
        if (server.head === null) throw new TypeError('Failed to fetch');
        return jsonResponse(200, { status: 'ok', head_seq: server.head });
      }
      return server.answer ? server.answer(url, init) : jsonResponse(200, {});
    },
  });
  store.set('tenfour.session', JSON.stringify({ token: 'tok-1', role: 'dispatcher' }));
  return { clock, server, store };
}

export function jsonResponse(status, body, headers = {}) {
  const named = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    ok: status >= 200 && status < 300, status, statusText: '',
    headers: { get: (name) => named[name.toLowerCase()] ?? null },
    json: async () => body,
  };
}

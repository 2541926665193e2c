// The live stream: a WebSocket (api.streamUrl) from the journal seq after which to resume.
// Reconnects with the last seq seen (gap-free resync), shows OFFLINE while down, and checks the
// journal head (api.headSeq) so a silently dead socket is noticed. The server pings an idle
// stream every 1.5 s: silence for STALE_MS shows STALE (a frozen server keeps its TCP connection
// up, so nothing else would tell), for DEAD_MS drops the socket (OFFLINE) and reconnects; a
// socket that does not open within OPEN_MS is given up and retried.
import * as api from './api.js';
import * as session from './session.js';

const HEARTBEAT_MS = 3000;
const WATCH_MS = 1000;
export const STALE_MS = 4000;
export const DEAD_MS = 12000;
export const OPEN_MS = 5000;

export class Stream {
  constructor({ onEvents, onStatus }) {
    this.onEvents = onEvents; this.onStatus = onStatus;
    this.lastSeq = 0; this.ws = null; this.retry = 0; this.stopped = false;
    this.queue = []; this.flushing = false; this.wasOffline = false; this.missedHeartbeats = 0;
    this.received = 0; this.duplicates = 0; this.reconnects = 0;
    this.silentMs = 0; this.state = null;
  }

  start(after) {
    this.lastSeq = after;
    this.open();
    this.beat = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    this.watch = setInterval(() => this.watchdog(), WATCH_MS);
    addEventListener('offline', () => this.drop('browser offline'));
    addEventListener('online', () => this.reconnectSoon(0));
  }

  url() { // no token here: URLs land in access logs; it is the first message (see open)
    return api.streamUrl(this.lastSeq);
  }

  open() {
    if (this.stopped || this.ws) return;
    this.status(this.wasOffline ? 'offline' : 'connecting');
    const ws = new WebSocket(this.url());
    this.ws = ws; this.silentMs = 0;
    ws.onopen = () => { ws.send(JSON.stringify({ token: session.load()?.token || '' })); if (this.ws === ws) { this.retry = 0; this.silentMs = 0; this.reconnects += this.wasOffline ? 1 : 0; this.status('online'); } };
    ws.onmessage = (m) => { if (ws === this.ws) this.heard(); this.message(ws, m.data); };
    ws.onclose = (ev) => this.closed(ws, ev);
    ws.onerror = () => {};
  }

  // Any word from the server (an event or a ping): the screen is current again.
  heard() {
    this.silentMs = 0;
    if (this.state === 'stale') this.status('online', true);
  }

  // Once a second: how long the server has been silent, and what that means for the screen.
  watchdog() {
    const ws = this.ws;
    if (!ws || this.stopped) return;
    this.silentMs += WATCH_MS;
    if (ws.readyState === 0) { // never opened: a frozen server accepts TCP but never answers
      if (this.silentMs >= OPEN_MS) this.drop('no answer to the stream');
      return;
    }
    if (ws.readyState !== 1) return;
    if (this.silentMs >= DEAD_MS) { this.drop('server silent'); return; }
    if (this.silentMs >= STALE_MS && this.state === 'online') this.status('stale');
  }

  message(ws, text) {
    if (ws !== this.ws) return;
    let msg; try { msg = JSON.parse(text); } catch { return; }
    // The server is alive and has sent all this viewer may see: not a dead socket (the head may
    // be ahead with events of others this viewer never gets).
    if (msg.type === 'ping') { this.missedHeartbeats = 0; return; }
    if (msg.type === 'resync') { this.lastSeq = Math.max(this.lastSeq, msg.after || 0); return; }
    if (msg.type === 'expired') { this.expired = true; this.lastSeq = Math.max(this.lastSeq, msg.after || 0); return; }
    if (msg.type === 'error') {
      if (/token|authenticated|user/i.test(msg.detail || '')) { this.stopped = true; session.clear(); session.toLogin(); }
      return;
    }
    if (typeof msg.seq !== 'number') return;
    if (msg.seq <= this.lastSeq) { this.duplicates += 1; return; } // never apply twice
    this.lastSeq = msg.seq; this.received += 1;
    this.queue.push(msg);
    if (!this.flushing) { this.flushing = true; queueMicrotask(() => this.flush()); }
  }

  flush() {
    const batch = this.queue; this.queue = []; this.flushing = false;
    if (batch.length) this.onEvents(batch);
  }

  closed(ws, ev) {
    if (ws !== this.ws) return;
    this.ws = null;
    if (ev.code === 4401 && this.expired) { this.expired = false; this.reconnectSoon(0); return; } // the token was refreshed meanwhile
    if (ev.code === 4401) { this.stopped = true; session.clear(); session.toLogin(); return; }
    if (ev.code !== 4000) this.wasOffline = true; // 4000: told to resync, not a network drop
    this.status(this.wasOffline ? 'offline' : 'connecting');
    this.reconnectSoon(ev.code === 4000 ? 0 : Math.min(5000, 300 * 2 ** this.retry++));
  }

  drop(why) {
    this.wasOffline = true; this.status('offline');
    const ws = this.ws; this.ws = null;
    if (ws) { try { ws.close(); } catch { /* already closed */ } }
    this.reconnectSoon(1000);
    return why;
  }

  reopenQuietly() {
    const ws = this.ws; this.ws = null;
    try { ws?.close(); } catch { /* already closed */ }
    this.open();
  }

  reconnectSoon(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), ms);
  }

  async heartbeat() {
    let head = null;
    try { head = await api.headSeq(); } catch { /* unreachable: dropped below, the badge says OFFLINE */ }
    if (head === null) { if (this.ws || !this.wasOffline) this.drop('server unreachable'); return; }
    if (!this.ws) { this.reconnectSoon(0); return; }
    // Socket open but events missing for three beats in a row: it is dead; reopen from lastSeq.
    this.missedHeartbeats = head > this.lastSeq && this.ws.readyState === 1 ? this.missedHeartbeats + 1 : 0;
    if (this.missedHeartbeats >= 3) { this.missedHeartbeats = 0; this.reopenQuietly(); }
  }

  // How long the server has been silent, in whole seconds (for the STALE banner).
  get silentSeconds() { return Math.floor(this.silentMs / 1000); }

  status(s, recovered = false) {
    this.state = s;
    if (s === 'online' && this.wasOffline) { this.wasOffline = false; this.onStatus('online', true); return; }
    this.onStatus(s, recovered);
  }
}

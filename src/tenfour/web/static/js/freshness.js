// Which boards are current. A board whose last refresh failed is STALE: it keeps its last good
// content, says why, and the header says STALE instead of LIVE until a refresh of it succeeds.
// No DOM here (the shell draws it), so node's test runner can load it.

// What to tell the user about a failed refresh, in words (never a stack trace).
export function messageOf(err) {
  const detail = err?.detail || err?.message || String(err);
  if (err?.status === 403) return `not allowed for your role: ${detail}`;
  return detail;
}

export class Freshness {
  constructor() { this.failures = new Map(); } // board -> message

  // Record a failure; true when the board was current until now (worth telling the user).
  failed(board, err) {
    const fresh = !this.failures.has(board);
    this.failures.set(board, messageOf(err));
    return fresh;
  }

  // Record a good refresh; true when the board was stale until now.
  succeeded(board) { return this.failures.delete(board); }

  isStale(board) { return this.failures.has(board); }

  message(board) { return this.failures.get(board) ?? null; }

  get stale() { return [...this.failures.keys()]; }
}

// The header's badge for the stream's state and the stale boards: LIVE only when both are good.
export function badge(connection, stale) {
  if (connection === 'stale') return { state: 'stale', text: 'STALE', title: 'no word from the server: the screen may be out of date' };
  if (connection !== 'online') return { state: connection, text: connection.toUpperCase(), title: '' };
  if (stale.length) return { state: 'stale', text: 'STALE', title: `not current: ${stale.join(', ')}` };
  return { state: 'online', text: 'LIVE', title: '' };
}

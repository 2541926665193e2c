// board.js: a panel's window of the board, loaded once, then kept current by the changes since
// the seq it holds (a 304 when nothing changed), reloaded when too far behind or left short.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { SRC, installBrowser, jsonResponse } from './browser.mjs';

const api = await import(new URL('api.js', SRC));
const { BoardWindow } = await import(new URL('board.js', SRC));

const row = (id, priority, created_at = `2026-11-30T10:00:0${id.at(-1)}Z`) => ({ id, priority, created_at, status: 'pending' });
const counts = (total) => ({ total, status: { pending: total }, priority: {}, discipline: {}, agency: {} });
const page = (seq, rows, { total = rows.length, removed = [], reload = false } = {}) => ({ seq, rows, removed, reload, next: null, counts: counts(total) });

let browser; let answers;
beforeEach(() => {
  browser = installBrowser(); answers = [];
  browser.server.answer = () => answers.shift();
});
const urls = () => browser.server.requests.map((r) => decodeURIComponent(r.url));
const tags = () => browser.server.requests.map((r) => r.headers['If-None-Match'] ?? null);

test('the first refresh loads the window; the next asks only for the changes since its seq', async () => {
  const w = new BoardWindow(api.board, { filter: { status: ['dispatched', 'enroute'] }, show: 2, limit: 3 });
  answers.push(jsonResponse(200, page(10, [row('a1', 1), row('b2', 2)]), { ETag: 'W/"10-x"' }));
  assert.equal(await w.refresh(), true);
  assert.deepEqual(w.rows.map((r) => r.id), ['a1', 'b2']);
  answers.push({ ok: false, status: 304, statusText: '', headers: { get: () => null } });
  assert.equal(await w.refresh(), false, 'unchanged: nothing to draw');
  assert.deepEqual(urls(), [
    '/api/v1/board/incidents?status=dispatched&status=enroute&sort=priority&limit=3',
    '/api/v1/board/incidents?status=dispatched&status=enroute&sort=priority&limit=3&since=10',
  ]);
  assert.deepEqual(tags(), [null, 'W/"10-x"']);
  assert.equal(browser.server.requests[1].cache, 'no-store');
});

test('changes are merged in order, rows that left go, counts follow', async () => {
  const w = new BoardWindow(api.board, { show: 2, limit: 4 });
  answers.push(jsonResponse(200, page(10, [row('a1', 1), row('b2', 2), row('c3', 3)])));
  await w.refresh();
  answers.push(jsonResponse(200, page(12, [row('c3', 1), row('d4', 2)], { total: 3, removed: ['a1'] }), { ETag: 'W/"12-x"' }));
  assert.equal(await w.refresh(), true);
  assert.deepEqual(w.rows.map((r) => r.id), ['c3', 'b2', 'd4']);
  assert.equal(w.total, 3); assert.equal(w.seq, 12); assert.equal(w.etag, 'W/"12-x"');
  assert.ok(w.removed.has('a1')); assert.deepEqual([w.loads, w.catchUps], [1, 1]);
});

test('a row that moves past the last one held is beyond the window; a short window reloads', async () => {
  const w = new BoardWindow(api.board, { show: 2, limit: 3 });
  answers.push(jsonResponse(200, page(10, [row('a1', 1), row('b2', 1), row('c3', 2)], { total: 50 })));
  await w.refresh();
  answers.push(jsonResponse(200, page(11, [row('b2', 4), row('z9', 3)], { total: 50 })));
  await w.refresh();
  assert.deepEqual(w.rows.map((r) => r.id), ['a1', 'c3'], 'rows past c3 are not held: unseen ones come first');
  answers.push(jsonResponse(200, page(12, [], { total: 50, removed: ['c3'] })));
  answers.push(jsonResponse(200, page(12, [row('a1', 1), row('d4', 2), row('e5', 2)], { total: 49 })));
  await w.refresh();
  assert.deepEqual(w.rows.map((r) => r.id), ['a1', 'd4', 'e5']);
  assert.equal(w.loads, 2);
});

test('too far behind to catch up: the server says reload and the window loads again', async () => {
  const w = new BoardWindow(api.board, { sort: 'age' });
  answers.push(jsonResponse(200, page(10, [row('a1', 1)])));
  await w.refresh();
  answers.push(jsonResponse(200, page(900, [], { reload: true })));
  answers.push(jsonResponse(200, page(900, [row('b2', 1)])));
  assert.equal(await w.refresh(), true);
  assert.deepEqual(w.rows.map((r) => r.id), ['b2']);
  assert.equal(decodeURIComponent(browser.server.requests.at(-1).url), '/api/v1/board/incidents?sort=age&limit=100');
});

test('the unit board is fetched again only when it changed', async () => {
  answers.push(jsonResponse(200, [{ id: '1A12' }], { ETag: 'W/"5-u"' }));
  const first = await api.unitsFresh();
  assert.deepEqual([first.notModified, first.body, first.etag], [false, [{ id: '1A12' }], 'W/"5-u"']);
  answers.push({ ok: false, status: 304, statusText: '', headers: { get: () => null } });
  assert.equal((await api.unitsFresh(first.etag)).notModified, true);
  assert.deepEqual(tags(), [null, 'W/"5-u"']);
});

test('pace: the first refresh 200 ms after a change, then at most one a second while changes go on', async () => {
  const { pace } = await import(new URL('board.js', SRC));
  const runs = [];
  const refresh = pace(async () => { runs.push(browser.clock.now); }, { now: () => browser.clock.now });
  refresh();
  await browser.clock.advance(199);
  assert.deepEqual(runs, []);
  await browser.clock.advance(1);
  assert.deepEqual(runs, [200]);
  for (let t = 0; t < 15; t += 1) { refresh(); await browser.clock.advance(100); } // a change every 100 ms
  assert.deepEqual(runs, [200, 1200]);
  await browser.clock.advance(5000);
  assert.deepEqual(runs, [200, 1200, 2200], 'the last change is shown, once');
});

test('both windows in one request: one ETag, changes merged into each, only changed rows to draw', async () => {
  const { Boards } = await import(new URL('board.js', SRC));
  const queue = new BoardWindow(api.board, { filter: { status: 'pending' }, show: 2, limit: 3 });
  const active = new BoardWindow(api.board, { filter: { status: ['dispatched', 'enroute'] }, show: 2, limit: 3 });
  const both = new Boards(api.boardWindows, [queue, active]);
  answers.push(jsonResponse(200, { seq: 10, windows: [page(10, [row('a1', 1), row('b2', 2)]), page(10, [row('c3', 1)])] }, { ETag: 'W/"10-w"' }));
  assert.deepEqual([...await both.refresh()], [queue, active]);
  assert.equal(queue.drawn(), null, 'loaded: every row to draw');
  assert.equal(active.drawn(), null);
  answers.push(jsonResponse(200, { seq: 11, windows: [{ ...page(11, [row('b2', 1)], { total: 2 }), since: 10 }, { ...page(11, []), since: 10 }] }, { ETag: 'W/"11-w"' }));
  assert.deepEqual([...await both.refresh()], [queue], 'the active board did not change');
  assert.deepEqual(queue.rows.map((r) => r.id), ['a1', 'b2']);
  assert.deepEqual([...queue.drawn()], ['b2'], 'only the changed row is redrawn');
  assert.deepEqual([...queue.drawn()], [], 'and once');
  answers.push({ ok: false, status: 304, statusText: '', headers: { get: () => null } });
  assert.equal((await both.refresh()).size, 0);
  assert.deepEqual(urls(), [
    '/api/v1/board/windows?w=status=pending&sort=priority&limit=3&w=status=dispatched&status=enroute&sort=priority&limit=3',
    '/api/v1/board/windows?w=status=pending&sort=priority&limit=3&since=10&w=status=dispatched&status=enroute&sort=priority&limit=3&since=10',
    '/api/v1/board/windows?w=status=pending&sort=priority&limit=3&since=11&w=status=dispatched&status=enroute&sort=priority&limit=3&since=11',
  ]);
  assert.deepEqual(tags(), [null, 'W/"10-w"', 'W/"11-w"']);
});

test('a window told to reload is asked for whole in a second request, the other by its seq', async () => {
  const { Boards } = await import(new URL('board.js', SRC));
  const queue = new BoardWindow(api.board, { filter: { status: 'pending' } });
  const active = new BoardWindow(api.board, { filter: { status: 'enroute' } });
  const both = new Boards(api.boardWindows, [queue, active]);
  answers.push(jsonResponse(200, { seq: 10, windows: [page(10, [row('a1', 1)]), page(10, [row('c3', 1)])] }));
  await both.refresh();
  answers.push(jsonResponse(200, { seq: 900, windows: [page(900, [], { reload: true }), { ...page(900, []), since: 10 }] }));
  answers.push(jsonResponse(200, { seq: 900, windows: [page(900, [row('b2', 1)]), { ...page(900, []), since: 900 }] }, { ETag: 'W/"900-w"' }));
  assert.deepEqual([...await both.refresh()], [queue]);
  assert.deepEqual(queue.rows.map((r) => r.id), ['b2']);
  assert.deepEqual(active.rows.map((r) => r.id), ['c3']);
  const last = decodeURIComponent(browser.server.requests.at(-1).url);
  assert.ok(last.includes('w=status=pending&sort=priority&limit=100&w=') && last.endsWith('since=900'), last);
  assert.equal(tags().at(-1), null, 'the whole window is not asked with a validator');
  assert.equal(both.etag, 'W/"900-w"');
});

test('two refreshes asked together: one loads the windows whole, the other catches up after it', async () => {
  const { Boards } = await import(new URL('board.js', SRC));
  const queue = new BoardWindow(api.board, { filter: { status: 'pending' } });
  const active = new BoardWindow(api.board, { filter: { status: 'enroute' } });
  const both = new Boards(api.boardWindows, [queue, active]);
  answers.push(jsonResponse(200, { seq: 10, windows: [page(10, [row('a1', 1)]), page(10, [row('c3', 1)])] }, { ETag: 'W/"10-w"' }));
  answers.push(jsonResponse(200, { seq: 11, windows: [{ ...page(11, [row('b2', 2)], { total: 2 }), since: 10 }, { ...page(11, []), since: 10 }] }, { ETag: 'W/"11-w"' }));
  const [first, second] = await Promise.all([both.refresh(), both.refresh()]);
  assert.deepEqual([...first], [queue, active]);
  assert.deepEqual([...second], [queue]);
  assert.equal(queue.loads, 1, 'loaded whole once');
  assert.deepEqual(queue.rows.map((r) => r.id), ['a1', 'b2']);
  assert.ok(decodeURIComponent(browser.server.requests.at(-1).url).includes('since=10'));
});

// The live stream's reconnect logic (stream.js) against a fake socket and a hand-moved clock:
// backoff, resume after the last seq, never an event twice, resync, expiry, dead sockets.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { FakeSocket, SRC, installBrowser, settle } from './browser.mjs';

const { Stream } = await import(new URL('stream.js', SRC));

let page; let events; let statuses; let stream;

beforeEach(() => {
  page = installBrowser();
  events = []; statuses = [];
  stream = new Stream({ onEvents: (batch) => events.push(batch.map((e) => e.seq)), onStatus: (s, recovered) => statuses.push([s, recovered]) });
});

const event = (seq) => ({ seq, type: 'RemarkAdded', payload: {} });

async function online(after) {
  stream.start(after);
  FakeSocket.last.open();
  await settle();
  return FakeSocket.last;
}

test('opens from the journal head and reports LIVE once the socket is open', async () => {
  const ws = await online(7);
  assert.equal(FakeSocket.all.length, 1);
  assert.equal(ws.after, 7);
  assert.deepEqual(statuses, [['connecting', false], ['online', false]]);
});

test('events arrive in order, in one batch per turn, each seq once', async () => {
  const ws = await online(10);
  ws.deliver(event(11)); ws.deliver(event(12)); ws.deliver(event(12)); ws.deliver(event(9));
  await settle();
  assert.deepEqual(events, [[11, 12]]);
  assert.equal(stream.lastSeq, 12);
  assert.equal(stream.duplicates, 2);
});

test('a dropped socket shows OFFLINE and retries with a doubling backoff capped at 5 s', async () => {
  await online(0);
  page.server.head = null; // the network is down: heartbeats find nobody either
  const waits = [];
  for (let n = 0; n < 6; n += 1) {
    FakeSocket.last.drop(1006);
    waits.push(page.clock.delay(stream.timer));
    await page.clock.advance(waits.at(-1));
  }
  assert.deepEqual(waits, [300, 600, 1200, 2400, 4800, 5000]);
  assert.deepEqual(statuses.at(-1), ['offline', false]);
  assert.equal(FakeSocket.all.length, 7);
});

test('a reconnect resumes after the last seq seen and says it recovered', async () => {
  const ws = await online(3);
  ws.deliver(event(4)); ws.deliver(event(5));
  await settle();
  ws.drop(1006);
  await page.clock.advance(300);
  const again = FakeSocket.last;
  assert.notEqual(again, ws);
  assert.equal(again.after, 5);
  again.open();
  assert.deepEqual(statuses.at(-1), ['online', true]);
  assert.equal(stream.reconnects, 1);
  again.deliver(event(5)); again.deliver(event(6)); // the server may resend the last one seen
  await settle();
  assert.deepEqual(events, [[4, 5], [6]]);
});

test('the backoff starts again from 300 ms after a good connection', async () => {
  await online(0);
  FakeSocket.last.drop(1006);
  await page.clock.advance(300);
  FakeSocket.last.drop(1006);
  await page.clock.advance(600);
  FakeSocket.last.open();
  FakeSocket.last.drop(1006);
  assert.equal(page.clock.delay(stream.timer), 300);
});

test('told to resync (4000) it reopens at once from the resync point, never OFFLINE', async () => {
  const ws = await online(20);
  ws.deliver({ type: 'resync', after: 25 });
  ws.drop(4000);
  assert.deepEqual(statuses.at(-1), ['connecting', false]);
  await page.clock.advance(0);
  assert.equal(FakeSocket.last.after, 25);
  assert.ok(!statuses.some(([s]) => s === 'offline'));
});

test('a token refused after an expiry notice reconnects; refused outright it goes to login', async () => {
  const ws = await online(1);
  ws.deliver({ type: 'expired', after: 2 });
  ws.drop(4401);
  await page.clock.advance(0);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(FakeSocket.last.after, 2);
  assert.deepEqual(location.assigned, []);

  FakeSocket.last.open();
  FakeSocket.last.drop(4401);
  await page.clock.advance(10000);
  assert.equal(FakeSocket.all.length, 2, 'no reconnect with a refused token');
  assert.equal(sessionStorage.getItem('tenfour.session'), null);
  assert.match(location.assigned[0], /^\/console\/login\?next=/);
});

test('a socket open while the head moves on is reopened after three missed beats', async () => {
  const ws = await online(5);
  page.server.head = 9; // events the socket never delivered
  await page.clock.advance(3000 * 2);
  assert.equal(FakeSocket.all.length, 1, 'two beats are not enough');
  await page.clock.advance(3000);
  assert.ok(ws.closedByClient);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(FakeSocket.last.after, 5);
});

test('a beat that finds the server unreachable drops to OFFLINE, the next good one reconnects', async () => {
  const ws = await online(5);
  page.server.head = null;
  await page.clock.advance(3000);
  assert.ok(ws.closedByClient);
  assert.deepEqual(statuses.at(-1), ['offline', false]);
  page.server.head = 5;
  await page.clock.advance(3000);
  assert.equal(FakeSocket.all.length, 2);
  FakeSocket.last.open();
  assert.deepEqual(statuses.at(-1), ['online', true]);
});

test('the browser going offline drops the socket; coming online reconnects at once', async () => {
  const ws = await online(5);
  dispatchWindowEvent('offline');
  assert.ok(ws.closedByClient);
  assert.deepEqual(statuses.at(-1), ['offline', false]);
  dispatchWindowEvent('online');
  await page.clock.advance(0);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(FakeSocket.last.after, 5);
});

test('a server silent for 4 s shows STALE; any word from it (a ping) shows LIVE again', async () => {
  const ws = await online(5);
  page.server.head = 5;
  await page.clock.advance(3000);
  ws.deliver({ type: 'ping', head: 5 });
  await page.clock.advance(3000);
  assert.deepEqual(statuses.at(-1), ['online', false], 'pings keep it live');
  await page.clock.advance(4000);
  assert.deepEqual(statuses.at(-1), ['stale', false]);
  ws.deliver({ type: 'ping', head: 5 });
  assert.deepEqual(statuses.at(-1), ['online', true]);
  assert.equal(FakeSocket.all.length, 1, 'stale is not a reconnect');
});

test('a server silent for 12 s is dropped (OFFLINE); a socket that never opens is retried', async () => {
  const ws = await online(5);
  page.server.head = 5;
  await page.clock.advance(12000);
  assert.ok(ws.closedByClient);
  assert.deepEqual(statuses.at(-1), ['offline', false]);
  await page.clock.advance(1000);
  const hung = FakeSocket.last; // the server accepts and never answers the upgrade
  assert.notEqual(hung, ws);
  await page.clock.advance(5000);
  assert.ok(hung.closedByClient);
  await page.clock.advance(1000);
  assert.notEqual(FakeSocket.last, hung);
});

test('pings prove a socket alive even while the head is ahead with events this viewer never gets', async () => {
  const ws = await online(5);
  page.server.head = 9; // others' events, not for this viewer
  for (let n = 0; n < 5; n += 1) { await page.clock.advance(2000); ws.deliver({ type: 'ping', head: 9 }); }
  assert.equal(FakeSocket.all.length, 1, 'no reopen');
  assert.equal(stream.lastSeq, 5, 'a ping never moves the resume point');
});

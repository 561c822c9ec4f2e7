// log.call by a Call-ID alone (no `near`) finds a templated keepalive however old, through the Call-ID filters,
// where a scan of the bytes newest first runs out of its budget.
import { afterEach, describe, expect, it } from 'vitest';
import { SignallingReader } from './reader';
import { Retention } from './retention';
import { StoredMessages } from './stored-messages';
import { tempDb } from './testing/db';
import { SERVER_ID, deviceMessage, keepaliveXml, record, response } from './testing/messages';
import { SignallingWriter } from './writer';
import type Database from 'better-sqlite3';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const T = 1_724_112_000_000;
const DEVICES = Array.from({ length: 20 }, (_, i) => '3402000000132' + String(i + 1).padStart(7, '0'));
const callIdOf = (dev: string, round: number) => `ka-${round}-${dev.slice(-4)}@192.168.1.64`;

/**
 * Keepalives and their 200 OKs of 20 devices, `rounds` rounds, over several groups of ids (ids jump between
 * flushes), written by two writers one after the other (a restart inside a group).
 */
function keepaliveLog(rounds: number): Database.Database {
  const t = tempDb();
  cleanup = t.cleanup;
  let w = new SignallingWriter(t.db);
  let time = T;
  for (let round = 0; round < rounds; round++) {
    for (const dev of DEVICES) {
      w.onMessage(record(deviceMessage(keepaliveXml(round, dev), callIdOf(dev, round), dev), 'in', time++));
      w.onMessage(record(response(200, 'OK', 'MESSAGE', 20, callIdOf(dev, round), dev, SERVER_ID), 'out', time++));
    }
    if (round % 50 === 49) {
      w.flush();
      t.db.prepare('UPDATE signalling_totals SET next_id = next_id + 40000 WHERE id = 1').run();
    }
    if (round === Math.floor(rounds / 2)) {
      w.stop();
      w = new SignallingWriter(t.db);
    }
  }
  w.flush();
  return t.db;
}

/** Every read of a stored message costs 1 ms on the reader's clock, as a block read does when not cached. */
function slowReader(db: Database.Database): { reader: SignallingReader; clock: { t: number } } {
  const clock = { t: 0 };
  const stored = new StoredMessages(db);
  const read = stored.get.bind(stored);
  stored.get = (id) => {
    clock.t += 1;
    return read(id);
  };
  return { reader: new SignallingReader(db, { stored, now: () => clock.t }), clock };
}

describe('log.call by Call-ID alone', () => {
  it('finds an old keepalive and its 200 OK by the Call-ID filters, however far the byte scan would have to go', () => {
    const db = keepaliveLog(400);
    expect((db.prepare('SELECT count(DISTINCT grp) AS n FROM signalling_call_group').get() as { n: number }).n).toBeGreaterThan(2);
    const { reader } = slowReader(db);
    for (const [dev, round] of [[DEVICES[3], 2], [DEVICES[17], 199], [DEVICES[0], 201], [DEVICES[9], 398]] as const) {
      const want = callIdOf(dev, round);
      for (const budgetMs of [undefined, 0]) {
        const found = reader.call(want, { budgetMs });
        expect(found.map((m) => [m.callId, m.method ?? m.status, m.deviceId])).toEqual([
          [want, 'MESSAGE', dev],
          [want, 200, dev],
        ]);
        expect(found[0].id).toBeLessThan(found[1].id);
      }
    }
  });

  it("retention takes a group's filter out with the group's last block", () => {
    const db = keepaliveLog(400);
    const w = new SignallingWriter(db);
    const retention = new Retention(db, w.codes, w.storedMessages);
    const groups = () => (db.prepare('SELECT DISTINCT grp FROM signalling_call_group ORDER BY grp').all() as { grp: number }[]).map((r) => r.grp);
    const before = groups();
    retention.prune(T + 8000 + 7 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    const firstBlock = (db.prepare('SELECT min(id) AS id FROM signalling_block_info').get() as { id: number }).id;
    expect(groups()).toEqual(before.filter((g) => g >= Math.floor(firstBlock / 16_384)));
    expect(groups().length).toBeLessThan(before.length);
    retention.prune(T + 1e6 + 8 * 86_400_000, { logRetentionDays: 7, logMaxMb: 512 });
    expect(groups()).toEqual([]);
    expect(db.prepare('SELECT stored_bytes AS n FROM signalling_totals').get()).toEqual({ n: 0 });
  });

  it('finds a keepalive still pending, and nothing for a Call-ID never logged', () => {
    const db = keepaliveLog(120);
    const w = new SignallingWriter(db);
    w.onMessage(record(deviceMessage(keepaliveXml(999, DEVICES[5]), 'ka-late@192.168.1.64', DEVICES[5]), 'in', T + 1e6));
    w.flush();
    expect((db.prepare('SELECT count(*) AS n FROM signalling_pending WHERE kind IS NOT NULL').get() as { n: number }).n).toBeGreaterThan(0);
    const { reader } = slowReader(db);
    expect(reader.call('ka-late@192.168.1.64', { budgetMs: 0 }).map((m) => m.cmdType)).toEqual(['Keepalive']);
    expect(reader.call('ka-never@192.168.1.64')).toEqual([]);
  });
});

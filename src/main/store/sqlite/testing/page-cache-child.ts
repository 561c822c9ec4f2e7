// A child for database.test: writes a 40 MB table, then reads every page of it through a new connect()
// connection and prints how much the process's resident memory grew (bytes): the page cache that connection keeps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-page-cache-'));
const file = path.join(dir, 'cache.sqlite');
const w = connect(file);
// Written through a small cache, so the reading connection cannot reuse memory this one gave back.
w.pragma('cache_size = -200');
w.exec('CREATE TABLE t (x BLOB)');
const insert = w.prepare('INSERT INTO t (x) VALUES (randomblob(3000))');
w.transaction(() => {
  for (let i = 0; i < 13_000; i++) insert.run();
})();
w.pragma('wal_checkpoint(TRUNCATE)');
w.close();
const before = process.memoryUsage().rss;
const db = connect(file);
db.prepare('SELECT count(*) FROM t').get();
const grew = process.memoryUsage().rss - before;
db.close();
fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ grew }));

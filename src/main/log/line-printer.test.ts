import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLinePrinter } from './line-printer';
import { createLogger } from './logger';

const collect = () => {
  const writes: string[] = [];
  return { writes, write: (t: string) => writes.push(t) };
};

it('a storm of lines logged in one turn leaves in one write per stream, in order', () => {
  const out = collect();
  const err = collect();
  const turns: Array<() => void> = [];
  const logger = createLogger({ print: true, printer: { out, err, schedule: (f) => turns.push(f) } });
  for (let i = 0; i < 1000; i++) logger.info(`device 3402000000132${String(i).padStart(7, '0')} registered`);
  logger.warn('device 34020000001320000001: catalog query got no answer within 10 s');
  expect(out.writes).toEqual([]);
  expect(turns).toHaveLength(1);
  turns[0]();
  expect(out.writes).toHaveLength(1);
  const lines = out.writes[0].trimEnd().split('\n');
  expect(lines).toHaveLength(1000);
  expect(lines[0]).toMatch(/ INFO  device 34020000001320000000 registered$/);
  expect(lines[999]).toMatch(/ INFO  device 34020000001320000999 registered$/);
  expect(err.writes).toHaveLength(1);
  expect(err.writes[0]).toMatch(/ WARN  device 34020000001320000001: catalog query got no answer within 10 s\n$/);
  logger.info('next turn');
  expect(turns).toHaveLength(2);
});

it('lines still pending when the process exits are written', async () => {
  const script = `
    import { createLogger } from ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'logger.ts'))};
    const logger = createLogger({ print: true });
    logger.info('last words');
    logger.error('and an error');
    process.exit(0);
  `;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 });
  expect(stdout).toMatch(/ INFO  last words\n$/);
  expect(stderr).toMatch(/ ERROR and an error\n$/);
});

it('a stream whose reader is gone (EPIPE) is written no more, and its error is handled', async () => {
  const pipe = new Writable({
    write(_chunk, _enc, done) {
      done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  });
  let writes = 0;
  const out = { write: (t: string) => (writes++, pipe.write(t)), on: pipe.on.bind(pipe) };
  const printer = createLinePrinter({ out, err: { write: () => true }, schedule: () => {} });
  printer.print(0, 'info', 'device 34020000001320000001 registered', false);
  printer.flush();
  await new Promise((r) => pipe.once('error', r));
  printer.print(0, 'info', 'device 34020000001320000001 went offline', false);
  printer.flush();
  expect(writes).toBe(1);
});

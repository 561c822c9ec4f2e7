import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { GcPauseMeter } from './gc-pauses';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let meter: GcPauseMeter | undefined;
afterEach(() => meter?.stop());

/** Runs `step` and yields to the event loop (where the observer is told) until `done`, for at most 5 s. */
async function until(done: () => boolean, step: () => void): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('no garbage collection was reported within 5 s');
    step();
    await new Promise(setImmediate);
  }
}

describe('GcPauseMeter', () => {
  it('counts the scavenges that short-lived garbage causes, and the time they took', async () => {
    meter = new GcPauseMeter();
    let sink: unknown[] = [];
    await until(
      () => meter!.read().scavenges > 0,
      () => {
        for (let i = 0; i < 100_000; i++) sink = [i, { i }];
      },
    );
    expect(sink).toHaveLength(2);
    const r = meter.read();
    expect(r.scavenges).toBeGreaterThan(0);
    expect(r.scavengeMs).toBeGreaterThanOrEqual(0);
  });

  it('counts a full collection as a major one, not as a scavenge', async () => {
    meter = new GcPauseMeter();
    await until(() => meter!.read().majors > 0, gc);
    expect(meter.read().majors).toBeGreaterThan(0);
  });
});

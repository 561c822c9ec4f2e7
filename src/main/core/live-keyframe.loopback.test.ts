// The first picture of a live view does not wait for the camera's GOP: the core asks for a keyframe (IFrame
// DeviceControl) once the INVITE is answered, and a camera that honours it sends one next. The real core and a
// simulated camera with a 4 s GOP that answers mid-GOP, on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSession } from '../../shared/types/live';
import { SimFleet, type SimDevice } from '../../device-sim';
import { dispatch } from '../api/handlers';
import { FrameCollector } from '../live/testing/live-rig';
import { createCore, type Core } from './create-core';

const DEVICE = '34020000001320000201';
const GOP_FRAMES = 100; // 4 s at 25 fps
let core: Core;
let fleet: SimFleet;
let sim: SimDevice;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-keyframe-'));
  core = await createCore({ dataDir: dir, flags: { sipIp: '127.0.0.1', sipPort: 25181, password: 'sim-pw-123' }, statsIntervalMs: 0 });
  const online = new Promise<void>((resolve) => {
    const off = core.events.on('device.online', (d) => d.deviceId === DEVICE && (off(), resolve()));
  });
  fleet = await SimFleet.start({
    server: { ip: '127.0.0.1', port: core.gb.listen[0].port, id: core.settings.values.sipId, domain: core.settings.values.domain },
    password: 'sim-pw-123',
    devices: 1,
    idBase: DEVICE,
    localIp: '127.0.0.1',
    device: { channels: 1, gopSec: 4, midGopStart: true },
  });
  sim = fleet.devices[0];
  await online;
}, 30_000);

afterAll(async () => {
  await fleet?.stop();
  await core?.close();
});

type Seen = { what: 'iframe-request' } | { what: 'keyframe'; frame: number; forced: boolean };

/** Starts live view and records, in order, what the camera saw and sent until its first keyframe. */
async function firstKeyframe(): Promise<{ seen: Seen[]; session: LiveSession; viewer: FrameCollector }> {
  const seen: Seen[] = [];
  const offs = [
    sim.events.on('control', (c) => c.what === 'IFrameCmd' && seen.push({ what: 'iframe-request' })),
    sim.events.on('keyframe-sent', (k) => seen.push({ what: 'keyframe', frame: k.frame, forced: k.forced })),
  ];
  try {
    const keyframe = sim.events.next('keyframe-sent', 10_000);
    const session = (await dispatch(core.handlers, 'live.start', { deviceId: DEVICE, channelId: sim.channelIds[0] })) as LiveSession;
    const viewer = new FrameCollector();
    core.live.subscribeFrames(session.sessionId, viewer);
    await keyframe;
    await viewer.waitFrames(1, 10_000);
    return { seen, session, viewer };
  } finally {
    offs.forEach((off) => off());
  }
}

async function stop(session: LiveSession): Promise<void> {
  const ended = sim.events.next('media-ended', 10_000);
  await dispatch(core.handlers, 'live.stop', { sessionId: session.sessionId });
  await ended;
}

describe('first picture of a live view from a camera with a 4 s GOP that answers mid-GOP', () => {
  it('the camera gets the IFrame request and its first keyframe is the forced one, not the GOP\'s', async () => {
    const { seen, session, viewer } = await firstKeyframe();
    expect(seen[0]).toEqual({ what: 'iframe-request' });
    const first = seen.find((s) => s.what === 'keyframe');
    expect(first).toMatchObject({ forced: true });
    // the GOP's own keyframe would have come only after the rest of the GOP the stream started in
    expect(first && 'frame' in first && first.frame).toBeLessThan(GOP_FRAMES - 1);
    expect(viewer.frames[0].keyframe).toBe(true);
    await stop(session);
  }, 20_000);

  it('a camera that ignores the request leaves the first picture to the GOP', async () => {
    sim.config.field.ignoreIFrame = true;
    try {
      const { seen, session, viewer } = await firstKeyframe();
      expect(seen[0]).toEqual({ what: 'iframe-request' });
      const first = seen.find((s) => s.what === 'keyframe');
      expect(first).toMatchObject({ forced: false });
      // it started mid-GOP: frames went out before the scheduled keyframe
      expect(first && 'frame' in first && first.frame).toBeGreaterThan(0);
      expect(viewer.frames[0].keyframe).toBe(true);
      await stop(session);
    } finally {
      sim.config.field.ignoreIFrame = false;
    }
  }, 20_000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInviteOffer, parseSdpAnswer } from '../../main/gb28181/sdp';
import { runTool } from '../../main/media/testing/tools';
import { seededRandom } from '../../main/media/testing/shuffle';
import { SimFleet, type FleetOptions } from '../fleet/fleet';
import { text } from '../manscdp/read';
import { FakePlatform } from '../testing/fake-platform';
import { RtpCapture } from '../testing/rtp-capture';

const BASE = '34020000001320000001';
let platform: FakePlatform | undefined;
let fleet: SimFleet | undefined;
let capture: RtpCapture | undefined;
let dir: string | undefined;

afterEach(async () => {
  capture?.close();
  await fleet?.stop();
  await platform?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  capture = fleet = platform = dir = undefined;
});

async function setup(f: Partial<FleetOptions['device']> = {}, random?: () => number) {
  platform = await FakePlatform.start({ password: 'pw' });
  fleet = await SimFleet.start({ server: platform.target, password: 'pw', devices: 1, idBase: BASE, device: { channels: 2, midGopStart: false, ...f }, random });
  const device = fleet.devices[0];
  await device.events.next('registered', 5000);
  return { platform, device, channelId: device.channelIds[0] };
}

function offer(o: { port: number; transport?: 'udp' | 'tcp-passive' | 'tcp-active'; session?: 'Play' | 'Playback' | 'Download'; ssrc?: string; seconds?: number; speed?: number; channelId: string }) {
  const start = 1_724_140_800; // 2024-08-20T08:00:00Z
  return buildInviteOffer({
    sessionName: o.session ?? 'Play',
    ownerId: '34020000002000000001',
    ip: '127.0.0.1',
    port: o.port,
    transport: o.transport ?? 'udp',
    ssrc: o.ssrc ?? (o.session && o.session !== 'Play' ? '1000000001' : '0000000001'),
    channelId: o.channelId,
    startTime: start,
    endTime: start + (o.seconds ?? 2),
    downloadSpeed: o.speed,
  });
}

describe('live media', () => {
  it('streams the H.264 clip as PS over RTP that ffprobe reads as 640x360 at 25 fps and ffmpeg decodes cleanly', async () => {
    const { platform, device, channelId } = await setup();
    capture = await RtpCapture.udp();
    const started = device.events.next('media-started', 5000);
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, ssrc: '0200000123', channelId }));
    expect(call.response.status).toBe(200);
    const answer = parseSdpAnswer(call.response.body.toString());
    expect(answer.ok && answer.sdp.ssrc).toBe('0200000123');
    expect((await started).ssrc).toBe(200000123);
    await capture.waitFrames(60, 10_000);
    await call.bye();

    const pkts = capture.packets;
    expect(pkts.every((p) => p.payloadType === 96 && p.ssrc === 200000123 && p.payload.length <= 1400)).toBe(true);
    // one timestamp per frame, 3600 ticks (40 ms at 90 kHz) apart; marker on each frame's last packet only
    const stamps = [...new Set(pkts.map((p) => p.timestamp))];
    expect(stamps.slice(1, 30).map((t, i) => (t - stamps[i]) >>> 0)).toEqual(Array(29).fill(3600));
    for (let i = 0; i + 1 < pkts.length; i++) expect(pkts[i].marker).toBe(pkts[i + 1].timestamp !== pkts[i].timestamp);
    // the first packet is a keyframe's PS: pack header, system header, PSM with stream_type 0x1B
    const first = pkts[0].payload;
    expect(first.readUInt32BE(0)).toBe(0x000001ba);
    expect(first.readUInt32BE(14)).toBe(0x000001bb);
    const psm = first.indexOf(Buffer.from([0, 0, 1, 0xbc]));
    expect(first[psm + 12]).toBe(0x1b);

    dir = mkdtempSync(join(tmpdir(), 'sim-ps-'));
    const file = join(dir, 'live.ps');
    writeFileSync(file, capture.payload());
    const probe = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,r_frame_rate', '-of', 'default=noprint_wrappers=1', file]);
    expect(probe.code).toBe(0);
    expect(probe.stdout).toContain('codec_name=h264');
    expect(probe.stdout).toContain('width=640');
    expect(probe.stdout).toContain('height=360');
    expect(probe.stdout).toContain('r_frame_rate=25/1');
    const decode = await runTool('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(decode.code).toBe(0);
    expect(decode.stderr.trim()).toBe('');
  });

  it('streams the H.265 clip with G.711A audio when configured, and ffprobe finds both streams', async () => {
    const { platform, channelId } = await setup({ clip: 'h265Main', audio: true });
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, channelId }));
    await capture.waitFrames(30, 10_000);
    await call.bye();
    dir = mkdtempSync(join(tmpdir(), 'sim-ps-'));
    const file = join(dir, 'h265.ps');
    writeFileSync(file, capture.payload());
    const probe = await runTool('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width', '-of', 'default=noprint_wrappers=1', file]);
    expect(probe.code).toBe(0);
    expect(probe.stdout).toContain('codec_name=hevc');
    expect(probe.stdout).toContain('width=640');
    // ffmpeg 5.1 ignores the PSM's GB stream_type 0x90 (G.711A) and guesses MPEG audio for stream 0xC0; the PSM
    // itself is checked in media.test.ts. Here it is enough that the audio stream is there.
    expect(probe.stdout).toContain('codec_type=audio');
  });

  it('stops streaming on BYE', async () => {
    const { platform, device, channelId } = await setup();
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, channelId }));
    await capture.waitFrames(3, 5000);
    const ended = device.events.next('media-ended', 5000);
    expect((await call.bye()).status).toBe(200);
    expect((await ended).reason).toBe('bye');
    expect(device.media.count).toBe(0);
  });

  it('answers with its own SSRC and streams with it under the ssrc-mismatch fault', async () => {
    const { platform, channelId } = await setup({ faults: { ssrcMismatch: true } });
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, ssrc: '0200000077', channelId }));
    const answer = parseSdpAnswer(call.response.body.toString());
    expect(answer.ok).toBe(true);
    const ssrc = answer.ok ? answer.sdp.ssrc : '';
    expect(ssrc).not.toBe('0200000077');
    await capture.waitFrames(2, 5000);
    expect(capture.packets[0].ssrc).toBe(Number(ssrc));
    await call.bye();
  });

  it('never answers the INVITE under the fault knob (only 100 Trying)', async () => {
    const { platform, device, channelId } = await setup({ faults: { neverAnswerInvite: true } });
    const seen = device.events.next('invite', 5000);
    void platform.invite(BASE, channelId, offer({ port: 9, channelId })).catch(() => {});
    expect((await seen).answered).toBe(false);
    expect(device.media.count).toBe(0);
  });

  it('drops the asked share of RTP packets', async () => {
    // Seeded: over the 35 or so packets sent by then, a fair coin falls outside 30-70 % in about 2 runs of 100 (one
    // failed here at 23 %); with this seed any 20 draws or more, wherever the stream's draws begin, drop 35-65 %.
    const { platform, device, channelId } = await setup({ faults: { rtpDropPercent: 50 } }, seededRandom(2));
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, channelId }));
    await capture.waitFrames(20, 5000);
    const stats = device.media.get(call.callId)!.stats!;
    const share = stats.dropped / (stats.dropped + stats.packets);
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    const seqs = capture.packets.map((p) => p.sequenceNumber);
    const span = ((seqs[seqs.length - 1] - seqs[0]) & 0xffff) + 1;
    expect(span).toBeGreaterThan(seqs.length); // gaps where packets were dropped
    await call.bye();
  });
});

describe('TCP media (RFC 4571)', () => {
  it('connects to the platform when the platform is passive and sends framed RTP', async () => {
    const { platform, channelId } = await setup();
    capture = await RtpCapture.tcpListen();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, transport: 'tcp-passive', channelId }));
    const answer = parseSdpAnswer(call.response.body.toString());
    expect(answer.ok && answer.sdp.transport).toBe('tcp');
    expect(answer.ok && answer.sdp.setup).toBe('active');
    await capture.waitFrames(10, 5000);
    expect(capture.badFrames).toBe(0);
    expect(capture.packets[0].payload.readUInt32BE(0)).toBe(0x000001ba);
    await call.bye();
  });

  it('listens when the platform is active and puts its port in the answer', async () => {
    const { platform, channelId } = await setup();
    const call = await platform.invite(BASE, channelId, offer({ port: 9, transport: 'tcp-active', channelId }));
    const answer = parseSdpAnswer(call.response.body.toString());
    if (!answer.ok) throw new Error(answer.reason);
    expect(answer.sdp.setup).toBe('passive');
    capture = await RtpCapture.tcpConnect(answer.sdp.ip, answer.sdp.port);
    await capture.waitFrames(10, 5000);
    expect(capture.badFrames).toBe(0);
    expect(capture.packets.every((p) => p.payloadType === 96)).toBe(true);
    await call.bye();
  });
});

describe('playback and download', () => {
  it('plays back the window, obeys PAUSE / PLAY with Range and Scale, and ends with MediaStatus 121 in the dialog', async () => {
    const { platform, device, channelId } = await setup();
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, session: 'Playback', seconds: 3, channelId }));
    expect(call.response.status).toBe(200);
    await capture.waitFrames(5, 5000);

    const paused = device.events.next('playback', 5000);
    expect((await call.info('PAUSE RTSP/1.0\r\nCSeq: 1\r\nPauseTime: now\r\n\r\n')).status).toBe(200);
    await paused;
    const session = () => device.media.get(call.callId)!.stats!;
    expect(session().paused).toBe(true);

    const played = device.events.next('playback', 5000);
    await call.info('PLAY RTSP/1.0\r\nCSeq: 2\r\nRange: npt=2-\r\nScale: 2.0\r\n\r\n');
    expect(await played).toMatchObject({ method: 'PLAY', rangeStartSec: 2, scale: 2 });
    expect(session().scale).toBe(2);

    const status = await platform.waitFor(() => platform.messages.find((m) => m.message.cmdType === 'MediaStatus'), 10_000, 'MediaStatus');
    expect(text(status.message.body, 'NotifyType')).toBe('121');
    expect(status.request.headers.find((h) => h.name === 'Call-ID')?.value).toBe(call.callId);
    expect(device.media.get(call.callId)!.stats!.ended).toBe(true);
    await call.bye();
  });

  it('answers Download with a=filesize, streams at the download speed and ends with MediaStatus 121', async () => {
    const { platform, device, channelId } = await setup();
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, session: 'Download', seconds: 4, speed: 4, channelId }));
    const answer = parseSdpAnswer(call.response.body.toString());
    expect(answer.ok && answer.sdp.filesize).toBe(4 * 56_250);
    await platform.waitFor(() => platform.messages.find((m) => m.message.cmdType === 'MediaStatus'), 10_000, 'MediaStatus');
    expect(capture.frames).toBe(100); // 4 s x 25 fps, no more
    expect(device.media.get(call.callId)!.stats).toMatchObject({ scale: 4, ended: true, frames: 100 });
    await call.bye();
  });
});

/** Waits until `check` holds (looked at every 20 ms), failing after `timeoutMs`. */
async function until(check: () => unknown, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('recordings field knobs', () => {
  it('rangeSeek ignore: PLAY with Range is answered 200 but playback does not move; refuse: 501', async () => {
    const { platform, device, channelId } = await setup({ field: { rangeSeek: 'ignore' } });
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, session: 'Playback', seconds: 60, channelId }));
    await capture.waitFrames(5, 5000);
    const played = device.events.next('playback', 5000);
    expect((await call.info('PLAY RTSP/1.0\r\nCSeq: 1\r\nRange: npt=40-\r\n\r\n')).status).toBe(200);
    expect(await played).toMatchObject({ method: 'PLAY', rangeStartSec: 40 });
    expect(device.media.get(call.callId)!.stats!.positionSec).toBeLessThan(10);
    await call.bye();

    device.config.field.rangeSeek = 'refuse';
    capture.close();
    capture = await RtpCapture.udp();
    const second = await platform.invite(BASE, channelId, offer({ port: capture.port, session: 'Playback', seconds: 60, channelId }));
    await capture.waitFrames(5, 5000);
    expect((await second.info('PLAY RTSP/1.0\r\nCSeq: 1\r\nRange: npt=40-\r\n\r\n')).status).toBe(501);
    expect((await second.info('PLAY RTSP/1.0\r\nCSeq: 2\r\nScale: 2\r\n\r\n')).status).toBe(200);
    expect(device.media.get(second.callId)!.stats!.positionSec).toBeLessThan(10);
    await second.bye();
  });

  it('noMediaStatus: the window ends without MediaStatus 121; mediaStallAfterSec: sending stops short of the end', async () => {
    const { platform, device, channelId } = await setup({ field: { noMediaStatus: true } });
    capture = await RtpCapture.udp();
    const call = await platform.invite(BASE, channelId, offer({ port: capture.port, session: 'Download', seconds: 2, speed: 4, channelId }));
    await capture.waitFrames(50, 5000);
    await until(() => device.media.get(call.callId)?.stats?.ended, 5000, 'the end of the window');
    // A MediaStatus would have gone out before the answer to a query asked after the end.
    const info = await platform.send(BASE, 'Query', 'DeviceInfo');
    await platform.waitFor(() => platform.received('DeviceInfo', info.sn)[0]);
    expect(platform.messages.filter((m) => m.message.cmdType === 'MediaStatus')).toHaveLength(0);
    expect(device.media.get(call.callId)).toBeDefined(); // still in the dialog, waiting for our BYE
    await call.bye();

    device.config.field.noMediaStatus = false;
    device.config.field.mediaStallAfterSec = 1;
    capture.close();
    capture = await RtpCapture.udp();
    const stalled = await platform.invite(BASE, channelId, offer({ port: capture.port, session: 'Download', seconds: 4, speed: 4, channelId }));
    await capture.waitFrames(25, 5000);
    const more = capture.waitFrames(26, 1500).then(() => 'more', () => 'none');
    expect(await more).toBe('none');
    expect(device.media.get(stalled.callId)!.stats).toMatchObject({ frames: 25, ended: false });
    await stalled.bye();
  });
});

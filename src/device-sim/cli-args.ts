// Command-line flags of `npm run sim` turned into fleet options, with sentences an installer can act on.
import { parseArgs } from 'node:util';
import { isValidTimeZone } from '../main/gb28181/datetime';
import type { AlarmTimer, DeviceOverrides, FieldBehaviour } from './device/config';
import type { FleetOptions } from './fleet/fleet';
import type { SimClip } from './media/clips';

export const HELP = `Simulated GB/T 28181 devices (cameras / NVRs) that register with a platform, keep alive,
answer queries and controls, and stream the committed clip as PS over RTP.

usage: npm run sim -- [options]

platform
  --server IP:PORT        the platform's SIP address                 (default 127.0.0.1:5060)
  --server-id ID          the platform's 20-digit SIP ID             (default 34020000002000000001)
  --domain DOMAIN         the platform's 10-digit SIP domain         (default: first 10 digits of --server-id)
  --password PW           the registration password                  (default 12345678)

devices
  --devices N             how many devices                           (default 1)
  --channels M            channels (cameras) per device              (default 4)
  --id-base ID            the first device's ID; the others count up (default 34020000001320000001)
  --transport udp|tcp     SIP transport                              (default udp)
  --keepalive SEC         keepalive interval                         (default 60)
  --heartbeat SEC         the same as --keepalive
  --expires SEC           registration expiry asked for              (default 3600)
  --retry SEC             first retry after a failed registration    (default 60; doubles up to 300)
  --gb-version 2.0|3.0    GB/T 28181-2016 or -2022 (X-GB-Ver)        (default 2.0)
  --charset gb2312|utf-8  MANSCDP body charset                       (default gb2312)
  --page-size N           Catalog / RecordInfo items per MESSAGE     (default 20)
  --no-qop                answer digest challenges without qop (RFC 2069 form)
  --clip NAME             h264 | h264-high | h265                    (default h264)
  --audio                 add G.711A audio to the PS stream
  --gop SEC               live: seconds from one keyframe to the next (default 2); a live stream starts
                          where the camera is in its GOP, so the first picture waits for the next keyframe
                          unless the platform asks for one (IFrame). Above 1 s only with the h264 clip
  --start-on-keyframe     live: start every stream on a keyframe instead (a textbook camera)
  --local-ip IP           address to bind and advertise              (default: the one that reaches --server)
  --sockets N             UDP sockets shared by the devices          (default 1 per 250 devices)
  --concurrency N         registrations in flight while starting     (default 200)

faults (for tests)
  --wrong-password        answer challenges with a wrong password
  --rtp-drop PCT          drop PCT % of RTP packets
  --rtp-reorder PCT       send PCT % of RTP packets one place late
  --no-keepalive          register but never send keepalives
  --never-answer-invite   let INVITEs time out
  --ssrc-mismatch         answer and stream with our own SSRC instead of y=
  --malformed-xml         send MANSCDP answers no XML parser accepts

field behaviour (what real devices and site networks do)
  --branch-reuse          one Via branch for every request; CSeq restarts at 1 on each new Call-ID
  --no-config-download    never answer ConfigDownload BasicParam (the platform must learn the heartbeat)
  --catalog-one-message   the whole catalog in one MESSAGE whatever --page-size (about 680 bytes a
                          channel: 100 channels pass 64 KiB, 450 make about 300 KB)
  --catalog-undercount N  SumNum N below the number of catalog items actually sent
  --catalog-answers-lost N  the answers to the first N Catalog queries are lost (each gets its 200 only)
  --time-format F         padded (2024-08-20T05:07:01, default) | unpadded (2024-8-20T5:07:01) |
                          offset (...T05:07:01+08:00) | millis (...T05:07:01.123): Alarm, RecordInfo,
                          DeviceStatus and MobilePosition times
  --time-zone ZONE        the zone the devices' clocks are set to, e.g. Asia/Shanghai or +08:00
                                                                     (default: this computer's)
  --same-sent-by IP       claim IP (e.g. the factory 192.168.1.64) in Via sent-by and Contact, as a
                          camera behind NAT does; the packets still come from --local-ip
  --refresh-same-call-id  after an outage, refresh the registration on the same Call-ID at once
                          (Hikvision, Dahua); otherwise keepalives resume, and a device the platform
                          has forgotten registers on a new Call-ID
  --large-over-tcp        a UDP device sends a MESSAGE too large for UDP (body over 1000 bytes, e.g. a
                          catalog) over TCP from the same IP (RFC 3261 §18.1.1); it stays registered on UDP
  --ignore-iframe         take the IFrame DeviceControl (IFameCmd) but send no keyframe: live view waits
                          for the GOP (--gop)

alarms and positions
  --alarm-every SEC       raise an alarm every SEC seconds while registered, on each channel in turn
                          (besides the alarm command below); MESSAGE Alarm plus NOTIFY to subscribers
  --alarm-priority N      1 (highest) to 4                           (default 1)
  --alarm-method N        1 phone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other (default 5)
  --alarm-type N          the method's AlarmType, e.g. 2 motion detection for method 5 (default 2)
  A MobilePosition subscription gets the channel's position every Interval seconds, moving around a
  200 m circle at 12.5 km/h with its heading.

recordings (RecordInfo, Playback, Download)
  --record-file-min MIN   length of each "time" recording, 5 min gap after each (default 115: twelve a day;
                          10 makes 98 items a day, answered over several MESSAGEs of --page-size); every day
                          also has an alarm file 10:15-10:20 and a manual file 15:30-15:45
  --record-late-parts N   the last N RecordInfo MESSAGEs of each answer come late (an NVR searching its disk)
  --record-late-sec SEC   how late                                   (default 15, past a 10 s query wait)
  --no-media-status       playback and download just stop at the end: no MediaStatus 121
  --download-recorded-only a download sends only the footage recorded in its window (gaps left out)
  --ignore-range          MANSRTSP PLAY with Range: npt= is answered 200 OK but playback does not move
  --refuse-range          MANSRTSP PLAY with Range: npt= is answered 501 Not Implemented
  --media-stall-after SEC playback and download stop sending SEC seconds into the window, with neither
                          MediaStatus 121 nor BYE
  --freeze-timestamps-after SEC
                          playback and download keep sending, but every frame from SEC seconds into the
                          window carries the same timestamp
  --follow-302            UDP: a 302 to REGISTER moves the device to the Contact's server (GB/T 28181-2022);
                          a failed registration there returns to --server

  --quiet                 print only the periodic summary
  -h, --help              this text

While running, type a command and Enter: status | state [DEVICE_OR_CHANNEL_ID] (PTZ, control flags and
configuration as one JSON line) | alarm [DEVICE_OR_CHANNEL_ID] | offline CHANNEL_ID |
online CHANNEL_ID | outage SEC [DEVICE_ID] (the device, or all, send and answer nothing for SEC seconds) |
quit. Ctrl-C unregisters every device (Expires: 0) and exits; a second Ctrl-C exits at once.
`;

export interface CliOptions {
  fleet: Omit<FleetOptions, 'name'>;
  quiet: boolean;
}

export type CliParse = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'run'; options: CliOptions };

const CLIPS: Record<string, SimClip> = { h264: 'h264Baseline', 'h264-baseline': 'h264Baseline', 'h264-high': 'h264High', h265: 'h265Main' };

class FlagError extends Error {}

function int(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new FlagError(`--${name} must be a whole number from ${min} to ${max}; got "${v}"`);
  return n;
}

function num(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new FlagError(`--${name} must be a number from ${min} to ${max}; got "${v}"`);
  return n;
}

function oneOf<T extends string>(name: string, v: string | undefined, def: T, allowed: readonly T[]): T {
  if (v === undefined) return def;
  const lower = v.toLowerCase() as T;
  if (!allowed.includes(lower)) throw new FlagError(`--${name} must be ${allowed.join(' or ')}; got "${v}"`);
  return lower;
}

function fieldBehaviour(v: Record<string, string | boolean | undefined>): FieldBehaviour {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const f: FieldBehaviour = {};
  if (v['branch-reuse']) f.branchReuse = true;
  if (v['no-config-download']) f.noConfigDownload = true;
  if (v['catalog-one-message']) f.catalogOneMessage = true;
  if (str('catalog-answers-lost') !== undefined) f.catalogAnswersLost = int('catalog-answers-lost', str('catalog-answers-lost'), 0, 0, 1000);
  if (v['refresh-same-call-id']) f.refreshSameCallId = true;
  if (v['large-over-tcp']) f.largeOverTcp = true;
  if (v['ignore-iframe']) f.ignoreIFrame = true;
  if (v['no-media-status']) f.noMediaStatus = true;
  if (v['download-recorded-only']) f.downloadRecordedOnly = true;
  if (v['follow-302']) f.follow302 = true;
  if (v['ignore-range'] && v['refuse-range']) throw new FlagError('--ignore-range and --refuse-range cannot be used together');
  if (v['ignore-range']) f.rangeSeek = 'ignore';
  if (v['refuse-range']) f.rangeSeek = 'refuse';
  if (str('record-file-min') !== undefined) f.recordFileMinutes = int('record-file-min', str('record-file-min'), 115, 1, 1435);
  if (str('record-late-parts') !== undefined) {
    f.recordLateParts = { parts: int('record-late-parts', str('record-late-parts'), 1, 1, 10_000), delayMs: num('record-late-sec', str('record-late-sec'), 15, 0, 3600) * 1000 };
  } else if (str('record-late-sec') !== undefined) throw new FlagError('--record-late-sec needs --record-late-parts N');
  if (str('freeze-timestamps-after') !== undefined) f.freezeTimestampsAfterSec = num('freeze-timestamps-after', str('freeze-timestamps-after'), 0, 0, 86_400);
  if (str('media-stall-after') !== undefined) f.mediaStallAfterSec = num('media-stall-after', str('media-stall-after'), 0, 0, 86_400);
  if (str('catalog-undercount') !== undefined) f.catalogUndercount = int('catalog-undercount', str('catalog-undercount'), 0, 0, 100_000);
  if (str('time-format') !== undefined) f.timeFormat = oneOf('time-format', str('time-format'), 'padded', ['padded', 'unpadded', 'offset', 'millis'] as const);
  const zone = str('time-zone');
  if (zone !== undefined) {
    if (!isValidTimeZone(zone)) throw new FlagError(`--time-zone must be a zone name such as Asia/Shanghai or an offset such as +08:00; got "${zone}"`);
    f.timeZone = zone;
  }
  const sentBy = str('same-sent-by');
  if (sentBy !== undefined) {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(sentBy) || sentBy.split('.').some((o) => Number(o) > 255)) {
      throw new FlagError(`--same-sent-by must be an IPv4 address such as 192.168.1.64; got "${sentBy}"`);
    }
    f.sentBy = sentBy;
  }
  return f;
}

function gop(v: string | undefined, clip: SimClip): number {
  const sec = num('gop', v, 2, 0.04, 60);
  if (v !== undefined && sec > 1 && clip !== 'h264Baseline') throw new FlagError(`--gop above 1 s needs --clip h264 (only its pictures can be held between keyframes); got --gop ${v}`);
  return clip === 'h264Baseline' ? sec : Math.min(sec, 1);
}

function alarmTimer(v: Record<string, string | boolean | undefined>): AlarmTimer | undefined {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  if (str('alarm-every') === undefined) {
    const extra = ['alarm-priority', 'alarm-method', 'alarm-type'].find((k) => str(k) !== undefined);
    if (extra) throw new FlagError(`--${extra} needs --alarm-every SEC`);
    return undefined;
  }
  return {
    everySec: num('alarm-every', str('alarm-every'), 60, 1, 86_400),
    priority: int('alarm-priority', str('alarm-priority'), 1, 1, 4),
    method: int('alarm-method', str('alarm-method'), 5, 1, 7),
    alarmType: int('alarm-type', str('alarm-type'), 2, 1, 999),
  };
}

export function parseCliArgs(argv: string[]): CliParse {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        server: { type: 'string' },
        'server-id': { type: 'string' },
        domain: { type: 'string' },
        password: { type: 'string' },
        devices: { type: 'string' },
        channels: { type: 'string' },
        'id-base': { type: 'string' },
        transport: { type: 'string' },
        keepalive: { type: 'string' },
        heartbeat: { type: 'string' },
        expires: { type: 'string' },
        retry: { type: 'string' },
        'gb-version': { type: 'string' },
        charset: { type: 'string' },
        'page-size': { type: 'string' },
        'no-qop': { type: 'boolean' },
        clip: { type: 'string' },
        audio: { type: 'boolean' },
        'local-ip': { type: 'string' },
        sockets: { type: 'string' },
        concurrency: { type: 'string' },
        'wrong-password': { type: 'boolean' },
        'rtp-drop': { type: 'string' },
        'rtp-reorder': { type: 'string' },
        'no-keepalive': { type: 'boolean' },
        'never-answer-invite': { type: 'boolean' },
        'ssrc-mismatch': { type: 'boolean' },
        'malformed-xml': { type: 'boolean' },
        'branch-reuse': { type: 'boolean' },
        'no-config-download': { type: 'boolean' },
        'catalog-one-message': { type: 'boolean' },
        'catalog-undercount': { type: 'string' },
        'catalog-answers-lost': { type: 'string' },
        'time-format': { type: 'string' },
        'time-zone': { type: 'string' },
        'same-sent-by': { type: 'string' },
        'refresh-same-call-id': { type: 'boolean' },
        'large-over-tcp': { type: 'boolean' },
        'record-file-min': { type: 'string' },
        'record-late-parts': { type: 'string' },
        'record-late-sec': { type: 'string' },
        'no-media-status': { type: 'boolean' },
        'download-recorded-only': { type: 'boolean' },
        'follow-302': { type: 'boolean' },
        'ignore-range': { type: 'boolean' },
        'refuse-range': { type: 'boolean' },
        'media-stall-after': { type: 'string' },
        'freeze-timestamps-after': { type: 'string' },
        gop: { type: 'string' },
        'start-on-keyframe': { type: 'boolean' },
        'ignore-iframe': { type: 'boolean' },
        'alarm-every': { type: 'string' },
        'alarm-priority': { type: 'string' },
        'alarm-method': { type: 'string' },
        'alarm-type': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { kind: 'error', message: `${(err as Error).message.replace(/\. To specify.*$/s, '')}; see --help` };
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  try {
    const server = /^([^:\s]+):(\d{1,5})$/.exec(v.server ?? '127.0.0.1:5060');
    if (!server || Number(server[2]) < 1 || Number(server[2]) > 65535) throw new FlagError(`--server must be IP:PORT, e.g. 192.168.1.10:5060; got "${v.server}"`);
    const serverId = v['server-id'] ?? '34020000002000000001';
    if (!/^\d{20}$/.test(serverId)) throw new FlagError(`--server-id must be the platform's 20-digit SIP ID; got "${serverId}"`);
    const domain = v.domain ?? serverId.slice(0, 10);
    if (!/^\d{10}$/.test(domain)) throw new FlagError(`--domain must be 10 digits, usually the first 10 of --server-id (${serverId.slice(0, 10)}); got "${domain}"`);
    const idBase = v['id-base'] ?? '34020000001320000001';
    if (!/^\d{20}$/.test(idBase)) throw new FlagError(`--id-base must be a 20-digit device ID; got "${idBase}"`);
    const clip = CLIPS[(v.clip ?? 'h264').toLowerCase()];
    if (!clip) throw new FlagError(`--clip must be h264, h264-high or h265; got "${v.clip}"`);
    const retryMinMs = num('retry', v.retry, 60, 0.05, 3600) * 1000;
    const device: DeviceOverrides = {
      channels: int('channels', v.channels, 4, 0, 10_000),
      keepaliveSec: v.heartbeat !== undefined ? num('heartbeat', v.heartbeat, 60, 0.1, 86_400) : num('keepalive', v.keepalive, 60, 0.1, 86_400),
      gbVersion: oneOf('gb-version', v['gb-version'], '2.0', ['2.0', '3.0'] as const),
      charset: oneOf('charset', v.charset, 'gb2312', ['gb2312', 'gb18030', 'utf-8'] as const),
      pageSize: int('page-size', v['page-size'], 20, 1, 10_000),
      qop: v['no-qop'] ? 'none' : 'auto',
      clip,
      audio: !!v.audio,
      gopSec: gop(v.gop, clip),
      midGopStart: !v['start-on-keyframe'],
      alarmTimer: alarmTimer(v),
      timing: { expires: int('expires', v.expires, 3600, 1, 864_000), retryMinMs, retryMaxMs: Math.max(retryMinMs, 300_000) },
      faults: {
        wrongPassword: !!v['wrong-password'],
        rtpDropPercent: num('rtp-drop', v['rtp-drop'], 0, 0, 100),
        rtpReorderPercent: num('rtp-reorder', v['rtp-reorder'], 0, 0, 100),
        noKeepalive: !!v['no-keepalive'],
        neverAnswerInvite: !!v['never-answer-invite'],
        ssrcMismatch: !!v['ssrc-mismatch'],
        malformedXml: !!v['malformed-xml'],
      },
      field: fieldBehaviour(v),
    };
    return {
      kind: 'run',
      options: {
        quiet: !!v.quiet,
        fleet: {
          server: { ip: server[1], port: Number(server[2]), id: serverId, domain },
          password: v.password ?? '12345678',
          devices: int('devices', v.devices, 1, 1, 200_000),
          idBase,
          transport: oneOf('transport', v.transport, 'udp', ['udp', 'tcp'] as const),
          localIp: v['local-ip'],
          sockets: v.sockets === undefined ? undefined : int('sockets', v.sockets, 1, 1, 1024),
          concurrency: int('concurrency', v.concurrency, 200, 1, 100_000),
          device,
        },
      },
    };
  } catch (err) {
    if (err instanceof FlagError) return { kind: 'error', message: err.message };
    throw err;
  }
}

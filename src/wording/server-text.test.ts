// The server's sentences (src/main) against the console's wording of their codes (src/renderer): a check across both
// sides of the API, kept outside either so neither imports the other.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingProblems, type Settings } from '../shared/settings';
import { DomainError } from '../shared/errors';
import { errorText, serverText, type ServerText } from '../shared/texts';
import { SipTransactionError } from '../main/sip/stack/errors';
import { timeZoneProblemText } from '../shared/time-zone';
import * as control from '../main/gb28181/control/texts';
import * as says from '../main/gb28181/devices/event-texts';
import { noAnswerText, refusedText, sendFailedText } from '../main/gb28181/invite/texts';
import { afterAnswerText, connectFailedText, liveFailedText, newCallCancelledText, notPlayingText as liveNotPlayingText, offlineText, shuttingDownText, ssrcMismatchText, unexpectedSenderText } from '../main/live/texts';
import { readLiveAnswer } from '../main/gb28181/invite/live-answer';
import { checkTarget } from '../main/gb28181/registrar/target';
import { failureText } from '../main/gb28181/registrar/failures';
import * as sip from '../main/sip/stack/texts';
import * as media from '../main/media/rtp/texts';
import * as alarm from '../main/gb28181/alarm/texts';
import * as records from '../main/gb28181/records/texts';
import * as route from '../main/gb28181/devices/route-texts';
import * as dl from '../main/live/download/texts';
import * as query from '../main/gb28181/query/texts';
import { relayClosingText } from '../main/cluster/texts';
import * as cluster from '../main/cluster/texts';
import { apiTokenFormatText, invalidSettingText, unknownSettingText } from '../main/core/settings-texts';
import { consoleWording, type Lang } from './testing/console-wording';
import { controlRefusedText, endOfRecordingText, failedText, historyTexts, movingText, noSessionText, notPlayingText, reinviteFailedText, stoppedText } from '../main/live/playback/texts';

const wording = consoleWording();
const word = (lang: Lang, said: ServerText) => wording.word(lang, said, said.text);

/** One of every sentence a device's history says. */
const history: ServerText[] = [
  says.online(),
  says.onlineBecause(says.keepalivesResumed()),
  says.offline(says.noKeepalive(60, 3)),
  says.offline(says.expired(3600)),
  says.offline(says.expired(undefined)),
  says.offline(says.expiredWhileStopped()),
  says.offline(says.removed()),
  says.offline(says.registeredElsewhere()),
  says.offline(says.unregistered('10.0.0.7:5060')),
  says.offline(says.connectionClosed('10.0.0.7:5060', 'TCP connection from 10.0.0.7:5060 closed by the peer')),
  says.unregistered('10.0.0.7:5060'),
  says.registered('10.0.0.7:5060', 'UDP', 3600, undefined),
  says.registered('10.0.0.7:5060', 'TCP', 3600, 'IP Camera 1.0'),
  says.moved('10.0.0.7:5060/udp', '10.0.0.8:5060/udp', 'REGISTER'),
  says.keepaliveInUse({ intervalSec: 60, count: 3, source: 'installer' }),
  says.keepaliveInUse({ intervalSec: 30, count: 3, source: 'basic-param' }),
  says.keepaliveInUse({ intervalSec: 45, count: 3, source: 'learned' }),
  says.keepaliveInUse({ intervalSec: 60, count: 3, source: 'default' }),
  says.catalogReceived(1),
  says.catalogReceived(8),
  says.catalogIncomplete(3, 8),
  says.catalogIncomplete(3, null),
  says.catalogNoAnswer(30),
  says.catalogDuplicates(2),
  says.catalogUndercount(4, 6),
  says.catalogSubscribeFailed('no answer within 32 s'),
  says.catalogSubscribeFailed(errorText(new Error('no answer within 32 s'))),
  says.catalogSubscriptionRefreshFailed('no answer within 32 s'),
  says.catalogSubscribeRefused(489, 'Bad Event'),
  says.subscriptionEnded('Catalog', 'terminated;reason=timeout'),
  says.subscribeFailed('Alarm', 'no answer within 32 s'),
  says.subscribeRefused('MobilePosition', 489, 'Bad Event'),
  says.subscriptionRefreshFailed('Alarm', 'no answer within 32 s'),
  says.subscriptionRefreshRefused('Alarm', 481, 'Call/Transaction Does Not Exist'),
  says.stepFailed('DeviceInfo', 'no answer within 32 s'),
  says.stepFailed('DeviceInfo', errorText(new Error('no answer within 32 s'))),
  says.unreadable('MESSAGE', 'Catalog', 'not well-formed XML at line 3'),
  says.unreadable('NOTIFY', undefined, 'not well-formed XML at line 3'),
  says.refusedSource(says.whatKeepalive(), '10.0.0.9:5060/udp', '10.0.0.7:5060/udp', 1),
  says.refusedSource(says.whatCmd('Catalog', 'MESSAGE'), '10.0.0.9:5060/udp', '10.0.0.7:5060/udp', 3),
  says.refusedSource(says.whatEmptyNotify(), '10.0.0.9:5060/tcp', undefined, 1),
  says.added(),
  says.passwordSet(true),
  says.passwordSet(false),
  says.timeZoneSet('Asia/Shanghai'),
  says.timeZoneSet(null),
  says.rebootSent(),
  says.rebootBack(41_200),
  says.rebootNoReturn(5),
];

const camera = '34020000001310000001';
const dest = { transport: 'UDP' as const, address: '10.0.0.7', port: 5060 };
const sdpOf = (m: string, extra: string[]) => ['v=0', 'o=- 0 0 IN IP4 10.0.0.7', 's=Play', 'c=IN IP4 10.0.0.7', 't=0 0', m, 'a=sendonly', 'a=rtpmap:96 PS/90000', ...extra, ''].join('\r\n');
/** API errors a user meets in the console: live view that cannot start, commands to an offline device. */
const errors: ServerText[] = [
  ...[400, 403, 404, 415, 480, 486, 488, 500, 503].map((status) => refusedText(camera, status, 'Reason')),
  refusedText(camera, 487, 'Request Terminated', 'playback'),
  noAnswerText(camera, dest, 5000, 'download'),
  sendFailedText(camera, dest, 'ECONNREFUSED'),
  control.offlineForCommands(camera),
  control.offlineForPresets(camera),
  control.offlineForConfig(camera),
  control.answered(camera, 403, 'Forbidden', 'PresetQuery'),
  control.tooManyMoving(16),
  route.unknownDeviceText(camera),
  route.neverRegisteredText(camera),
  route.tcpClosedText(camera),
  shuttingDownText(),
  dl.tooManyText(200),
  liveFailedText(camera, errorText(new Error('ECONNRESET'))),
  liveFailedText(camera, errorText(DomainError.saying('conflict', route.tcpClosedText(camera)))),
  sendFailedText(camera, dest, errorText(new Error('ECONNREFUSED'))),
  query.shuttingDownText(),
  query.deviceOfflineText(camera, says.noKeepalive(60, 3)),
  query.deviceRemovedText(camera),
  query.queryTimeoutText(camera, 'DeviceInfo', '17', 10),
  query.queryRefusedText(camera, 'PresetQuery', 403, 'Forbidden'),
  relayClosingText(),
  liveNotPlayingText(camera, 'playback'),
  newCallCancelledText(camera, 'playback'),
  alarm.alarmQueryOfflineText('34020000001320000001'),
  alarm.alarmQueryRefusedText('34020000001320000001', 488, 'Not Acceptable Here'),
  records.recordQueryRefusedText('34020000001320000001', camera, 403, 'Forbidden'),
  records.recordQueryFailedText('34020000001320000001', new SipTransactionError('timeout', 'x', {} as never, dest, 'F', sip.noAnswerText('F', '10.0.0.7:5060/udp', 'MESSAGE', 32))),
  connectFailedText(camera, 'live view', errorText(new Error("could not connect to the camera's media port 10.0.0.7:15060/tcp"))),
  connectFailedText(camera, 'playback', errorText(new Error('connect ECONNREFUSED'))),
  connectFailedText(camera, 'live view', media.connectRefusedText('10.0.0.7:15060/tcp')),
  connectFailedText(camera, 'download', media.connectTimeoutText('10.0.0.7:15060/tcp', 5000)),
  connectFailedText(camera, 'live view', media.connectFailedText('10.0.0.7:15060/tcp', new Error('connect EHOSTUNREACH 10.0.0.7:15060'))),
  ...(['', 'hello', 'v=0\r\ns=x\r\n', sdpOf('m=video 9 TCP/RTP/AVP 96', ['a=setup:passive', 'y=0200000001'])] as const).map((body, i) => {
    const res = { status: 200, reason: 'OK', headers: [{ name: 'Content-Type', value: i === 1 ? 'text/plain' : 'application/sdp' }], body: Buffer.from(body) };
    const read = readLiveAnswer(res as never, { channelId: camera, transport: 'tcp-active', offeredSsrc: '0200000001', deviceIp: '10.0.0.7', what: i === 3 ? 'download' : 'live view' });
    if (read.ok) throw new Error('read an unusable answer');
    return read.said;
  }),
  sip.noAnswerText('F', '10.0.0.7:5060/udp', 'MESSAGE', 32),
  sip.sendFailedText('MESSAGE', '10.0.0.7:5060/tcp', new Error('TCP connection to 10.0.0.7:5060 closed by the peer')),
  sip.noToTagText('10.0.0.7:5060/udp', 200),
  serverText('api.failed', { method: 'device.get', detail: errorText(new Error('disk on fire')) }, 'device.get failed: disk on fire'),
  says.subscribeFailed('Alarm', errorText(new SipTransactionError('timeout', 'no answer', {} as never, dest, 'F', sip.noAnswerText('F', '10.0.0.7:5060/udp', 'SUBSCRIBE', 32)))),
  ...clusterErrors(),
];

/** What the instances of one platform say when a command between them fails. */
function clusterErrors(): ServerText[] {
  const owner = 'gb-b-4242-0a1b2c';
  return [
    cluster.relayBusyText(1000),
    cluster.relayNoAnswerText(owner, 'device.get', 15),
    cluster.notListeningText(owner),
    cluster.failedElsewhereText(),
    cluster.startingText('device.get'),
    cluster.notRelayedText('settings.get'),
    cluster.noPlacerText(),
    cluster.noSharerText(),
    cluster.shareNoInstanceText(),
    ...cluster.MISSING_PARTS.flatMap((m) => [cluster.badCallText(m), cluster.badShareText(m)]),
    cluster.tooManyCallsText(500),
    cluster.notOnlineHereText('34020000001320000001'),
    cluster.callNotAnsweredText(),
    cluster.infoNoBodyText(),
    cluster.ownerFailedText(owner, '34020000001320000001', cluster.notOnlineHereText('34020000001320000001')),
    cluster.ownerFailedText(owner, '34020000001320000001', errorText(new Error('connect ECONNREFUSED'))),
    cluster.callFailedElsewhereText(),
    cluster.tooManySharesText(500),
    cluster.alreadySharedText(),
    cluster.notPlayingHereText(camera),
    cluster.endedHereText(camera),
    cluster.shareUnreadableText(owner, camera),
  ];
}

/** Settings that break every rule (some twice, in their other ways). */
const badSettings: Partial<Settings>[] = [
  { sipId: '3402', domain: '34020000', password: '', sipIp: 'x', sipPort: 0, mediaIp: '1.2.3', mediaPortMin: 0, mediaPortMax: 70000, admissionMode: 'none' as 'open' },
  { sipId: 'abc', domain: '1234567890', password: 'a b', strictTarget: 'yes' as unknown as boolean, logRetentionDays: 0, logMaxMb: 1, sipMaxBodyKb: 1, viewerGraceSec: 0 },
  { sipId: '34020000002000000001', domain: '3402000001', password: 'x'.repeat(65), mediaPortMin: 30000, mediaPortMax: 20000, deviceTimeZone: '+15:00', keepaliveIntervalSec: 1, keepaliveCount: 0 },
  { mediaPortMin: 30000, mediaPortMax: 30000, deviceTimeZone: 'Mars/Base' },
  { deviceTimeZone: 'not a zone!' },
];
const settingTexts = badSettings.flatMap((bad) => Object.values(settingProblems({ ...DEFAULT_SETTINGS, password: '12345678', ...bad } as Settings)));

describe('settings problems in the console\'s language', () => {
  it('covers every way a rule can fail in the form', () => {
    const codes = new Set(settingTexts.map((p) => p.code));
    const rules = ['sipId', 'domain', 'domainPrefix', 'passwordEmpty', 'passwordLong', 'passwordChars', 'sipIp', 'sipPort', 'mediaIp', 'mediaPortMin', 'mediaPortMax'];
    rules.push('mediaPortOrder', 'mediaPortCount', 'admissionMode', 'strictTarget', 'logRetentionDays', 'logMaxMb', 'sipMaxBodyKb', 'viewerGraceSec', 'keepaliveIntervalSec', 'keepaliveCount');
    expect([...codes].sort()).toEqual([...rules.map((r) => `setting.${r}`), 'timeZone.offsetRange', 'timeZone.unknown', 'timeZone.malformed'].sort());
  });

  it.each(settingTexts.map((s) => [s.text, s] as const))('%s: English as the rule says it, Chinese with every parameter', (_text, said) => {
    expect(word('en', said)).toBe(said.text);
    const zh = word('zh-CN', said);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/\{\w+\}|must|got/);
  });

  it.each([unknownSettingText(['nonsense', 'other']), apiTokenFormatText(), ...settingTexts.slice(0, 3).map((p) => invalidSettingText('sipId', p))].map((s) => [s.text, s] as const))(
    '%s: a refused update in English as the server says it, Chinese with every parameter',
    (_text, said) => {
      expect(word('en', said)).toBe(said.text);
      const zh = word('zh-CN', said);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(zh).not.toMatch(/\{\w+\}|must|got|unknown|letters/);
    },
  );

  it('words a refused update with the setting named and its problem in Chinese', () => {
    const problem = settingTexts.find((p) => p.code === 'setting.sipPort')!;
    expect(word('zh-CN', invalidSettingText('sipPort', problem))).toBe(`设置项 sipPort：${word('zh-CN', problem)}`);
    expect(word('zh-CN', unknownSettingText(['nonsense']))).toBe('没有名为 "nonsense" 的设置项');
  });

  it('a time zone problem in a device form too', () => {
    expect(word('zh-CN', timeZoneProblemText('+15:00')!)).toBe('时区偏移 "+15:00" 超出范围（-14:00 到 +14:00）');
  });
});

describe('API errors in the console\'s language', () => {
  it.each(errors.map((s) => [s.text, s] as const))('%s: English as the server says it, Chinese with every parameter', (_text, said) => {
    expect(word('en', said)).toBe(said.text);
    const zh = word('zh-CN', said);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/\{\w+\}|live view|playback|download/);
  });

  it('words why a device went offline inside the end of its live view', () => {
    const ended = offlineText('34020000001320000001', camera, says.noKeepalive(60, 3));
    expect(word('en', ended)).toBe(ended.text);
    expect(ended.text).toBe(`device 34020000001320000001 went offline (no keepalive for 180 s (3 missed at 60 s)); live view of camera ${camera} ended`);
    expect(word('zh-CN', ended)).toContain('180 秒未收到心跳');
  });

  it("words an exception's sentence inside a failure: its own code, else its message in a Chinese sentence", () => {
    const disk = failedText(camera, 'download', errorText(new Error('ENOSPC: no space left on device')));
    expect(disk.text).toBe(`download of camera ${camera} failed: ENOSPC: no space left on device`);
    expect(word('en', disk)).toBe(disk.text);
    expect(word('zh-CN', disk)).toBe(`摄像机 ${camera} 的录像下载失败：系统报错：ENOSPC: no space left on device`);
    const coded = liveFailedText(camera, errorText(DomainError.saying('not_found', route.unknownDeviceText(camera))));
    expect(word('zh-CN', coded)).toBe(`摄像机 ${camera} 的实时预览失败：本服务器不认识设备 ${camera}`);
    expect(word('zh-CN', says.subscribeFailed('Alarm', errorText(new Error('no answer within 32 s'))))).toContain('系统报错：no answer within 32 s');
    expect(word('zh-CN', connectFailedText(camera, 'live view', media.connectRefusedText('10.0.0.7:15060/tcp')))).toBe(
      `摄像机 ${camera} 接受了实时预览，但无法连接摄像机的媒体端口 10.0.0.7:15060/tcp：摄像机拒绝了连接（该端口无人监听）；请改用 TCP 被动或 UDP`,
    );
    expect(word('zh-CN', dl.tooManyText(200))).toBe('已有 200 个下载在排队或进行中；请取消一些或稍后再试');
    const timeout = new SipTransactionError('timeout', 'x', {} as never, dest, 'F', sip.noAnswerText('F', '10.0.0.7:5060/udp', 'SUBSCRIBE', 32));
    expect(word('zh-CN', says.subscribeFailed('Alarm', errorText(timeout)))).toContain('10.0.0.7:5060/udp 在 32 秒内未应答 SUBSCRIBE（定时器 F 超时）');
  });

  it('words a refusal with its hint and what was started', () => {
    expect(word('zh-CN', refusedText(camera, 486, 'Busy Here'))).toBe(`摄像机 ${camera} 拒绝了实时预览：486 Busy Here（它的观看路数已满）`);
  });
});

/** A live tile's warnings: the camera's answer and its packets, as the session says them. */
const answerNotes = (sdp: string, transport: 'udp' | 'tcp-passive'): ServerText[] => {
  const res = { status: 200, reason: 'OK', headers: [{ name: 'Content-Type', value: 'application/sdp' }], body: Buffer.from(sdp) };
  const read = readLiveAnswer(res as never, { channelId: camera, transport, offeredSsrc: '0200000001', deviceIp: '10.0.0.7' });
  if (!read.ok) throw new Error(read.reason);
  return read.answer.notes;
};
const warnings: ServerText[] = [
  ssrcMismatchText(camera, 200000002, '0200000001'),
  unexpectedSenderText(camera, '10.0.0.9', ['10.0.0.7']),
  unexpectedSenderText(camera, '10.0.0.9', ['10.0.0.7', '10.0.0.8']),
  afterAnswerText(errorText(new Error('keyframe request refused'))),
  ...answerNotes(sdpOf('m=video 15060 TCP/RTP/AVP 96', ['a=setup:active', 'y=0200000002']), 'udp'),
  ...answerNotes(sdpOf('m=video 15060 RTP/AVP 96', []), 'tcp-passive'),
  ...answerNotes(sdpOf('m=video 15060 TCP/RTP/AVP 96', ['a=setup:passive', 'y=0200000001']), 'tcp-passive'),
];

describe("a live tile's warnings in the console's language", () => {
  it('has one of every note an answer can give', () => {
    const codes = ['live.ssrcMismatch', 'live.unexpectedSender', 'live.afterAnswer', ...['udpForTcp', 'tcpForUdp', 'setupMismatch', 'noSsrc', 'otherSsrc'].map((c) => `live.answer.${c}`)];
    expect([...new Set(warnings.map((w) => w.code))].sort()).toEqual(codes.sort());
  });

  it.each(warnings.map((s) => [s.text, s] as const))('%s: English as the server says it, Chinese with every parameter', (_text, said) => {
    expect(word('en', said)).toBe(said.text);
    const zh = word('zh-CN', said);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/\{\w+\}|camera|accepted|instead|answered| or /);
  });

  it('words an SSRC other than offered and a sender at another address', () => {
    expect(word('zh-CN', ssrcMismatchText(camera, 200000002, '0200000001'))).toBe(`摄像机 ${camera} 发送视频所用的 SSRC 是 0200000002，而不是我们提议的 0200000001；已接受`);
    expect(word('zh-CN', unexpectedSenderText(camera, '10.0.0.9', ['10.0.0.7', '10.0.0.8']))).toBe(`摄像机 ${camera} 的视频来自 10.0.0.9，而不是摄像机的地址 10.0.0.7 或 10.0.0.8；已接受`);
  });
});

/** Every way a playback or a download ends, as its session says it. */
const historyEnds: ServerText[] = (['playback', 'download'] as const).flatMap((what) => {
  const t = historyTexts(what);
  return [
    t.deviceBye(camera, undefined),
    t.deviceBye(camera, 'Normal'),
    t.stalled(camera, 10_000),
    t.offline('34020000001320000001', camera, says.noKeepalive(60, 3)),
    t.unwatched(camera, 30),
    failedText(camera, what, errorText(new Error('ECONNRESET'))),
    endOfRecordingText(camera, what),
    stoppedText(camera, what),
  ] as ServerText[];
});
const downloadEnds: ServerText[] = [
  controlRefusedText(camera, 'pause', 501, 'Not Implemented'),
  controlRefusedText(camera, 'resume', 488, ''),
  controlRefusedText(camera, 'speed', 400, 'Bad Request'),
  movingText(camera),
  notPlayingText(camera),
  noSessionText('6f1c0c9e-1d7a-4c3e-9f0e-2b1a5c7d8e9f'),
  dl.cancelledText(camera),
  dl.reachedEndText(camera),
  dl.rangeReachedText(camera),
  dl.timestampsStuckText(camera, 4.2),
  dl.cancelledWhyText(true),
  dl.cancelledWhyText(false),
  dl.downloadEndText(dl.truncatedText(40), historyTexts('download').stalled(camera, 10_000) as ServerText, false),
  dl.downloadEndText(dl.noVideoText(), historyTexts('download').deviceBye(camera, undefined) as ServerText, true),
  dl.downloadEndText(dl.endReportedText(), dl.reachedEndText(camera), false),
  dl.downloadEndText(dl.rangeEndText(), dl.rangeReachedText(camera), false),
  dl.downloadEndText(dl.failedWhyText(), failedText(camera, 'download', errorText(new Error('disk full'))), false),
  dl.downloadEndText(dl.failedWhyText(), errorText(DomainError.saying('not_found', route.unknownDeviceText(camera))), true),
  failedText(camera, 'playback', reinviteFailedText(errorText(new Error('no answer within 32 s')))),
];

describe("playback and download ends in the console's language", () => {
  it.each([...historyEnds, ...downloadEnds].map((s) => [s.text, s] as const))('%s: English as the server says it, Chinese with every parameter', (_text, said) => {
    expect(word('en', said)).toBe(said.text);
    const zh = word('zh-CN', said);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/\{\w+\}|live view|playback|download of|ended|went offline|stopped|arrived|recorded video/);
  });

  it('words the kind and the nested offline reason', () => {
    const said = historyTexts('playback').offline('34020000001320000001', camera, says.noKeepalive(60, 3)) as ServerText;
    expect(word('zh-CN', said)).toBe(`设备 34020000001320000001 已离线（180 秒未收到心跳（间隔 60 秒，连续 3 次未到））；摄像机 ${camera} 的录像回放已结束`);
    const truncated = dl.downloadEndText(dl.truncatedText(40), historyTexts('download').deviceBye(camera, undefined), false);
    expect(word('zh-CN', truncated)).toBe(`收到了 40% 的录像（摄像机 ${camera} 结束了录像下载（发送了 BYE））`);
  });
});

const ours = { sipId: '34020000002000000001', domain: '3402000000' };
const mismatches = ['sip:44010200492000000001@4401020049', 'sip:44010200492000000001@3402000000', 'sip:34020000002000000001@4401020049'].map((uri) => checkTarget(uri, ours).mismatch!);
/** A device's last problem, in its details panel. */
const lastProblems: ServerText[] = [
  says.keepaliveUnhealthy('ERROR', []),
  says.keepaliveUnhealthy('', ['34020000001310000001', '34020000001310000002']),
  ...mismatches,
  ...mismatches.map((m) => says.targetMismatch('34020000001320000001', m)),
  ...mismatches.map((m) => failureText('wrong-target', { deviceId: '34020000001320000001', address: '10.0.0.7:5060', transport: 'UDP', detail: m.text, detailText: m }, 2)),
];

describe("a device's last problem in the console's language", () => {
  it('covers each way a device registers to another server', () => {
    expect(mismatches.map((m) => m.code)).toEqual(['reg.target.both', 'reg.target.serverId', 'reg.target.domain']);
  });

  it.each(lastProblems.map((s) => [s.text, s] as const))('%s: English as the server says it, Chinese with every parameter', (_text, said) => {
    expect(word('en', said)).toBe(said.text);
    const zh = word('zh-CN', said);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/\{\w+\}|keepalive|registered|this server|accepted/);
  });

  it('words the keepalive health and the other server', () => {
    expect(word('zh-CN', says.keepaliveUnhealthy('ERROR', ['34020000001310000001']))).toBe('心跳报告状态为 ERROR（故障项：34020000001310000001）');
    expect(word('zh-CN', says.targetMismatch('34020000001320000001', mismatches[1]))).toBe(
      '设备 34020000001320000001 注册到了服务器编号 44010200492000000001，但本服务器是域 3402000000 中的 34020000002000000001；已接受（开启严格的服务器编号检查可拒绝此类设备）',
    );
  });
});

describe("a device's history in the console's language", () => {
  it.each(history.map((s) => [s.code, s] as const))('%s reads in English exactly as the server says it', (_code, said) => {
    expect(word('en', said)).toBe(said.text);
  });

  it.each(history.map((s) => [s.code, s] as const))('%s reads in Chinese, every parameter filled in', (_code, said) => {
    const zh = word('zh-CN', said);
    expect(zh).not.toBe(said.text);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/\{\w+\}/);
  });

  it('words a nested reason in the chosen language', () => {
    expect(word('zh-CN', says.offline(says.noKeepalive(60, 3)))).toBe('离线：180 秒未收到心跳（间隔 60 秒，连续 3 次未到）');
  });

  it('words what was refused from another address inside the row', () => {
    const said = says.refusedSource(says.whatKeepalive(), '10.0.0.9:5060/udp', '10.0.0.7:5060/udp', 3);
    expect(word('zh-CN', said)).toBe('从 10.0.0.9:5060/udp 收到以此设备名义发来的心跳，而它注册的地址是 10.0.0.7:5060/udp；已以 403 拒绝（至今 3 次）。若设备确已更换地址，它从新地址注册后即被接受');
    expect(word('zh-CN', says.refusedSource(says.whatCmd('Catalog', 'NOTIFY'), '10.0.0.9:5060/udp', undefined, 1))).toContain('发来的Catalog NOTIFY，而它注册的地址是 无地址');
  });

  it('falls back to the English sentence for a code it does not know', () => {
    const unknown = { code: 'dev.somethingNew', params: { n: 1 }, text: 'something new happened' };
    expect(word('zh-CN', unknown)).toBe('something new happened');
    expect(word('zh-CN', says.offline(unknown))).toBe('离线：something new happened');
  });
});

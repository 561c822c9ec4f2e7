// Recordings as the core sees them: record.query over the device's RecordInfo, playback.* as media sessions
// of the live session host (frames on the same channel as live view) and download.* (the download queue).
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import type { RecordQueryResult } from '../../shared/types/recordings';
import type { ApiHandlers } from '../api/handlers';
import { downloadMethods, type DownloadMethodName } from '../api/methods/downloads';
import { playbackMethods, type PlaybackMethodName } from '../api/methods/playback';
import { recordMethods } from '../api/methods/records';
import type { DeviceService } from '../gb28181/devices/device-service';
import { RecordSearch, type RecordTiming } from '../gb28181/records';
import { DownloadQueue } from '../live/download/download-queue';
import { PlaybackService } from '../live/playback/playback-service';
import type { SessionHost } from '../live/session-host';
import type { Logger } from '../log/logger';
import type { SipStack } from '../sip/stack/stack';
import { systemClock } from '../sip/timers/clock';

export type RecordingsMethodName = 'record.query' | PlaybackMethodName | DownloadMethodName;

export interface RecordingsDeps {
  stack: SipStack;
  devices: DeviceService;
  /** The device's zone: its own setting, else the default setting (GbServer.timeZoneOf); undefined: the console's. */
  timeZoneOf(deviceId: string): string | undefined;
  /** The live feature's session host: playback sessions share its ports, SSRCs and frame viewers. */
  host: SessionHost;
  events: { emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void };
  logger: Logger;
  /** Where downloads are written (<data>/downloads). */
  downloadsDir: string;
  /** Downloads running at once (default 2). */
  downloadConcurrency?: number;
  /**
   * The record list a download measures its progress against (default: this instance's RecordInfo search). With
   * several instances, the routed record.query: a device registered elsewhere is asked through its owner.
   */
  recordQuery?(q: { deviceId: string; channelId: string; start: number; end: number }): Promise<RecordQueryResult>;
  /** RecordInfo waits (tests shorten them). */
  recordTiming?: Partial<RecordTiming>;
}

export interface RecordingsFeature {
  methods: Pick<ApiHandlers, RecordingsMethodName>;
  playback: PlaybackService;
  records: RecordSearch;
  downloads: DownloadQueue;
  close(): Promise<void>;
}

export function createRecordingsFeature(d: RecordingsDeps): RecordingsFeature {
  const records = new RecordSearch(
    {
      sendManscdp: (id, doc) => d.devices.sendManscdp(id, doc),
      nextSn: () => d.devices.nextSn(),
      onManscdp: (cmdType, h) => d.devices.onManscdp(cmdType, (id, body) => h(id, body)),
      timeZoneOf: (id) => d.timeZoneOf(id),
    },
    systemClock,
    d.logger,
    d.recordTiming,
  );
  const playback = new PlaybackService({ host: d.host, stack: d.stack, events: d.events, logger: d.logger });
  const downloads = new DownloadQueue({
    host: d.host,
    events: d.events,
    logger: d.logger,
    dir: d.downloadsDir,
    records: (q) => (d.recordQuery ? d.recordQuery({ deviceId: q.deviceId, channelId: q.channelId, start: q.start, end: q.end }) : records.query(q)),
    concurrency: d.downloadConcurrency,
  });
  return {
    methods: { ...recordMethods(records), ...playbackMethods(playback), ...downloadMethods(downloads) },
    playback,
    records,
    downloads,
    async close() {
      await downloads.close();
      records.close();
    },
  };
}

// Recordings on a device (SD card, NVR disk): RecordInfo search, playback and download. Times are Unix seconds.
import type { ServerText } from '../texts';

/** GB/T 28181 RecordInfo Type; "all" asks for every type. */
export type RecordType = 'all' | 'time' | 'alarm' | 'manual';

export interface RecordItemView {
  /** Unix seconds. */
  start: number;
  end: number;
  /** As the device wrote it, lower-cased ("time", "alarm", "manual" or a device's own word). */
  type: string;
  name?: string;
  /** Bytes, when the device says. */
  fileSize?: number;
}

export interface RecordQueryResult {
  /** Oldest first, clipped to nothing: the device's own start and end. */
  items: RecordItemView[];
  /** False while parts are still missing (the device's SumNum not reached): a "still receiving" state. */
  complete: boolean;
  /** Items the device announced (SumNum), when it said. */
  expected?: number | null;
}

export type PlaybackAction = 'pause' | 'resume' | 'seek' | 'speed';

export interface PlaybackStarted {
  sessionId: string;
}

export interface PlaybackEnded {
  sessionId: string;
  deviceId: string;
  channelId: string;
  /** The installer sentence. */
  reason: string;
  /** The same as a code and parameters, for the console to word in its language. */
  text?: ServerText;
  /** "finished": the device reached the end (MediaStatus 121 or the range end); else stopped or failed. */
  outcome: 'finished' | 'stopped' | 'failed';
}

/** Something the console should tell the viewer about a running playback (e.g. a seek done by a new call). */
export interface PlaybackNote {
  sessionId: string;
  deviceId: string;
  channelId: string;
  /** Code, parameters and the English sentence: 'playback.reinvited.ignored' {channelId, at, seconds} or 'playback.reinvited.refused' {channelId, at, status, reason}. */
  note: ServerText;
}

export type DownloadState = 'queued' | 'running' | 'done' | 'truncated' | 'failed' | 'cancelled';

export interface DownloadView {
  downloadId: string;
  state: DownloadState;
  /** Share of the recorded footage in the range received, 0..1. */
  progress: number;
  /** Media bytes received from the device. */
  bytes: number;
  /** The MP4 file, once one is written (done and truncated). */
  path?: string;
  deviceId: string;
  channelId: string;
  start: number;
  end: number;
  /** a=downloadspeed asked for. */
  speed: number;
  /** Bytes per second over the last seconds, while running. */
  rateBps?: number;
  /** Seconds left at the current rate, while running and known. */
  etaSec?: number | null;
  /** Why it ended (truncated, failed, cancelled) or how (done), in the installer's words. */
  reason?: string;
  /** The same as a code and parameters, for the console to word in its language. */
  reasonText?: ServerText;
}

export interface DownloadList {
  downloads: DownloadView[];
}

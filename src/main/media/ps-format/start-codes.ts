/** Stream ids / start code values of ISO 13818-1 program streams (2.5.3, Table 2-18). */
export const PsCode = {
  ProgramEnd: 0xb9,
  PackHeader: 0xba,
  SystemHeader: 0xbb,
  StreamMap: 0xbc,
  PrivateStream1: 0xbd,
  Padding: 0xbe,
  PrivateStream2: 0xbf,
  AudioFirst: 0xc0,
  AudioLast: 0xdf,
  VideoFirst: 0xe0,
  VideoLast: 0xef,
  Directory: 0xff,
} as const;

export function isVideoStreamId(id: number): boolean {
  return id >= PsCode.VideoFirst && id <= PsCode.VideoLast;
}

export function isAudioStreamId(id: number): boolean {
  return id >= PsCode.AudioFirst && id <= PsCode.AudioLast;
}

/** PES packets that carry the optional PES header (everything but padding, private 2, ECM/EMM, directory...). */
export function hasPesHeader(id: number): boolean {
  return id === PsCode.PrivateStream1 || (id >= 0xc0 && id <= 0xef) || id === 0xfa || id === 0xfd;
}

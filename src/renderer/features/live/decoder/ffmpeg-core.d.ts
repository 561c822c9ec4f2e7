// The parts of ffmpeg.wasm's core (@ffmpeg/core and @ffmpeg/core-mt, Emscripten modules) the H.265 worker uses.
declare module '@ffmpeg/core' {
  interface DeviceOps {
    open(stream: unknown): void;
    close(stream: unknown): void;
    read(stream: unknown, buffer: Int8Array, offset: number, length: number, position: number): number;
    write(stream: unknown, buffer: Uint8Array, offset: number, length: number, position: number): number;
  }
  export interface FFmpegCore {
    FS: {
      writeFile(path: string, data: Uint8Array): void;
      unlink(path: string): void;
      makedev(major: number, minor: number): number;
      registerDevice(dev: number, ops: DeviceOps): void;
      mkdev(path: string, dev: number): void;
      ErrnoError: new (errno: number) => Error;
    };
    exec(...args: string[]): number;
    reset(): void;
    setLogger(logger: (l: { type: string; message: string }) => void): void;
  }
  export interface FFmpegCoreOptions {
    wasmBinary?: ArrayBuffer;
    /** core-mt: "<core URL>#<base64 of JSON {wasmURL, workerURL}>", where its thread workers load from. */
    mainScriptUrlOrBlob?: string;
  }
  export type CreateFFmpegCore = (module: FFmpegCoreOptions) => Promise<FFmpegCore>;
  const createFFmpegCore: CreateFFmpegCore;
  export default createFFmpegCore;
}

declare module '@ffmpeg/core/wasm?url' {
  const url: string;
  export default url;
}

declare module '@ffmpeg/core-mt?url' {
  const url: string;
  export default url;
}

declare module '@ffmpeg/core-mt/wasm?url' {
  const url: string;
  export default url;
}

declare module '@ffmpeg/core-mt/worker?url&no-inline' {
  const url: string;
  export default url;
}

// The parts of ffmpeg.wasm's core (@ffmpeg/core, an Emscripten module) the H.265 worker uses.
declare module '@ffmpeg/core' {
  interface DeviceOps {
    open(stream: unknown): void;
    close(stream: unknown): void;
    read(stream: unknown, buffer: Uint8Array, offset: number, length: number, position: number): number;
    write(stream: unknown, buffer: Uint8Array, offset: number, length: number, position: number): number;
  }
  export interface FFmpegCore {
    FS: {
      writeFile(path: string, data: Uint8Array): void;
      unlink(path: string): void;
      makedev(major: number, minor: number): number;
      registerDevice(dev: number, ops: DeviceOps): void;
      mkdev(path: string, dev: number): void;
    };
    exec(...args: string[]): number;
    reset(): void;
    setLogger(logger: (l: { type: string; message: string }) => void): void;
  }
  export default function createFFmpegCore(module: { wasmBinary?: ArrayBuffer }): Promise<FFmpegCore>;
}

declare module '@ffmpeg/core/wasm?url' {
  const url: string;
  export default url;
}

// An incremental YUV4MPEG2 reader: ffmpeg writes the decoded pictures as a y4m stream (a text header with the
// size, then "FRAME" lines each followed by one 4:2:0 picture), in pieces of any size.

export interface Y4mPicture {
  width: number;
  height: number;
  /** I420: Y plane, then U, then V (chroma planes rounded up for odd sizes). */
  data: Uint8Array;
}

const NEWLINE = 0x0a;
const MAX_LINE = 1024;

export const i420Size = (w: number, h: number): number => w * h + 2 * Math.ceil(w / 2) * Math.ceil(h / 2);

export class Y4mReader {
  private line: number[] = [];
  private width = 0;
  private height = 0;
  private picture: Uint8Array | null = null;
  private filled = 0;

  constructor(private readonly onPicture: (p: Y4mPicture) => void) {}

  /** Starts a new stream (each ffmpeg run writes its own header). */
  restart(): void {
    this.line = [];
    this.width = 0;
    this.height = 0;
    this.picture = null;
    this.filled = 0;
  }

  write(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.picture) {
        const n = Math.min(chunk.length - at, this.picture.length - this.filled);
        this.picture.set(chunk.subarray(at, at + n), this.filled);
        this.filled += n;
        at += n;
        if (this.filled === this.picture.length) {
          this.onPicture({ width: this.width, height: this.height, data: this.picture });
          this.picture = null;
        }
        continue;
      }
      const b = chunk[at++];
      if (b !== NEWLINE) {
        if (this.line.length >= MAX_LINE) throw new Error('y4m: header line too long');
        this.line.push(b);
        continue;
      }
      this.endLine(String.fromCharCode(...this.line));
      this.line = [];
    }
  }

  private endLine(text: string): void {
    const [tag, ...params] = text.split(' ');
    if (tag === 'YUV4MPEG2') {
      for (const p of params) {
        if (p[0] === 'W') this.width = Number(p.slice(1));
        else if (p[0] === 'H') this.height = Number(p.slice(1));
        else if (p[0] === 'C' && !p.startsWith('C420')) throw new Error(`y4m: colour space ${p.slice(1)} is not 4:2:0`);
      }
      if (!(this.width > 0 && this.height > 0)) throw new Error(`y4m: no picture size in "${text}"`);
      return;
    }
    if (tag === 'FRAME') {
      if (this.width === 0) throw new Error('y4m: FRAME before the stream header');
      this.picture = new Uint8Array(i420Size(this.width, this.height));
      this.filled = 0;
      return;
    }
    throw new Error(`y4m: unexpected line "${text.slice(0, 40)}"`);
  }
}

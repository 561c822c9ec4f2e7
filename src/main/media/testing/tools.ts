import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real tool (ffmpeg, ffprobe) to completion; stdin may be given. */
export function runTool(cmd: string, args: string[], stdin?: Buffer): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

/** ffprobe's view of the first video stream of a file, frames counted by decoding. */
export async function ffprobeVideo(file: string): Promise<Record<string, string>> {
  const r = await runTool('ffprobe', [
    '-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,profile,width,height,r_frame_rate,avg_frame_rate,nb_read_frames',
    '-of', 'default=noprint_wrappers=1', file,
  ]);
  if (r.code !== 0) throw new Error(`ffprobe failed on ${file}: ${r.stderr}`);
  return Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('=') as [string, string]));
}

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DownloadView } from '../../../shared/types/recordings';
import { EventBus } from '../../core/event-bus';
import type { ApiHandlers } from '../handlers';
import { downloadFileId, findDownloadFile, sendDownloadFile } from './download-file';
import { startHttpServer } from './server';

const view = (over: Partial<DownloadView>): DownloadView => ({
  downloadId: 'd1', state: 'done', progress: 1, bytes: 10, deviceId: 'x', channelId: 'y', start: 0, end: 10, speed: 4, ...over,
});

let servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers) s.close();
  servers = [];
});

describe('download file route', () => {
  it('takes only /api/downloads/<id>/file with a plain ID', () => {
    expect(downloadFileId('/api/downloads/abc-1_2.x/file')).toBe('abc-1_2.x');
    expect(downloadFileId('/api/downloads/../file')).toBe('..');
    expect(downloadFileId('/api/downloads/a/b/file')).toBeNull();
    expect(downloadFileId('/api/downloads/%2e%2e%2fetc/file')).toBeNull();
    expect(downloadFileId('/api/download.list')).toBeNull();
  });

  it('serves only the file the list names for a done or truncated download; says why not otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-dlf-'));
    const file = path.join(dir, 'cam_20250314.mp4');
    fs.writeFileSync(file, 'mp4!');
    expect(findDownloadFile([view({ path: file })], 'd1')).toEqual({ ok: true, path: file, size: 4, name: 'cam_20250314.mp4' });
    expect(findDownloadFile([view({ path: file, state: 'truncated' })], 'd1').ok).toBe(true);
    expect(findDownloadFile([view({ path: file, state: 'running' })], 'd1')).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/running/) });
    expect(findDownloadFile([view({ state: 'failed' })], 'd1')).toMatchObject({ ok: false, status: 409 });
    expect(findDownloadFile([view({ path: file })], '..')).toMatchObject({ ok: false, status: 404 });
    expect(findDownloadFile([view({ path: path.join(dir, 'gone.mp4') })], 'd1')).toMatchObject({ ok: false, status: 404 });
  });

  it('streams the file as an MP4 attachment with its name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-dlf-'));
    const file = path.join(dir, 'cam 1.mp4');
    fs.writeFileSync(file, Buffer.alloc(100_000, 7));
    const server = http.createServer((req, res) => sendDownloadFile(res, findDownloadFile([view({ path: file })], 'd1'), { 'x-test': '1' }, req.method === 'HEAD'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="cam_1.mp4"; filename*=UTF-8''cam%201.mp4`);
    expect(res.headers.get('x-test')).toBe('1');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.alloc(100_000, 7))).toBe(true);
  });

  it('is guarded like every API call: token needed, other sites refused, POST still means a method', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-dlf-'));
    const file = path.join(dir, 'cam.mp4');
    fs.writeFileSync(file, 'mp4 bytes');
    const handlers = { 'download.list': () => ({ downloads: [view({ path: file })] }) } as unknown as ApiHandlers;
    const srv = await startHttpServer({ handlers, events: new EventBus(), host: '127.0.0.1', port: 0, rendererDir: dir, token: 'sekret' });
    try {
      const url = `http://127.0.0.1:${srv.port}/api/downloads/d1/file`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer sekret', origin: 'http://evil.example' } })).status).toBe(403);
      const ok = await fetch(url, { headers: { authorization: 'Bearer sekret' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('mp4 bytes');
      const missing = await fetch(`http://127.0.0.1:${srv.port}/api/downloads/d2/file`, { headers: { authorization: 'Bearer sekret' } });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/no download d2/);
    } finally {
      await srv.close();
    }
  });
});

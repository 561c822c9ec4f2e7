// An HTTP API client for benchmarks that share the machine with the server: node:http on kept-alive connections.
// fetch (undici) cost its thread about 2.4 ms of CPU a request, on cores the server and the simulator need.
import http from 'node:http';

export interface JsonClient {
  post<T>(url: string, headers: Record<string, string>, body: object): Promise<T>;
  close(): void;
}

export function jsonClient(): JsonClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  return {
    post<T>(url: string, headers: Record<string, string>, body: object): Promise<T> {
      const payload = Buffer.from(JSON.stringify(body));
      return new Promise<T>((resolve, reject) => {
        const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': payload.length }, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode} ${text}`));
            try {
              resolve(JSON.parse(text) as T);
            } catch (err) {
              reject(err as Error);
            }
          });
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

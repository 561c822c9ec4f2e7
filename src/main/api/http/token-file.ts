// The API token for scripts on this machine: <data folder>/api-token, readable by this user only, rewritten
// when the token rotates and removed at shutdown.
import fs from 'node:fs';
import path from 'node:path';

export const TOKEN_FILE = 'api-token';

export function writeTokenFile(dataDir: string, token: string): string {
  const file = path.join(dataDir, TOKEN_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
  return file;
}

export function removeTokenFile(dataDir: string): void {
  fs.rmSync(path.join(dataDir, TOKEN_FILE), { force: true });
}

import os from 'node:os';
import path from 'node:path';

/** The per-user data folder (the same place Electron's userData points to for this app name). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const app = 'gb28181-console';
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), app);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', app);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), app);
}

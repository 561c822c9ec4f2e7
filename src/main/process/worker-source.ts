// Where a worker thread's code is: from source (vitest, tsx) the TypeScript entry next to the caller, loaded through
// tsx; in the build the bundled file electron.vite.config.ts writes under `bundle`, next to the caller's bundle.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function workerSource(callerUrl: string, entryTs: string, bundle: string): { source: string; evalCode: boolean } {
  const here = fileURLToPath(callerUrl);
  if (here.endsWith('.ts')) {
    const entry = pathToFileURL(path.join(path.dirname(here), entryTs)).href;
    return { source: `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`, evalCode: true };
  }
  for (const dir of [path.dirname(here), path.dirname(path.dirname(here))]) {
    const file = path.join(dir, bundle);
    if (fs.existsSync(file)) return { source: file, evalCode: false };
  }
  throw new Error(`${bundle} is missing next to ${here}`);
}

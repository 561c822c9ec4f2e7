import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, formatViolation } from '../../../scripts/check-layers';

/** Fixture text: the import the rule forbids outside the shells (this test imports nothing from it). */
const IMPORT_ELECTRON = `import { app } from '${'electron'}';`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('layers', () => {
  it('every import in src/ points down the layers', () => {
    expect(checkLayers(ROOT).map(formatViolation)).toEqual([]);
  });

  it('the same tree with one upward import added fails, naming the file and the rule', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-real-'));
    dirs.push(root);
    fs.cpSync(path.join(ROOT, 'src'), path.join(root, 'src'), { recursive: true });
    const registry = path.join(root, 'src/main/gb28181/devices/registry.ts');
    fs.appendFileSync(registry, "\nimport type { EventBus } from '../../core/event-bus';\n");
    expect(checkLayers(root).map(formatViolation)).toEqual([
      'src/main/gb28181/devices/registry.ts imports src/main/core/event-bus.ts: gb28181 may not import core (layers point down: see scripts/check-layers.ts)',
    ]);
  });

  it('each rule on a small tree', () => {
    const root = tree({
      'src/shared/contract.ts': 'export const x = 1;',
      'src/main/core/event-bus.ts': "import { x } from '../../shared/contract';\nexport class EventBus {}",
      'src/main/core/window.ts': IMPORT_ELECTRON,
      'src/main/index.ts': `${IMPORT_ELECTRON}\nimport { EventBus } from './core/event-bus';`,
      'src/main/gb28181/registry.ts': "import { EventBus } from '../core/event-bus';",
      'src/main/gb28181/registry.test.ts': "import { EventBus } from '../core/event-bus';",
      'src/main/gb28181/testing/harness.ts': "import { EventBus } from '../../core/event-bus';",
      'src/main/live/live.ts': "import { h } from '../gb28181/testing/harness';\nimport { r } from '../gb28181/registry';",
      'src/main/sip/stack.ts': "export { y } from '../media/rtp';",
      'src/main/media/rtp.ts': 'export const y = 2;',
      'src/main/widgets/w.ts': 'export {};',
      'src/renderer/app.tsx': "import { EventBus } from '../main/core/event-bus';\nimport { x } from '../shared/contract';",
      'src/device-sim/fleet.ts': "const m = import('../main/api/methods/sim');",
      'src/main/api/methods/sim.ts': "import { Fleet } from '../../../device-sim/fleet';",
      'src/main/attacks/under-attack.ts': "import { h } from '../gb28181/testing/harness';",
      'src/main/core/attacked.ts': "import { u } from '../attacks/under-attack';",
    });
    expect(checkLayers(root).map(formatViolation).sort()).toEqual(
      [
        'src/device-sim/fleet.ts imports src/main/api/methods/sim.ts: device-sim may not import api (layers point down: see scripts/check-layers.ts)',
        'src/main/core/attacked.ts imports src/main/attacks/under-attack.ts: production code may not import tests or testing/ helpers',
        'src/main/core/window.ts imports electron: only the shells import electron (core does)',
        'src/main/gb28181/registry.ts imports src/main/core/event-bus.ts: gb28181 may not import core (layers point down: see scripts/check-layers.ts)',
        'src/main/live/live.ts imports src/main/gb28181/testing/harness.ts: production code may not import tests or testing/ helpers',
        'src/main/sip/stack.ts imports src/main/media/rtp.ts: sip may not import media (layers point down: see scripts/check-layers.ts)',
        'src/main/widgets/w.ts: this folder belongs to no layer: add it to LAYERS in scripts/check-layers.ts',
        'src/renderer/app.tsx imports src/main/core/event-bus.ts: the renderer imports only src/shared',
      ].sort(),
    );
  });
});

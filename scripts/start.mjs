// `npm start`: the Electron app, with better-sqlite3 built for Electron's ABI in .native/ (the Node build in
// node_modules stays for `npm test`). Where the Electron binary cannot be had, says so and runs the headless shell.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const root = process.cwd();
const args = process.argv.slice(2);

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', ...options });
  return r.status === 0;
}

function fetchElectron() {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer)) return null;
  spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 180_000 });
  return electronBinary(root);
}

function electronSqliteBinding(electronVersion) {
  const dir = path.join(root, '.native', `electron-${electronVersion}`);
  const binding = path.join(dir, 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-sqlite-electron-'));
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true });
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once, about a minute)…`);
  const ok = run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: work });
  if (!ok) return null;
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), binding);
  return binding;
}

function headless(reason) {
  console.log(`${reason}; starting the headless console instead (open the URL it prints).`);
  if (!run('npx', ['electron-vite', 'build'])) process.exit(1);
  const child = spawn(process.execPath, ['out/main/serve.js', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const exe = electronBinary(root) ?? fetchElectron();
if (!exe) {
  headless('Electron is not available on this machine (its binary could not be downloaded)');
} else {
  const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const binding = electronSqliteBinding(version);
  if (!binding) {
    headless(`better-sqlite3 could not be built for Electron ${version}`);
  } else {
    if (!run('npx', ['electron-vite', 'build'])) process.exit(1);
    const child = spawn(exe, ['.', ...args], { stdio: 'inherit', env: { ...process.env, GB_SQLITE_BINDING: binding } });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}

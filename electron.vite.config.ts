import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          serve: resolve('src/main/serve.ts'),
          // The signalling log's writer thread (store/signalling/writer-thread.ts loads it by this name).
          'signalling-writer': resolve('src/main/store/signalling/write-worker.ts'),
          // The PostgreSQL signalling log's parsing thread (store/postgres/log-parser.ts loads it by this name).
          'signalling-pg-parser': resolve('src/main/store/postgres/log-parse-worker.ts'),
          // The SQLite device tables' writer thread (store/sqlite/threaded-device-engine.ts loads it by this name).
          'device-writer': resolve('src/main/store/sqlite/device-write-worker.ts'),
          // The SIP UDP port's socket thread (sip/transport/udp-thread/threaded-udp.ts loads it by this name).
          'sip-udp-socket': resolve('src/main/sip/transport/udp-thread/socket-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // Sandboxed preload scripts must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
    plugins: [react()],
    // The H.265 decoder worker imports ffmpeg.wasm's ES module.
    worker: { format: 'es' },
  },
});

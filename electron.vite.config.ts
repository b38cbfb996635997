import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// node:sqlite and keytar stay external: the first is built into Node/Electron (a bundler would resolve a
// browser stub), the second is a native addon loaded at run time.
const external = ['node:sqlite', 'keytar', 'electron'];

export default defineConfig({
  main: {
    build: {
      // zod is bundled: loaded from node_modules it is about a hundred modules read at every start.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        // Sync and export run in a worker thread, which needs its own file. `host` is the browser host
        // (the app without Electron), bundled so `npm start` does not load hundreds of TypeScript sources.
        input: {
          index: resolve('src/main/index.ts'),
          'job-thread': resolve('src/main/services/mirror/job-thread.ts'),
          host: resolve('src/main/host/main.ts'),
        },
        external,
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: { minify: true, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
});

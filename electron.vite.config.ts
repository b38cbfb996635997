import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// node:sqlite and keytar stay external: the first is built into Node/Electron (a bundler would resolve a
// browser stub), the second is a native addon loaded at run time.
const external = ['node:sqlite', 'keytar', 'electron'];

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // Sync and export run in a worker thread, which needs its own file.
        input: { index: resolve('src/main/index.ts'), 'job-thread': resolve('src/main/services/mirror/job-thread.ts') },
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

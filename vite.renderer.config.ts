import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const root = resolve(import.meta.dirname, 'src/renderer');

/**
 * The renderer build, shared by web mode (`npm run build:web`, served by the headless host)
 * and electron-vite (electron.vite.config.ts reuses `rendererConfig`).
 * Relative `base` so the same files load from http:// and file://.
 */
export const rendererConfig: UserConfig = {
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    reportCompressedSize: false,
  },
};

export default defineConfig(rendererConfig);

import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

/** Native modules: loaded from node_modules at run time (rebuilt for Electron, unpacked from the asar). */
const NATIVE_MODULES = ['better-sqlite3', 'sqlite-vec', 'koffi', 'sherpa-onnx-node', 'onnxruntime-node', 'argon2'];
const root = import.meta.dirname;

/**
 * Three builds: main (ESM, with the core's utility process bundled through `?modulePath`),
 * the preload (one CJS file with everything but 'electron' inlined, as `sandbox: true` needs),
 * and the renderer (the same config as web mode, from vite.renderer.config.ts).
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: { include: NATIVE_MODULES },
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/index.ts') },
        external: NATIVE_MODULES,
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, outDir: resolve(root, 'out/renderer') },
  },
});

// Flat config: TypeScript rules plus the import boundaries of docs/STYLE.md §3, enforced per folder.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const boundary = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tsbuild/**', 'bench/results/**', 'e2e/screenshots/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      'no-empty': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary(
        ['node:*', 'electron', 'react', 'react-dom', '**/core/**', '**/main/**', '**/renderer/**', '**/preload/**'],
        'src/shared runs anywhere: it may import only zod and itself.',
      ),
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary(
        ['electron', 'react', 'react-dom', '**/main/**', '**/renderer/**', '**/preload/**'],
        'src/core is Electron-free and UI-free: it may import shared, node:* and its libraries.',
      ),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': boundary(
        ['node:*', 'electron', '**/core/**', '**/main/**', '**/preload/**', 'better-sqlite3', 'sqlite-vec'],
        'The renderer is untrusted: it talks only to the IPC contract in src/shared.',
      ),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary(
        ['**/core/**', '**/main/**', '**/renderer/**', 'zod', '**/shared/ipc/contract*', '**/shared/domain/**'],
        'The preload imports only electron and src/shared/ipc/channels.',
      ),
    },
  },
  {
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary(['**/renderer/**', 'react', 'react-dom'], 'Main must not import the renderer.'),
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary(
        ['electron', 'react', '**/src/core/**', '**/src/main/**', '**/src/renderer/**', '**/src/preload/**'],
        'The sync server may import src/shared only.',
      ),
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'bin/**/*.mjs', '**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);

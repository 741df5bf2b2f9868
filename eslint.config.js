// Lint rules double as the architecture's fence (DESIGN.md): a file's folder says what it may import.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronModules = ['electron', 'electron-store', 'electron/*'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/e2e/artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronModules.filter((m) => !m.includes('*')).map((name) => ({ name, message: 'The core runs under plain Node: it never imports electron.' })),
          patterns: [
            { group: ['electron/*'], message: 'The core runs under plain Node: it never imports electron.' },
            { group: ['**/desktop/**', '**/headless/**', '**/renderer/**', '**/preload/**'], message: 'The core does not depend on its faces.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronModules.filter((m) => !m.includes('*')).map((name) => ({ name, message: 'The headless face runs without Electron.' })),
          patterns: [{ group: ['**/desktop/**', '**/renderer/**', '**/preload/**'], message: 'Headless is a thin shell over the core.' }],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronModules.filter((m) => !m.includes('*')), 'react', 'better-sqlite3', 'fastify'].map((name) => ({ name, message: 'src/shared is pure TypeScript.' })),
          patterns: [
            { group: ['node:*'], message: 'src/shared is pure TypeScript (no Node built-ins).' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**', '../*'], message: 'src/shared imports only itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', '**/renderer/**', 'node:*'], message: 'The preload holds the bridge only: electron and src/shared.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronModules.filter((m) => !m.includes('*')), 'better-sqlite3', 'fastify', 'ws'].map((name) => ({
            name,
            message: 'The renderer talks to the node only through the control contract.',
          })),
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            { group: ['**/main/**', '**/preload/**', '**/src/main/*'], message: 'The renderer imports only src/shared (as @shared) and itself.' },
          ],
        },
      ],
    },
  },
);

// Lint enforces the import boundaries: what may import what, and features reached only through their index.ts.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'worker_threads'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

const plainNode = {
  group: ['electron', 'electron/*', '**/src-renderer/**', '@renderer/*'],
  message: 'Core, sync and the handler table run under plain Node (tests, benchmarks): never import electron here.',
};
// What sits above core in src-main: core is given its clock and event bus through the core context instead.
const aboveCore = '(sync|app|ipc|platform|reminder-delivery|web-host|preload|index)(/|$)';
/** One block per folder depth under core/: a relative path is above core only when it climbs out of core. */
const coreBoundaries = [0, 1, 2, 3, 4].map((depth) => ({
  files: [`src-main/core/${'*/'.repeat(depth)}*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          plainNode,
          {
            regex: `^(\\.\\./){${depth + 1}}${aboveCore}|^@main/${aboveCore}`,
            message: 'core imports nothing from sync/, app/, ipc/, platform/ or reminder-delivery/: they build on core, not the reverse.',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'resources/**', '.vite/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Only the two classic hook rules: the React Compiler rules the plugin's presets add assume code written for it.
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // A promise nobody awaits loses its failure. Type-aware, so only for the application's own source:
    // tests await what they assert on, and type-checking them all again would double the lint time.
    files: ['src-main/**/*.ts', 'src-renderer/src/**/*.{ts,tsx}', 'src-shared/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['src-shared/**'],
    rules: restrict(
      ['electron', '**/src-main/**', '**/src-renderer/**', '@main/*', '@renderer/*', ...nodeBuiltins, 'better-sqlite3'],
      'src-shared imports nothing of ours and no platform: it is the contract both sides compile against.',
    ),
  },
  {
    files: ['src-renderer/**'],
    rules: restrict(
      ['electron', '**/src-main/**', '@main/*', ...nodeBuiltins, 'better-sqlite3'],
      'The renderer talks to main only through window.api (src-renderer/src/api); it imports src-shared only.',
    ),
  },
  {
    // A feature is used through its index.ts only: what it exports there is its surface, the rest may change freely.
    files: ['src-renderer/src/features/*/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', '**/src-main/**', '@main/*', ...nodeBuiltins, 'better-sqlite3'],
              message: 'The renderer talks to main only through window.api (src-renderer/src/api); it imports src-shared only.',
            },
            {
              regex: '^\\.\\./(?!\\.\\.)[^/]+/.+|^@renderer/features/[^/]+/.+',
              message: 'Another feature is reached through its index.ts only (import from "../<feature>"); shared UI goes in components/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared layers sit below the features: they never reach up into one.
    files: ['src-renderer/src/{api,components,lib,stores}/**'],
    rules: restrict(
      ['**/features/**', '@renderer/features/*', 'electron', '**/src-main/**', '@main/*', ...nodeBuiltins, 'better-sqlite3'],
      'api/, components/, lib/ and stores/ are shared by every feature and import none of them.',
    ),
  },
  {
    files: ['src-main/sync/**', 'src-main/app/**', 'src-main/ipc/handlers/**', 'src-main/web-host/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [plainNode] }] },
  },
  ...coreBoundaries,
  {
    files: ['test/**'],
    rules: restrict(
      ['electron', 'electron/*'],
      'Requiring electron tries to download its binary: tests replace it at the edge with vi.mock instead.',
    ),
  },
);

// Lint, including the layer rule of docs/ARCHITECTURE.md (after VS Code's code-layering rule):
// the folder a file lives in says which runtime it may use.
import { builtinModules } from 'node:module'
import boundaries from 'eslint-plugin-boundaries'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Built-ins are matched by exact name (`paths`): as gitignore-style patterns, 'domain' or 'events'
// would also match our own '../domain'.
const nodeMessage = 'This layer runs outside Node: no Node built-ins.'
const noNodePaths = builtinModules.map((name) => ({ name, message: nodeMessage }))
const noNode = { group: ['node:*'], message: nodeMessage }
const noElectron = { group: ['electron', 'electron/*'], message: 'Only src/main/shell and src/preload may import electron.' }
const noMainCode = { group: ['**/main/**', '../main', '../../main'], message: 'Import main-process code only from src/main.' }
const noRendererCode = { group: ['**/renderer/**'], message: 'Renderer code is for the renderer only.' }
const noPreloadCode = { group: ['**/preload/**'], message: 'Preload code is for the preload only.' }
const noUi = { group: ['react', 'react-dom', 'react-dom/*', 'zustand'], message: 'UI libraries belong to the renderer.' }

const layer = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': ['error', { paths: patterns.includes(noNode) ? noNodePaths : [], patterns }],
  },
})

const TESTS = ['**/*.test.ts', '**/*.test.tsx']

// The rank inside src/main (docs/ARCHITECTURE.md): base < store < features < api < app <
// shell / cli. A layer imports only lower ones; features never import each other (they meet in
// app through events and injected functions). eslint-plugin-boundaries resolves every relative
// import to the element (folder) it lands in.
const FEATURES = ['capture', 'suggest', 'review', 'sync', 'export', 'report', 'matters']
const mainElements = [
  { type: 'base', pattern: 'src/main/base' },
  { type: 'migrations', pattern: 'src/main/store/migrations' },
  { type: 'store', pattern: 'src/main/store' },
  { type: 'feature', pattern: `src/main/(${FEATURES.join('|')})`, capture: ['name'] },
  { type: 'api', pattern: 'src/main/api' },
  { type: 'app', pattern: 'src/main/app' },
  { type: 'shell', pattern: 'src/main/shell' },
  { type: 'cli', pattern: 'src/main/cli' },
  { type: 'shared', pattern: 'src/shared' },
]
const below = {
  base: ['shared'],
  // Migrations are frozen history: they must not follow today's code, so they import nothing of ours.
  migrations: ['shared'],
  store: ['shared', 'base', 'migrations'],
  feature: ['shared', 'base', 'store'],
  api: ['shared', 'base', 'store', 'feature'],
  app: ['shared', 'base', 'store', 'feature', 'api'],
  shell: ['shared', 'base', 'store', 'feature', 'api', 'app'],
  cli: ['shared', 'base', 'store', 'feature', 'api', 'app'],
}
const element = (type, captured) => ({ element: captured ? { type, captured } : { type } })
// Tests are exempt: they build whole cores to check what a user would see.
const rankRule = {
  files: ['src/main/**/*.ts'],
  ignores: TESTS,
  plugins: { boundaries },
  settings: {
    'boundaries/elements': mainElements,
    'boundaries/include': ['src/main/**/*', 'src/shared/**/*'],
    'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message: 'src/main rank: base < store < features < api < app < shell/cli; a layer imports only lower ones, features never each other',
        policies: [
          ...Object.entries(below).map(([from, allow]) => ({
            from: element(from),
            allow: { to: { element: { types: { anyOf: from === 'feature' ? allow : [...allow, from] } } } },
          })),
          // a feature imports its own files only
          ...FEATURES.map((name) => ({ from: element('feature', { name }), allow: { to: element('feature', { name }) } })),
        ],
      },
    ],
  },
}

// Test helpers (test/), the reference server (tools/) and e2e code never ship: only tests import them.
// Migrations are frozen history; only the database module runs them (runtime code that needs a
// schema constant keeps its own copy, see store/signalKinds.ts).
const noMigrations = { group: ['./migrations', './migrations/*', '**/store/migrations/**'], message: 'Only store/database.ts runs migrations; keep runtime constants out of them.' }
const noTestCode = { group: ['**/test/**', '**/tools/**', '**/e2e/**'], message: 'Only *.test.ts files may import test/, tools/ or e2e/.' }

export default tseslint.config(
  { ignores: ['**/*.tmp.*', 'out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'native/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['src/renderer/**', 'test/renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['bench/**', 'scripts/**', 'e2e/**'], rules: { 'no-console': 'off' } },
  layer(['src/shared/**'], [noNode, noElectron, noMainCode, noRendererCode, noPreloadCode, noUi, noTestCode], TESTS),
  layer(['src/renderer/**'], [noNode, noElectron, noMainCode, noPreloadCode, noTestCode], TESTS),
  layer(['src/preload/**'], [noNode, noMainCode, noRendererCode, noUi, noTestCode], TESTS),
  layer(['src/main/**'], [noElectron, noRendererCode, noPreloadCode, noUi, noTestCode, noMigrations], [
    'src/main/shell/**',
    'src/main/index.ts',
    'src/main/store/database.ts',
    'src/main/store/migrations/**',
    ...TESTS,
  ]),
  layer(['src/main/store/database.ts', 'src/main/store/migrations/**'], [noElectron, noRendererCode, noPreloadCode, noUi, noTestCode], TESTS),
  layer(['src/main/shell/**', 'src/main/index.ts'], [noRendererCode, noPreloadCode, noUi, noTestCode], TESTS),
  // Tests keep their layer's runtime rules but may use the test helpers.
  layer(['src/shared/**/*.test.ts'], [noNode, noElectron, noMainCode, noRendererCode, noPreloadCode, noUi]),
  layer(['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'], [noNode, noElectron, noMainCode, noPreloadCode]),
  layer(['src/main/**/*.test.ts'], [noElectron, noRendererCode, noPreloadCode, noUi], ['src/main/shell/**']),
  layer(['src/main/shell/**/*.test.ts'], [noRendererCode, noPreloadCode, noUi]),
  rankRule,
)

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
const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Only src/main/shell and src/preload may import electron.',
}
const noMainCode = {
  group: ['**/main/**', '../main', '../../main'],
  message: 'Import main-process code only from src/main.',
}
const noRendererCode = { group: ['**/renderer/**'], message: 'Renderer code is for the renderer only.' }
const noPreloadCode = { group: ['**/preload/**'], message: 'Preload code is for the preload only.' }
const noUi = {
  group: ['react', 'react-dom', 'react-dom/*', 'zustand'],
  message: 'UI libraries belong to the renderer.',
}

const layer = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': ['error', { paths: patterns.includes(noNode) ? noNodePaths : [], patterns }],
  },
})

const TESTS = ['**/*.test.ts', '**/*.test.tsx']

// The rank inside src/main (docs/ARCHITECTURE.md): base < store < features < api < app <
// shell / cli < entry. A layer imports only lower ones; features never import each other (they
// meet in app through events and injected functions). eslint-plugin-boundaries resolves every
// relative import to the element (folder) it lands in. The rule is total (like VS Code's
// code-import-patterns): every file under src/main and src/renderer belongs to a declared
// element, so a new folder fails lint until it is given its place here and in ARCHITECTURE.md.
const FEATURES = ['capture', 'suggest', 'review', 'sync', 'import', 'export', 'report', 'calendar', 'matters']
// `mode: 'file'` for single files: v7 prints a deprecation note for it, but its suggested
// replacement (`partialMatch: false`) matched none of our files in eslint-plugin-boundaries 7.2.
const mainElements = [
  { type: 'entry', pattern: 'src/main/{index,cli}.ts', mode: 'file' },
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
  entry: ['shared', 'base', 'store', 'feature', 'api', 'app', 'shell', 'cli'],
}

// The renderer's rank: api, format < state < components < calendar < views < root. Views are
// the top-level screens; a piece two views share (EditDialog) is a component.
const RENDERER = 'src/renderer/src'
const VIEWS = ['review', 'timeline', 'report', 'settings']
const rendererElements = [
  { type: 'r-root', pattern: `${RENDERER}/{App,main}.tsx`, mode: 'file' },
  { type: 'r-format', pattern: `${RENDERER}/format.ts`, mode: 'file' },
  { type: 'r-styles', pattern: `${RENDERER}/**/*.css`, mode: 'file' },
  { type: 'r-api', pattern: `${RENDERER}/api` },
  { type: 'r-state', pattern: `${RENDERER}/state` },
  { type: 'r-components', pattern: `${RENDERER}/components` },
  { type: 'r-calendar', pattern: `${RENDERER}/calendar` },
  { type: 'r-view', pattern: `${RENDERER}/(${VIEWS.join('|')})`, capture: ['name'] },
]
const rendererBelow = {
  'r-format': ['shared'],
  'r-styles': [],
  'r-api': ['shared'],
  'r-state': ['shared', 'r-format', 'r-api'],
  'r-components': ['shared', 'r-format', 'r-api', 'r-state'],
  'r-calendar': ['shared', 'r-format', 'r-api', 'r-state', 'r-components'],
  'r-view': ['shared', 'r-format', 'r-styles', 'r-api', 'r-state', 'r-components', 'r-calendar'],
  'r-root': ['shared', 'r-format', 'r-styles', 'r-api', 'r-state', 'r-components', 'r-calendar', 'r-view'],
}

const element = (type, captured) => ({ element: captured ? { type, captured } : { type } })
const rankPolicies = (table, own) => [
  ...Object.entries(table).map(([from, allow]) => ({
    from: element(from),
    allow: { to: { element: { types: { anyOf: own.includes(from) ? allow : [...allow, from] } } } },
  })),
]
// Tests are exempt from the rank: they build whole cores to check what a user would see. They
// still belong to an element (no-unknown-files), as every other file does.
const rankRule = {
  files: ['src/main/**/*.ts', 'src/renderer/src/**/*.{ts,tsx}'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': [...mainElements, ...rendererElements],
    'boundaries/include': ['src/main/**/*', 'src/shared/**/*', `${RENDERER}/**/*`],
    'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
  },
  rules: {
    'boundaries/no-unknown-files': 'error',
    'boundaries/no-unknown-dependencies': 'error',
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message:
          'rank: src/main base < store < features < api < app < shell/cli < entry; src/renderer api, format < state < components < calendar < views < root. A layer imports only lower ones; features (and views) never each other',
        policies: [
          ...rankPolicies(below, ['feature']),
          ...rankPolicies(rendererBelow, ['r-view']),
          // a feature (a view) imports its own files only
          ...FEATURES.map((name) => ({
            from: element('feature', { name }),
            allow: { to: element('feature', { name }) },
          })),
          ...VIEWS.map((name) => ({ from: element('r-view', { name }), allow: { to: element('r-view', { name }) } })),
        ],
      },
    ],
  },
}
const rankExemptTests = {
  files: TESTS,
  rules: { 'boundaries/dependencies': 'off', 'boundaries/no-unknown-dependencies': 'off' },
}

// Test helpers (test/), the reference server (tools/) and e2e code never ship: only tests import them.
// Migrations are frozen history; only the database module runs them (runtime code that needs a
// schema constant keeps its own copy, see store/signalKinds.ts).
const noMigrations = {
  group: ['./migrations', './migrations/*', '**/store/migrations/**'],
  message: 'Only store/database.ts runs migrations; keep runtime constants out of them.',
}
const noTestCode = {
  group: ['**/test/**', '**/tools/**', '**/e2e/**'],
  message: 'Only *.test.ts files may import test/, tools/ or e2e/.',
}
// SQL is spoken only in src/main/store (#24): outside it, no prepared statements and no raw
// connection type; features get ReadableDB / WritableDB handles and call the store's functions.
const noRawStore = [
  { group: ['**/store/prepared'], message: 'SQL lives only in src/main/store: call a store function instead.' },
  {
    group: ['**/store/database'],
    importNames: ['Database'],
    message: 'Outside src/main/store, take a ReadableDB or WritableDB handle, not the raw connection.',
  },
]
// The CLI reaches a database only through withCore and the core's services (#24). `backup` and
// `restore` work on the file instead (a restore needs nobody holding it), so those two may.
const cliThroughCore = [
  {
    group: ['**/store/*', '!**/store/backups', '!**/store/restore', '!**/store/database'],
    message: 'The CLI reaches the database through withCore (cli/withCore.ts) and the core’s services, not the store.',
  },
  {
    group: ['**/store/database'],
    importNames: ['openDatabase', 'closeDatabase', 'Database', 'ReadableDB', 'WritableDB'],
    message: 'The CLI opens a database only through withCore (cli/withCore.ts).',
  },
]
const noSqlCalls = {
  files: ['src/main/**/*.ts'],
  ignores: ['src/main/store/**', ...TESTS],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: 'CallExpression[callee.property.name=/^(prepare|pragma|backup|transaction)$/]',
        message: 'SQL lives only in src/main/store: call a store function instead.',
      },
    ],
  },
}

export default tseslint.config(
  {
    ignores: [
      '**/*.tmp.*',
      'electron.vite.config.ts.*',
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'native/**',
    ],
  },
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
  layer(
    ['src/main/**'],
    [noElectron, noRendererCode, noPreloadCode, noUi, noTestCode, noMigrations, ...noRawStore],
    ['src/main/shell/**', 'src/main/index.ts', 'src/main/store/**', 'src/main/cli/**', ...TESTS],
  ),
  layer(
    ['src/main/cli/**'],
    [noElectron, noRendererCode, noPreloadCode, noUi, noTestCode, noMigrations, ...cliThroughCore],
    TESTS,
  ),
  layer(
    ['src/main/store/**'],
    [noElectron, noRendererCode, noPreloadCode, noUi, noTestCode, noMigrations],
    ['src/main/store/database.ts', 'src/main/store/migrations/**', ...TESTS],
  ),
  layer(
    ['src/main/store/database.ts', 'src/main/store/migrations/**'],
    [noElectron, noRendererCode, noPreloadCode, noUi, noTestCode],
    TESTS,
  ),
  layer(
    ['src/main/shell/**', 'src/main/index.ts'],
    [noRendererCode, noPreloadCode, noUi, noTestCode, ...noRawStore],
    TESTS,
  ),
  noSqlCalls,
  // Tests keep their layer's runtime rules but may use the test helpers.
  layer(['src/shared/**/*.test.ts'], [noNode, noElectron, noMainCode, noRendererCode, noPreloadCode, noUi]),
  layer(['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'], [noNode, noElectron, noMainCode, noPreloadCode]),
  layer(['src/main/**/*.test.ts'], [noElectron, noRendererCode, noPreloadCode, noUi], ['src/main/shell/**']),
  layer(['src/main/shell/**/*.test.ts'], [noRendererCode, noPreloadCode, noUi]),
  rankRule,
  rankExemptTests,
)

// Lint, including the layer rule of docs/ARCHITECTURE.md (after VS Code's code-layering rule):
// the folder a file lives in says which runtime it may use.
import { builtinModules } from 'node:module'
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
  { files: ['src/renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['e2e/support/bridge.js'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['bench/**', 'scripts/**', 'e2e/**'], rules: { 'no-console': 'off' } },
  layer(['src/shared/**'], [noNode, noElectron, noMainCode, noRendererCode, noPreloadCode, noUi]),
  layer(['src/renderer/**'], [noNode, noElectron, noMainCode, noPreloadCode]),
  layer(['src/preload/**'], [noNode, noMainCode, noRendererCode, noUi]),
  layer(['src/main/**'], [noElectron, noRendererCode, noPreloadCode, noUi], ['src/main/shell/**', 'src/main/index.ts']),
  layer(['src/main/shell/**', 'src/main/index.ts'], [noRendererCode, noPreloadCode, noUi]),
)

import { defineConfig } from 'vitest/config'

// Two cores here and in CI: keep parallelism modest. Tests that start Xvfb or servers pick free
// displays and ports, so files can still run side by side.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['e2e/**/*.spec.ts', 'node_modules/**', 'out/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

import { defineConfig } from 'vitest/config'

// Two cores here and in CI: keep parallelism modest. Tests that start Xvfb or servers pick free
// displays and ports, so files can still run side by side.
const shared = {
  pool: 'forks' as const,
  maxWorkers: 2,
  testTimeout: 30_000,
  hookTimeout: 60_000,
}

// *.tz.test.ts read times that depend on the machine's zone: they run twice, in zones their
// fixtures do not use, one without DST and one with.
const ZONE_TESTS = ['src/**/*.tz.test.ts']

export default defineConfig({
  test: {
    ...shared,
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['e2e/**/*.spec.ts', 'node_modules/**', 'out/**', ...ZONE_TESTS],
        },
      },
      { test: { ...shared, name: 'tz-tokyo', include: ZONE_TESTS, env: { TZ: 'Asia/Tokyo' } } },
      { test: { ...shared, name: 'tz-new-york', include: ZONE_TESTS, env: { TZ: 'America/New_York' } } },
    ],
  },
})

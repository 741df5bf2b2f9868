// `npm run test:desktop-e2e`: the real Electron under Xvfb (test/desktop-e2e/), on CI only. Its own config, so
// neither `npm test` nor vitest.config.ts's projects ever pick it up.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'desktop-e2e',
    environment: 'node',
    include: ['test/desktop-e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Electron at a time.
    fileParallelism: false,
  },
});

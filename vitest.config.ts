import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'commands/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/global-postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end files each start their own fake Discord and bot; two cores here.
    maxWorkers: 2,
  },
});

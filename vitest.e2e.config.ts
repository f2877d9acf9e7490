import { defineConfig } from 'vitest/config'

import { alias } from './vitest.config'

// Browser and server-process tests against the built app (npm run test:e2e).
export default defineConfig({
	resolve: { alias },
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		globalSetup: ['tests/e2e/support/global-setup.ts'],
		pool: 'forks',
		maxWorkers: 1,
		minWorkers: 1,
		fileParallelism: false,
		testTimeout: 120_000,
		hookTimeout: 120_000,
		// expect.poll waits 1 s by default: a page or the server at load 20 often needs longer, and
		// a poll that gives up early fails a test for the machine's speed, not for what it checks.
		expect: { poll: { timeout: 30_000, interval: 100 } },
	},
})

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
		// Generous: a browser test at load 20–30 on 2 cores takes minutes; a timeout is only a backstop.
		testTimeout: 600_000,
		hookTimeout: 300_000,
		// expect.poll waits 1 s by default: a page or the server at load 20 often needs longer, and
		// a poll that gives up early fails a test for the machine's speed, not for what it checks.
		expect: { poll: { timeout: 30_000, interval: 100 } },
	},
})

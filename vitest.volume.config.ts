import { defineConfig } from 'vitest/config'

import { alias } from './vitest.config'

// Volume tests (npm run test:volume): files of hundreds of thousands of rows. CI runs them once,
// on PostgreSQL; they are not part of `npm test`, which every change runs on both databases.
export default defineConfig({
	resolve: { alias },
	test: {
		include: ['tests/volume/**/*.test.ts'],
		globalSetup: ['tests/support/global-setup.ts'],
		setupFiles: ['tests/support/setup.ts'],
		pool: 'forks',
		maxWorkers: 1,
		minWorkers: 1,
		testTimeout: 1_200_000,
		hookTimeout: 300_000,
		env: { NODE_ENV: 'test' },
	},
})

import path from 'node:path'

import { defineConfig } from 'vitest/config'

export const alias = {
	'~db': path.resolve(__dirname, 'db'),
	'~': path.resolve(__dirname, 'app'),
}

export default defineConfig({
	resolve: { alias },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/support/global-setup.ts'],
		setupFiles: ['tests/support/setup.ts'],
		pool: 'forks',
		maxWorkers: 2,
		minWorkers: 1,
		testTimeout: 30_000,
		hookTimeout: 60_000,
		env: { NODE_ENV: 'test' },
	},
})

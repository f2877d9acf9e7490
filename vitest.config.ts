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
		// Timeouts catch a hang, they do not measure speed: CI runs on 2 cores at load 15–25, where a
		// test that takes 5 s on an idle laptop can take a minute. Slower tests set their own.
		testTimeout: 120_000,
		hookTimeout: 300_000,
		env: { NODE_ENV: 'test' },
	},
})

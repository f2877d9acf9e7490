import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

/** Builds the app once; every e2e file then starts the built server. */
export default function setup() {
	if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
		throw new Error('Chromium is needed for the browser tests: apt-get install -y chromium')
	}
	const r = spawnSync('node_modules/.bin/remix', ['build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
	if (r.status !== 0) throw new Error('remix build failed')
	fs.mkdirSync('test-results/screenshots', { recursive: true })
}

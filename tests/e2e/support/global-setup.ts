import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

/** Builds the app and the server once, as `npm start` does; every e2e file then starts the built server. */
export default function setup() {
	if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
		throw new Error('Chromium is needed for the browser tests: apt-get install -y chromium')
	}
	const r = spawnSync(process.execPath, ['scripts/start.mjs', '--rebuild', '--build-only'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
	if (r.status !== 0) throw new Error('the build failed')
	fs.mkdirSync('test-results/screenshots', { recursive: true })
}

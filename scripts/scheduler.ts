/**
 * `npm run scheduler -- --once`: one scheduler tick (open due waves, send due reminders, close
 * ended waves, release settled weeks), for cron or a one-off. Without --once it ticks every minute until stopped.
 * The server runs the same tick itself; running both at once is safe.
 */
import { undeliveredMailWarning } from '../app/mail/transport.server'
import { deliverDueMail } from '../app/notifications/mail.server'
import { schedulerTick } from '../app/pulses/scheduler.server'
import { dbHandle } from '../app/utils/db.server'

const once = process.argv.includes('--once')
const handle = dbHandle()
await handle.migrate()
const mailWarning = undeliveredMailWarning()
if (mailWarning) console.log(mailWarning)

async function run() {
	const r = await schedulerTick()
	const mail = await deliverDueMail()
	console.log(
		`${new Date().toISOString()} opened ${r.opened}, reminded ${r.reminded}, closed ${r.closed} waves, released ${r.released} weeks; sent ${mail.sent} e-mails${mail.failed ? `, ${mail.failed} failed` : ''}`,
	)
}

if (once) {
	try {
		await run()
	} finally {
		await handle.close()
	}
} else {
	let stopping = false
	const stop = () => {
		stopping = true
	}
	process.on('SIGTERM', stop)
	process.on('SIGINT', stop)
	while (!stopping) {
		await run()
		for (let i = 0; i < 60 && !stopping; i++) await new Promise((r) => setTimeout(r, 1000))
	}
	await handle.close()
}

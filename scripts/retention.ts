/**
 * `npm run retention:run`: deletes, in every organisation, answers, metric events and audit
 * events older than its retention settings (the server does the same every hour). With the
 * embedded database, stop the server first.
 */
import { purgeAllExpired } from '../app/audit/retention.server'
import { dbHandle } from '../app/utils/db.server'

const handle = dbHandle()
try {
	for (const { slug, counts } of await purgeAllExpired()) {
		console.log(
			`${slug}: ${counts.waves} waves (${counts.responses} responses), ${counts.releasedWeeks} released weeks, ${counts.metricEvents} metric events, ${counts.auditEvents} audit events, ${counts.unsubscribeLinks} expired unsubscribe links deleted`,
		)
	}
} finally {
	await handle.close()
}

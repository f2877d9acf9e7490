/**
 * Every background job of the server, in one list: what it does, how often, why running it on
 * every instance at once is safe (each job claims its work in the database, so it is done once),
 * how a failure is retried, and what it logs. The runner (`runner.server.ts`) is the only timer;
 * a new job is added here and nowhere else.
 */
import { purgeAllExpired } from '~/audit/retention.server'
import { deleteStaleSessions } from '~/auth/sessions.server'
import { deleteStaleAttempts } from '~/auth/throttle.server'
import { runBackfills } from '~/connectors/backfill.server'
import { deleteStaleSsoLogins } from '~/identity/oidc.server'
import { deleteStaleSamlState } from '~/identity/saml.server'
import { refreshAllWeekly } from '~/metrics/weekly.server'
import { deliverDueMail } from '~/notifications/mail.server'
import { schedulerTick } from '~/pulses/scheduler.server'
import { recomputeStaleCulture } from '~/reports/rollups.server'
import { env } from '~/utils/env.server'

export interface Job {
	name: string
	what: string
	/** How often it runs, in milliseconds (read when the jobs start). */
	everyMs: () => number
	/** Why every instance may run it at the same moment and the work is still done once. */
	onceAcrossInstances: string
	/**
	 * A run that fails (other than on an unreachable database, which the next tick simply tries
	 * again) is retried at the next tick after a pause that doubles with each failure in a row,
	 * from `everyMs` up to `maxBackoffMs`; a success resets it.
	 */
	retry: { maxBackoffMs: number; note?: string }
	/** What the server log says about it. */
	logs: string
	run: () => Promise<unknown>
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const FAILURE_LOG = 'one line when a run fails (name and message); nothing when it succeeds'

export const JOBS: readonly Job[] = [
	{
		name: 'mail delivery',
		what: 'Sends the queued e-mails of the outbox that are due, each rendered by its kind’s owner.',
		everyMs: () => 3000,
		onceAcrossInstances: 'Rows are claimed with FOR UPDATE SKIP LOCKED and leased (next_attempt_at pushed forward), so each message goes out once.',
		retry: { maxBackoffMs: MINUTE, note: 'Each message has its own retries in the outbox: attempts² minutes apart, then failed.' },
		logs: FAILURE_LOG,
		run: () => deliverDueMail(),
	},
	{
		name: 'scheduler',
		what: 'Opens due waves, sends due reminders, closes ended waves, releases settled weeks, queues their digests, settles authors’ answers to replies.',
		everyMs: () => env().SCHEDULER_INTERVAL_SECONDS * 1000,
		onceAcrossInstances:
			'A wave is unique per (survey, period); reminders and closing are conditional updates; a release holds the organisation’s advisory lock; digests are claimed by their digest_runs row; settling holds an advisory lock.',
		retry: { maxBackoffMs: 15 * MINUTE },
		logs: FAILURE_LOG,
		run: () => schedulerTick(),
	},
	{
		name: 'weekly metrics refresh',
		what: 'Recomputes the weekly response-time figures of the weeks new events touched.',
		everyMs: () => 5000,
		onceAcrossInstances: 'The dirty ranges are deleted (with RETURNING) in the refresh’s transaction: a second instance waits on the rows, then finds none.',
		retry: { maxBackoffMs: 15 * MINUTE },
		logs: FAILURE_LOG,
		run: () => refreshAllWeekly(),
	},
	{
		name: 'culture index recompute',
		what: 'Recomputes the culture rollups of an organisation whose report weights changed.',
		everyMs: () => 5000,
		onceAcrossInstances: 'The organisation is claimed before the work, and the swap holds its release lock, so two instances never both do it.',
		retry: { maxBackoffMs: 15 * MINUTE },
		logs: FAILURE_LOG,
		run: () => recomputeStaleCulture(),
	},
	{
		name: 'connector backfill',
		what: 'Reads the connectors’ history from the tools’ APIs, a page at a time, for the backfills an admin started.',
		everyMs: () => 5000,
		onceAcrossInstances:
			'A backfill is claimed with FOR UPDATE SKIP LOCKED and a lease (id and expiry); each page commits its events with the next cursor only while the lease is still held, so a second instance skips it, and a crashed one’s lease lapses after two minutes.',
		retry: {
			maxBackoffMs: 15 * MINUTE,
			note: 'Each backfill has its own pauses: the provider’s Retry-After on a rate limit, a doubling pause after a network error or 5xx (stopped after 8 in a row).',
		},
		logs: `${FAILURE_LOG}; a backfill’s own errors are shown on its connector’s page`,
		run: () => runBackfills(),
	},
	{
		name: 'session clean-up',
		what: 'Deletes sessions that can no longer be used.',
		everyMs: () => HOUR,
		onceAcrossInstances: 'A delete by expiry: running it twice deletes nothing more.',
		retry: { maxBackoffMs: 6 * HOUR },
		logs: FAILURE_LOG,
		run: () => deleteStaleSessions(),
	},
	{
		name: 'sign-in throttle clean-up',
		what: 'Deletes attempt counters (keyed by e-mail or client address) that no longer change any answer: not blocked, and quiet for a day plus the longest block.',
		everyMs: () => HOUR,
		onceAcrossInstances: 'A delete by age: running it twice deletes nothing more.',
		retry: { maxBackoffMs: 6 * HOUR },
		logs: FAILURE_LOG,
		run: () => deleteStaleAttempts(),
	},
	{
		name: 'single sign-on clean-up',
		what: 'Deletes single sign-on attempts that were never completed (they are refused after ten minutes anyway), and used SAML assertion ids past their expiry.',
		everyMs: () => HOUR,
		onceAcrossInstances: 'A delete by age: running it twice deletes nothing more.',
		retry: { maxBackoffMs: 6 * HOUR },
		logs: FAILURE_LOG,
		run: async () => {
			await deleteStaleSsoLogins()
			await deleteStaleSamlState()
		},
	},
	{
		name: 'retention',
		what: 'Deletes answers, events and audit entries older than each organisation keeps them.',
		// Retention is counted in months: hourly is more than daily enough.
		everyMs: () => HOUR,
		onceAcrossInstances: 'One transaction per organisation, deleting by indexed cut-offs: idempotent, a second run finds nothing to delete.',
		retry: { maxBackoffMs: 6 * HOUR },
		logs: `${FAILURE_LOG}; an audit entry "retention.purged" when something was deleted`,
		run: () => purgeAllExpired(),
	},
]

/**
 * The HTTP side of a pulse page, the same for the e-mailed link (/p/<token>) and the signed-in
 * page (/pulses/<wave>): what the page shows of a pulse, and how a submission's outcome answers.
 */
import { data, redirect } from '@remix-run/node'
import { DateTime } from 'luxon'

import type { FieldErrors } from '~/utils/result'

import type { LinkSubmitOutcome, PulseView, SubmitOutcome } from './answering.server'

/** The page's data: everything for an open pulse, only its name and k for one that is not. */
export function pulsePage(pulse: PulseView) {
	const about = { surveyName: pulse.surveyName, orgName: pulse.orgName, anonymityK: pulse.anonymityK }
	if (pulse.state !== 'open') return { state: pulse.state as 'answered' | 'closed', pulse: about }
	return {
		state: 'open' as const,
		pulse: { ...about, items: pulse.items, closesLabel: DateTime.fromISO(pulse.closesAt, { zone: pulse.timeZone }).toFormat('cccc d LLL, HH:mm') },
	}
}

/**
 * 303 to the thank-you page, 422 with a message per item, or the page's state: 404, 409 or 410.
 * With a reply key the thanks are this response itself (200), so the key is in no address, no
 * redirect and no log: it is shown once, and the browser keeps it.
 */
export function submissionReply(outcome: SubmitOutcome | LinkSubmitOutcome, form: Record<string, unknown>, anonymityK?: number) {
	const k = 'anonymityK' in outcome ? outcome.anonymityK : anonymityK
	if (outcome.status === 'submitted' && outcome.replyKey)
		return data({ status: 'submitted' as const, replyKey: outcome.replyKey, anonymityK: k ?? 5, errors: {} as FieldErrors, values: {} as Record<string, string> }, { status: 200 })
	if (outcome.status === 'submitted') throw redirect(`/thanks?k=${k}`, 303)
	if (outcome.status === 'invalid') return data({ status: outcome.status, replyKey: null, errors: outcome.errors, values: form as Record<string, string> }, { status: 422 })
	const status = outcome.status === 'unknown' ? 404 : outcome.status === 'already-answered' ? 409 : 410
	return data({ status: outcome.status, replyKey: null, errors: {} as FieldErrors, values: {} as Record<string, string> }, { status })
}

/**
 * The HTTP side of a pulse page, the same for the e-mailed link (/p/<token>) and the signed-in
 * page (/pulses/<wave>): what the page shows of a pulse, and how a submission's outcome answers.
 */
import { data, redirect } from '@remix-run/node'

import { formatDateTime } from '~/i18n/format'
import { browserMessages } from '~/i18n/i18n.server'
import { isRenderLocale } from '~/i18n/locales'
import { localizeProblems } from '~/i18n/problems.server'
import { itemWording } from '~/surveys/item-language'
import type { FieldErrors } from '~/utils/result'
import { orUnavailable } from '~/utils/unavailable.server'

import { type LinkSubmitOutcome, submitByLink, type SubmitOutcome } from './answering.server'
import type { PulseView } from './pulse-view.server'

/**
 * The page's data: everything for an open pulse, only its name and k for one that is not. The
 * page is in the invited person's language (theirs, not the browser's: the link may be opened
 * anywhere), so it carries that locale and its messages, which the layout prefers to the root's.
 */
export function pulsePage(pulse: PulseView) {
	const locale = isRenderLocale(pulse.locale) ? pulse.locale : 'en'
	const about = { surveyName: pulse.surveyName, orgName: pulse.orgName, anonymityK: pulse.anonymityK }
	const language = { locale, messages: browserMessages(locale) }
	if (pulse.state !== 'open') return { state: pulse.state as 'answered' | 'closed', pulse: about, ...language }
	const items = pulse.items.map(({ translations, ...item }) => ({ ...item, ...itemWording({ text: item.text, translations }, locale, pulse.orgLocale) }))
	return {
		state: 'open' as const,
		pulse: { ...about, items, closesLabel: formatDateTime(pulse.closesAt, locale, pulse.timeZone) },
		...language,
	}
}

/**
 * A pulse form posted to an e-mailed link (/p/<token>), submitted once: its fields and the
 * outcome, which whoever answers the request awaits (a database that cannot be reached is the
 * 503 page, as on every page).
 */
export interface LinkSubmission {
	token: string
	form: Record<string, unknown>
	outcome: Promise<LinkSubmitOutcome>
}

/**
 * The one way a form posted to an e-mailed link is submitted: by the route's action, and by the
 * server ahead of Remix for a form posted without JavaScript (scripts/server.ts), which answers
 * the usual outcome — the redirect to the thanks — itself and hands every other one to the route
 * (`context.linkSubmission`), which renders it without submitting again.
 */
export function submitLinkForm(token: string, form: Record<string, unknown>): LinkSubmission {
	const outcome = orUnavailable(() => submitByLink(token, form))
	// Awaited by whoever answers the request; not an unhandled rejection meanwhile.
	outcome.catch(() => {})
	return { token, form, outcome }
}

/** The address of the thanks when a submission goes there (stored, no reply key to show); null when its page answers. */
export function thanksAddress(outcome: SubmitOutcome | LinkSubmitOutcome, form: Record<string, unknown>, anonymityK?: number): string | null {
	if (outcome.status !== 'submitted' || outcome.replyKey) return null
	const locale = isRenderLocale(form.locale) ? form.locale : 'en'
	const k = 'anonymityK' in outcome ? outcome.anonymityK : anonymityK
	return `/thanks?k=${k}&lang=${encodeURIComponent(locale)}`
}

/** The server's early answer to a link submission: the thanks' address, or null when the route must render its page. */
export async function thanksAddressOf(submission: LinkSubmission): Promise<string | null> {
	try {
		return thanksAddress(await submission.outcome, submission.form)
	} catch {
		// The route rethrows it: the error page, as for any other failure.
		return null
	}
}

/**
 * 303 to the thank-you page, 422 with a message per item, or the page's state: 404, 409 or 410.
 * With a reply key the thanks are this response itself (200), so the key is in no address, no
 * redirect and no log: it is shown once, and the browser keeps it.
 */
export function submissionReply(outcome: SubmitOutcome | LinkSubmitOutcome, form: Record<string, unknown>, anonymityK?: number) {
	const locale = isRenderLocale(form.locale) ? form.locale : 'en'
	const k = 'anonymityK' in outcome ? outcome.anonymityK : anonymityK
	if (outcome.status === 'submitted' && outcome.replyKey)
		return data({ status: 'submitted' as const, replyKey: outcome.replyKey, anonymityK: k ?? 5, errors: {} as FieldErrors, values: {} as Record<string, string> }, { status: 200 })
	const thanks = thanksAddress(outcome, form, anonymityK)
	if (thanks) throw redirect(thanks, 303)
	if (outcome.status === 'invalid')
		return data({ status: outcome.status, replyKey: null, errors: localizeProblems(locale, outcome.errors), values: form as Record<string, string> }, { status: 422 })
	const status = outcome.status === 'unknown' ? 404 : outcome.status === 'already-answered' ? 409 : 410
	return data({ status: outcome.status, replyKey: null, errors: {} as FieldErrors, values: {} as Record<string, string> }, { status })
}

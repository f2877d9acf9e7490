/**
 * A delivery's summary and a connector's last refusal in the admin's language, from the codes
 * the provider modules return (`delivery-record.ts`). The tool's own event names and header
 * names are data and pass through as they are; a row stored before the codes shows its English
 * text, marked as recorded.
 */
import { fixedT } from '~/i18n/i18n.server'

import { decodeProblem, decodeSummary } from './delivery-record'
import type { IgnoredReason, Refusal } from './provider'

type T = ReturnType<typeof fixedT>

// Literal keys, so the catalogue test sees each one in use.
function ignoredWords(t: T, r: IgnoredReason): string {
	switch (r.code) {
		case 'ping':
			return t('connector.ignored.ping')
		case 'notTicket':
			return t('connector.ignored.notTicket')
		case 'notIssue':
			return t('connector.ignored.notIssue')
		case 'notConversation':
			return t('connector.ignored.notConversation')
		case 'noTicketId':
			return t('connector.ignored.noTicketId')
		case 'noCreationTime':
			return t('connector.ignored.noCreationTime')
		case 'internalNote':
			return t('connector.ignored.internalNote')
		case 'internalComment':
			return t('connector.ignored.internalComment')
		case 'endUserComment':
			return t('connector.ignored.endUserComment')
		case 'customerComment':
			return t('connector.ignored.customerComment')
		case 'automationComment':
			return t('connector.ignored.automationComment')
		case 'automationReply':
			return t('connector.ignored.automationReply')
		case 'botReply':
			return t('connector.ignored.botReply')
		case 'botApproval':
			return t('connector.ignored.botApproval')
		case 'noStatusChange':
			return t('connector.ignored.noStatusChange')
		case 'notApproval':
			return t('connector.ignored.notApproval')
		case 'reviewNotApproval':
			return t('connector.ignored.reviewNotApproval')
		case 'reviewWithoutTime':
			return t('connector.ignored.reviewWithoutTime')
		case 'eventNotUsed':
			return t('connector.ignored.eventNotUsed', { event: r.event })
		case 'topicNotUsed':
			return t('connector.ignored.topicNotUsed', { event: r.event })
		case 'noPullRequest':
			return t('connector.ignored.noPullRequest', { event: r.event })
		default:
			// A code a later version wrote: its name, as stored.
			return (r as { code: string }).code
	}
}

function refusalWords(t: T, r: Refusal): string {
	switch (r.code) {
		case 'signatureMissing':
			return t('connector.refusal.signatureMissing', { header: r.header, format: r.format })
		case 'secretNotSent':
			return t('connector.refusal.secretNotSent')
		case 'timestampMissing':
			return t('connector.refusal.timestampMissing', { header: r.header })
		case 'timestampNotTime':
			return t('connector.refusal.timestampNotTime')
		case 'timestampOutsideWindow':
			return t('connector.refusal.timestampOutsideWindow', { count: r.minutes })
		case 'signatureMismatch':
			return t('connector.refusal.signatureMismatch')
		default:
			return (r as { code: string }).code
	}
}

/** "1 stored; ignored: an internal note" in the admin's language. */
export function sayDeliverySummary(locale: string, text: string): string {
	const t = fixedT(locale, 'integrations')
	const stored = decodeSummary(text)
	if (!stored.ok) return t('connector.recorded', { text: stored.recorded })
	const { stored: n, unmapped, ignored } = stored.value
	const parts = [
		n ? t('connector.summary.stored', { count: n }) : '',
		unmapped ? t('connector.summary.waiting', { count: unmapped }) : '',
		ignored ? t('connector.summary.ignored', { reason: ignoredWords(t, ignored) }) : '',
	].filter(Boolean)
	return parts.length ? parts.join(t('connector.summary.separator')) : t('connector.summary.nothing')
}

/** Why the last delivery was refused (or could not be read), in the admin's language. */
export function sayConnectorProblem(locale: string, text: string): string {
	const t = fixedT(locale, 'integrations')
	const stored = decodeProblem(text)
	if (!stored.ok) return t('connector.recorded', { text: stored.recorded })
	return stored.value.code === 'notJson' ? t('connector.refusal.notJson') : t('connector.refusal.refused', { reason: refusalWords(t, stored.value.refusal) })
}

/**
 * Jira Service Management through Jira's admin webhooks (Jira settings › System › WebHooks, with
 * a Secret; events Issue created, Issue updated, Comment created; a JQL filter such as
 * `project = SUP` keeps other projects out).
 *
 * Signature: with a secret set, Jira sends X-Hub-Signature `sha256=` + hex(HMAC-SHA256(secret,
 * raw body)) (the WebSub format Atlassian documents for admin webhooks); we generate the secret
 * and show it once. No signed header timestamp: replays are caught by digest and issue id.
 *
 * First response as JSM's "Time to first response" SLA starts and stops in its default
 * set-up: from the request's creation to the first comment shared with the customer
 * (`jsdPublic` true) by an agent (not a portal `customer` account, not the reporter). Internal
 * comments never stop it;
 * comments by apps and automation (accountType app) only when the admin counts bots.
 *
 * Approvals: the request entering a status named "Waiting for approval" (JSM's approval step in
 * its IT service templates) starts one; leaving it decides it — declined when the new status is
 * Declined / Rejected, approved otherwise. The project key is mapped to a team.
 */
import { asRecord, type Delivery, hmac, idText, isoTime, type MapOptions, type Mapped, prefixedHex, type Provider, sameBytes } from '../provider'

const APPROVAL_STATUS = /waiting for approval/i
const DECLINED_STATUS = /declin|reject/i

function verify({ headers, body }: Delivery, secrets: string[]) {
	const received = prefixedHex(headers.get('x-hub-signature'), 'sha256=')
	if (!received) return { ok: false as const, refusal: { code: 'signatureMissing' as const, header: 'X-Hub-Signature', format: 'sha256=<hex>' } }
	return secrets.some((s) => sameBytes(received, hmac('sha256', s, body))) ? { ok: true as const } : { ok: false as const, refusal: { code: 'signatureMismatch' as const } }
}

/** Jira's `timestamp` is epoch milliseconds. */
const msTime = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? new Date(value).toISOString() : undefined)

function map(payload: unknown, { includeBots }: MapOptions): Mapped {
	const p = asRecord(payload)
	const issue = asRecord(p.issue)
	const fields = asRecord(issue.fields)
	const issueId = idText(issue.id)
	if (!issueId) return { events: [], ignored: { code: 'notIssue' } }
	// Comment deliveries carry only a few of the issue's fields (no `created`, no reporter): the start comes from issue_created.
	const createdAt = isoTime(fields.created)
	const source = idText(asRecord(fields.project).key)
	const request = { providerId: issueId, type: 'customer_response' as const, source, startedAt: createdAt, channel: 'service_desk' }
	if (p.webhookEvent === 'jira:issue_created') return createdAt ? { events: [request] } : { events: [], ignored: { code: 'noCreationTime' } }
	if (p.webhookEvent === 'comment_created') {
		const comment = asRecord(p.comment)
		const author = asRecord(comment.author)
		const reporter = idText(asRecord(fields.reporter).accountId)
		if (comment.jsdPublic === false) return { events: [request], ignored: { code: 'internalComment' } }
		// Portal customers are `customer` accounts; the reporter, when the payload names one, is the customer too.
		if (author.accountType === 'customer' || (reporter && idText(author.accountId) === reporter)) return { events: [request], ignored: { code: 'customerComment' } }
		if (author.accountType === 'app' && !includeBots) return { events: [request], ignored: { code: 'automationComment' } }
		return { events: [{ ...request, endedAt: isoTime(comment.created) }] }
	}
	if (p.webhookEvent === 'jira:issue_updated') {
		const at = msTime(p.timestamp) ?? isoTime(fields.updated)
		const items = asRecord(p.changelog).items
		const change = (Array.isArray(items) ? items : []).map(asRecord).find((i) => i.field === 'status')
		if (!change || !at) return { events: [], ignored: { code: 'noStatusChange' } }
		const approval = { providerId: issueId, type: 'approval' as const, source, channel: 'service_desk' }
		if (APPROVAL_STATUS.test(String(change.toString))) return { events: [{ ...approval, startedAt: at }] }
		if (APPROVAL_STATUS.test(String(change.fromString)))
			return { events: [{ ...approval, endedAt: at, outcome: DECLINED_STATUS.test(String(change.toString)) ? 'rejected' : 'approved' }] }
		return { events: [], ignored: { code: 'notApproval' } }
	}
	return { events: [], ignored: { code: 'eventNotUsed', event: String(p.webhookEvent).slice(0, 80) } }
}

export const jira: Provider = {
	id: 'jira',
	label: 'Jira Service Management',
	secretFrom: 'generated',
	verify,
	map,
	sign(body, secret) {
		return { 'X-Hub-Signature': `sha256=${hmac('sha256', secret, body).toString('hex')}` }
	},
}

/**
 * GitHub webhooks (repository or organisation Settings › Webhooks, content type application/json,
 * events "Pull requests" and "Pull request reviews").
 *
 * Signature: X-Hub-Signature-256 is `sha256=` + hex(HMAC-SHA256(secret, raw body)), as GitHub's
 * "Validating webhook deliveries" describes; we generate the secret and show it once. GitHub sends
 * no signed timestamp: a redelivery (same X-GitHub-Delivery, same body) is caught by its digest
 * and by the pull request's id.
 *
 * Approval cycle time: a review requested on a pull request (pull_request / review_requested)
 * to its first approving review (pull_request_review / submitted, state approved), with the
 * number of reviewers requested as the approvals needed. Reviews by bots (user.type Bot) count
 * only when the admin counts bots. The repository (owner/name) is mapped to a team.
 */
import { asRecord, type Delivery, hmac, idText, isoTime, type MapOptions, type Mapped, type MappedEvent, prefixedHex, type Provider, sameBytes } from '../provider'

function verify({ headers, body }: Delivery, secrets: string[]) {
	const received = prefixedHex(headers.get('x-hub-signature-256'), 'sha256=')
	if (!received) return { ok: false as const, refusal: { code: 'signatureMissing' as const, header: 'X-Hub-Signature-256', format: 'sha256=<hex>' } }
	return secrets.some((s) => sameBytes(received, hmac('sha256', s, body))) ? { ok: true as const } : { ok: false as const, refusal: { code: 'signatureMismatch' as const } }
}

function map(payload: unknown, { includeBots, headers, now }: MapOptions): Mapped {
	const event = headers.get('x-github-event')
	if (event === 'ping') return { events: [], ignored: { code: 'ping' } }
	const p = asRecord(payload)
	const pr = asRecord(p.pull_request)
	const repository = asRecord(p.repository)
	const repo = typeof repository.full_name === 'string' ? repository.full_name.slice(0, 200) : null
	// The repository's id with the number: stable across a repository rename, unique within the organisation.
	const number = idText(pr.number)
	const repoId = idText(repository.id)
	if (!number || !repoId) return { events: [], ignored: { code: 'noPullRequest', event: String(event).slice(0, 40) } }
	const base: Pick<MappedEvent, 'providerId' | 'type' | 'source' | 'channel'> = { providerId: `${repoId}#${number}`, type: 'approval', source: repo, channel: 'pull_request' }
	if (event === 'pull_request' && p.action === 'review_requested') {
		const reviewers = (Array.isArray(pr.requested_reviewers) ? pr.requested_reviewers.length : 0) + (Array.isArray(pr.requested_teams) ? pr.requested_teams.length : 0)
		// The request's own time is not in the payload: the pull request's updated_at is set by it.
		const startedAt = isoTime(pr.updated_at) ?? new Date(now).toISOString()
		return { events: [{ ...base, startedAt, approvals: Math.max(1, reviewers) }] }
	}
	if (event === 'pull_request_review' && p.action === 'submitted') {
		const review = asRecord(p.review)
		if (String(review.state).toLowerCase() !== 'approved') return { events: [], ignored: { code: 'reviewNotApproval' } }
		if (asRecord(review.user).type === 'Bot' && !includeBots) return { events: [], ignored: { code: 'botApproval' } }
		const endedAt = isoTime(review.submitted_at)
		if (!endedAt) return { events: [], ignored: { code: 'reviewWithoutTime' } }
		return { events: [{ ...base, endedAt, outcome: 'approved', fallbackStart: isoTime(pr.created_at) }] }
	}
	return { events: [], ignored: { code: 'eventNotUsed', event: `${String(event).slice(0, 40)} ${String(p.action).slice(0, 40)}` } }
}

export const github: Provider = {
	id: 'github',
	label: 'GitHub',
	secretFrom: 'generated',
	verify,
	map,
	sign(body, secret) {
		return { 'X-Hub-Signature-256': `sha256=${hmac('sha256', secret, body).toString('hex')}`, 'X-GitHub-Event': 'pull_request' }
	},
}

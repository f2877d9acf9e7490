/**
 * GitHub end to end: the documented `pull_request` (review_requested) and `pull_request_review`
 * (submitted) deliveries, signed as GitHub signs them (X-Hub-Signature-256, HMAC-SHA256 of the raw
 * body), become one approval: review requested → first approving review, with the reviewers
 * requested as the approvals needed. The repository is what is mapped to a team.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'

import { createConnector, setMapping } from '~/connectors/connectors.server'
import { db } from '~/utils/db.server'
import { connectors } from '~db/schema'

import { asideEvents, counters, expectNothingStored, minutes, storedEvents, type Target } from '../../support/connector-checks'
import { sendHook } from '../../support/connectors'
import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam } from '../../support/fixtures'

useTestDatabase()

let target: Target
let platformTeam: string

const user = (login: string, type: 'User' | 'Bot' = 'User') => ({ login, id: login.length * 1000 + 7, node_id: 'MDQ6VXNlcjE=', type, site_admin: false })

/** GitHub's pull request object (docs.github.com › Webhook events and payloads › pull_request), trimmed to the fields it always has. */
function pullRequest(repo: string, number: number, createdAt: string, updatedAt: string, reviewers: string[]) {
	const [owner, name] = repo.split('/')
	return {
		pull_request: {
			url: `https://api.github.com/repos/${repo}/pulls/${number}`,
			id: 1_000_000 + number,
			number,
			state: 'open',
			title: 'Refund customers automatically under 50 EUR',
			body: 'As discussed with Jane Customer (jane@example.com)',
			user: user('octocat'),
			created_at: createdAt,
			updated_at: updatedAt,
			requested_reviewers: reviewers.map((r) => user(r)),
			requested_teams: [],
			draft: false,
		},
		repository: { id: repo.length * 7919, node_id: 'MDEwOlJlcG9zaXRvcnkx', name, full_name: repo, private: true, owner: user(owner!) },
		sender: user('octocat'),
	}
}

const reviewRequested = (repo: string, number: number, createdAt: string, requestedAt: string, reviewers: string[]) => ({
	action: 'review_requested',
	number,
	requested_reviewer: user(reviewers[0]!),
	...pullRequest(repo, number, createdAt, requestedAt, reviewers),
})

const reviewSubmitted = (repo: string, number: number, createdAt: string, at: string, state: 'approved' | 'commented' | 'changes_requested', by = user('hubot')) => ({
	action: 'submitted',
	review: {
		id: Date.parse(at) / 1000,
		node_id: 'PRR_kw',
		user: by,
		body: 'LGTM',
		commit_id: 'ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091',
		submitted_at: at,
		state,
		author_association: 'MEMBER',
	},
	...pullRequest(repo, number, createdAt, at, []),
})

const asEvent = (name: string) => ({ headers: { 'X-GitHub-Event': name, 'X-GitHub-Delivery': crypto.randomUUID() } })

beforeAll(async () => {
	const org = await makeOrg()
	platformTeam = await makeTeam(org.id, 'Platform')
	const created = await createConnector(org.id, { provider: 'github', name: 'Code review' })
	if (!created.ok || !created.value.secret) throw new Error('connector not created')
	target = { orgSlug: org.slug, connectorId: created.value.id, secret: created.value.secret, orgId: org.id }
	expect((await setMapping(org.id, target.connectorId, 'northwind/refunds', platformTeam)).ok).toBe(true)
})

describe('GitHub connector', () => {
	test('the secret is generated, shown once, and stored encrypted', async () => {
		expect(target.secret).toMatch(/^whsec_/)
		const [row] = await db().select().from(connectors).where(eq(connectors.id, target.connectorId))
		expect(JSON.stringify(row)).not.toContain(target.secret)
	})

	test('review requested → a comment, then the first approval: one approval event, cycle time in minutes, reviewers needed', async () => {
		const repo = 'northwind/refunds'
		const created = '2026-11-30T08:00:00Z'
		expect(await sendHook('github', target, reviewRequested(repo, 17, created, '2026-11-30T09:00:00Z', ['hubot', 'monalisa']), asEvent('pull_request'))).toMatchObject({
			status: 200,
			data: { stored: 1 },
		})
		// A comment or changes requested is not an approval; a bot's approval is not counted by default.
		await sendHook('github', target, reviewSubmitted(repo, 17, created, '2026-11-30T09:30:00Z', 'commented'), asEvent('pull_request_review'))
		await sendHook('github', target, reviewSubmitted(repo, 17, created, '2026-11-30T09:40:00Z', 'changes_requested'), asEvent('pull_request_review'))
		await sendHook('github', target, reviewSubmitted(repo, 17, created, '2026-11-30T09:50:00Z', 'approved', user('dependabot[bot]', 'Bot')), asEvent('pull_request_review'))
		expect((await storedEvents(target.orgId))[0]).toMatchObject({ type: 'approval', endedAt: null, approvals: 2 })
		await sendHook('github', target, reviewSubmitted(repo, 17, created, '2026-11-30T11:15:00Z', 'approved'), asEvent('pull_request_review'))
		await sendHook('github', target, reviewSubmitted(repo, 17, created, '2026-11-30T12:00:00Z', 'approved', user('monalisa')), asEvent('pull_request_review'))
		const rows = await storedEvents(target.orgId)
		expect(rows).toHaveLength(1)
		expect(rows[0]).toMatchObject({ teamId: platformTeam, outcome: 'approved', approvals: 2 })
		expect(minutes(rows[0]!)).toBe(135)
		expect(JSON.stringify(rows)).not.toMatch(/Jane|jane@example.com|Refund customers|octocat/)
	})

	test('a ping is answered and stores nothing', async () => {
		const answer = await expectNothingStored(target.orgId, () => sendHook('github', target, { zen: 'Keep it logically awesome.', hook_id: 1 }, asEvent('ping')), 200)
		expect(answer.data).toMatchObject({ note: 'ping' })
	})

	test('bad or missing X-Hub-Signature-256, or only the old SHA-1 header: 401 before parsing', async () => {
		const before = await counters(target)
		const payload = reviewRequested('northwind/refunds', 18, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z', ['hubot'])
		await expectNothingStored(target.orgId, () => sendHook('github', target, payload, { secret: 'whsec_someone-elses-secret' }), 401)
		await expectNothingStored(target.orgId, () => sendHook('github', target, payload, { headers: { 'X-Hub-Signature-256': '' } }), 401)
		await expectNothingStored(target.orgId, () => sendHook('github', target, payload, { tamper: (b) => b.replace('"number":18', '"number":19') }), 401)
		await expectNothingStored(target.orgId, () => sendHook('github', target, null, { raw: 'payload=%7B%7D', headers: { 'X-Hub-Signature-256': 'sha256=00' } }), 401)
		expect((await counters(target)).rejected - before.rejected).toBe(4)
	})

	test('a redelivery (GitHub’s “Redeliver”: same body) stores nothing twice', async () => {
		const payload = reviewRequested('northwind/refunds', 20, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z', ['hubot'])
		const body = JSON.stringify(payload)
		expect(await sendHook('github', target, payload, { raw: body, ...asEvent('pull_request') })).toMatchObject({ status: 200, data: { stored: 1 } })
		const again = await expectNothingStored(target.orgId, () => sendHook('github', target, payload, { raw: body, ...asEvent('pull_request') }), 200)
		expect(again.data).toEqual({ ignored: 'This delivery was already received.' })
	})

	test('a repository with no team is kept aside and counted as unmapped', async () => {
		const before = await counters(target)
		await sendHook('github', target, reviewRequested('northwind/website', 3, '2026-11-30T08:00:00Z', '2026-11-30T08:30:00Z', ['hubot']), asEvent('pull_request'))
		expect((await asideEvents(target.orgId)).map((a) => a.source)).toEqual(['northwind/website'])
		expect((await counters(target)).unmapped - before.unmapped).toBe(1)
	})
})

/**
 * Who Slack or Teams reaches, at a size where the list no longer fits a page: the admin page
 * counts in the database and lists the first names only; everyone not matched is a CSV in the
 * people import's columns. Only the organisation's own active people, only for a chat it connected.
 */
import { describe, expect, test } from 'vitest'

import { chatMatchStatus, UNMATCHED_SHOWN, unmatchedPeopleCsv } from '~/channels/matching.server'
import { loader as channelsLoader } from '~/routes/admin+/channels'
import { loader as unmatchedLoader } from '~/routes/admin+/channels.$provider.unmatched'
import { db } from '~/utils/db.server'
import { chatIdentities, chatInstallations } from '~db/schema'

import { useTestDatabase } from '../../support/db'
import { makeOrg, makeTeam, makeUser, sessionCookieFor } from '../../support/fixtures'
import { call, getRequest } from '../../support/requests'

useTestDatabase()

async function connectedOrg(people: number, matchedEvery: number) {
	const org = await makeOrg()
	const teamId = await makeTeam(org.id, 'Care/Returns')
	const admin = await makeUser(org.id, { role: 'admin', email: `admin-${org.slug}@example.com`, name: 'Zz Admin' })
	const made = []
	for (let i = 0; i < people; i++) {
		made.push(
			await makeUser(org.id, {
				email: `p${String(i).padStart(3, '0')}@${org.slug}.example`,
				name: `Person ${String(people - i).padStart(3, '0')}`,
				teamId,
				password: null,
			}),
		)
	}
	const gone = await makeUser(org.id, { email: `left@${org.slug}.example`, name: 'Aa Left', active: false, password: null })
	await db()
		.insert(chatInstallations)
		.values({ orgId: org.id, provider: 'slack', workspaceId: `T-${org.slug}`, workspaceName: 'Northwind', botTokenEncrypted: 'x' })
	const matched = made.filter((_, i) => i % matchedEvery === 0)
	await db()
		.insert(chatIdentities)
		.values(matched.map((p, i) => ({ orgId: org.id, userId: p.id, provider: 'slack' as const, externalUserId: `U${i}` })))
	return { org, admin, made, matched, gone }
}

describe('who a chat reaches', () => {
	test('counts everyone, lists the first by name, and the CSV holds every one not matched with their team', async () => {
		const { org, admin, made, matched, gone } = await connectedOrg(2 * UNMATCHED_SHOWN, 4)
		const other = await connectedOrg(3, 2)
		const status = await chatMatchStatus(org.id, 'slack')
		const notMatched = [admin, ...made].filter((p) => !matched.includes(p))
		expect(status.matched).toBe(matched.length)
		expect(status.unmatchedCount).toBe(notMatched.length)
		expect(status.unmatched).toHaveLength(UNMATCHED_SHOWN)
		const byName = [...notMatched].sort((a, b) => a.name.localeCompare(b.name)).slice(0, UNMATCHED_SHOWN)
		expect(status.unmatched.map((p) => p.email)).toEqual(byName.map((p) => p.email))

		const csv = (await unmatchedPeopleCsv(org.id, 'slack'))!
		const lines = csv.trim().split('\r\n')
		expect(lines[0]).toBe('email,name,team')
		expect(lines.slice(1).sort()).toEqual(notMatched.map((p) => `${p.email},${p.name},${p === admin ? '' : 'Care/Returns'}`).sort())
		expect(csv).not.toContain(gone.email)
		for (const p of other.made) expect(csv).not.toContain(p.email)
		// Teams is not connected: no list, no file.
		expect(await unmatchedPeopleCsv(org.id, 'teams')).toBeNull()
	})

	test('the admin page carries the counts and the first names; the download answers the file, 404 for a chat not connected or not a chat', async () => {
		const { org, admin, made, matched } = await connectedOrg(2 * UNMATCHED_SHOWN, 3)
		const cookie = await sessionCookieFor(admin)
		const page = await call(channelsLoader, getRequest('/admin/channels', cookie))
		expect(page.status).toBe(200)
		expect(page.data.slack).toMatchObject({ matched: matched.length, unmatchedCount: made.length + 1 - matched.length })
		expect(page.data.slack.unmatched).toHaveLength(UNMATCHED_SHOWN)

		const file = await call(unmatchedLoader, getRequest('/admin/channels/slack/unmatched', cookie), { provider: 'slack' })
		expect(file.status).toBe(200)
		expect(file.headers.get('Content-Disposition')).toBe(`attachment; filename="${org.slug}-not-in-slack.csv"`)
		expect(String(file.data).trim().split('\r\n')).toHaveLength(1 + made.length + 1 - matched.length)
		expect((await call(unmatchedLoader, getRequest('/admin/channels/teams/unmatched', cookie), { provider: 'teams' })).status).toBe(404)
		expect((await call(unmatchedLoader, getRequest('/admin/channels/irc/unmatched', cookie), { provider: 'irc' })).status).toBe(404)
	})

	test('only an admin gets the file', async () => {
		const { made } = await connectedOrg(2, 2)
		const cookie = await sessionCookieFor(made[1]!)
		const answer = await call(unmatchedLoader, getRequest('/admin/channels/slack/unmatched', cookie), { provider: 'slack' })
		expect(answer.status).toBe(403)
		expect(String(answer.data)).not.toContain('@')
	})
})

/**
 * Asking for a reply key on the pulse page: the answer comes back on the same response (no
 * redirect, so the key is in no address and no log), the page shows it once, and nothing is
 * minted without a comment or without the box ticked.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'

import * as pulsePage from '~/routes/_pulse+/pulses.$waveId'
import { db } from '~/utils/db.server'
import { hashSecret } from '~/utils/token.server'
import { resultRows } from '~db/client'

import { useTestDatabase } from '../../support/db'
import { sessionCookieFor } from '../../support/fixtures'
import { makePulseOrg } from '../../support/pulses'
import { renderPage } from '../../support/render'
import { call, postRequest } from '../../support/requests'

useTestDatabase()

const FORM = { 'item-0': '4', 'item-1': '1', 'item-2': '8' }

describe('the reply key on the pulse page', () => {
	test('ticked with a comment: the thank-you is the response itself and shows the key, whose hash alone is stored with the comment', async () => {
		const o = await makePulseOrg({ teams: { T: [['frontline', 5]] } })
		const { openWaveNow } = await import('~/pulses/waves.server')
		await openWaveNow(o.orgId, o.surveyId)
		const [wave] = resultRows<{ id: string }>(await db().execute(sql`select id::text as id from waves where org_id = ${o.orgId}`))
		const [first, second, third] = o.people
		const post = async (person: { id: string }, form: Record<string, string>) =>
			call(pulsePage.action, postRequest(`/pulses/${wave!.id}`, form, await sessionCookieFor({ orgId: o.orgId, id: person.id })), { waveId: wave!.id })

		const withKey = await post(first!, { ...FORM, 'item-3': 'Sign-offs slow us down.', replies: 'on' })
		expect(withKey.status).toBe(200)
		expect(withKey.location).toBeNull()
		const key = withKey.data.replyKey as string
		expect(key).toMatch(/^r_[0-9a-f-]{36}\.[a-z2-9]{32}$/)
		const held = resultRows<{ comment: string | null; hash: string | null }>(
			await db().execute(sql`select comment, reply_key_hash as hash from held_responses where org_id = ${o.orgId}`),
		)
		expect(held).toEqual([{ comment: 'Sign-offs slow us down.', hash: hashSecret(key) }])
		const { PulseScreen } = await import('~/components/pulse-page')
		const { createElement } = await import('react')
		const pulse = { surveyName: 'Pulse', orgName: 'Org', anonymityK: 5 }
		const thanks = await renderPage(() => createElement(PulseScreen, { state: 'submitted', pulse, errors: {}, values: {}, replyKey: key }), '/pulses/x', null)
		expect(thanks).toContain('Your reply key')
		// Before the browser takes over (or without JavaScript) the key itself is on the page, to copy.
		expect(thanks).toContain(key)

		// Ticked without a comment, or a comment without the box: no key, the usual redirect.
		const noComment = await post(second!, { ...FORM, replies: 'on' })
		expect(noComment.status).toBe(303)
		const noBox = await post(third!, { ...FORM, 'item-3': 'Just a note.' })
		expect(noBox.status).toBe(303)
		const hashes = resultRows<{ n: number }>(await db().execute(sql`select count(*)::int as n from held_responses where org_id = ${o.orgId} and reply_key_hash is not null`))
		expect(hashes[0]!.n).toBe(1)
	})
})

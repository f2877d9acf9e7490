/**
 * Every statement of app/ that reads or writes a tenant table names the organisation
 * (org_id = a value), so on Citus it runs on one shard; the statements that cannot — work found
 * across organisations by a background job, the sign-in before the organisation is known,
 * housekeeping — are listed here with their reason. A new unscoped statement fails this test:
 * scope it, or add it below and say why it must look at every organisation.
 */
import { describe, expect, test } from 'vitest'

import { COORDINATOR_LOCAL_TABLES, REFERENCE_TABLES } from '~db/citus'

import { schemaTables, unscopedQueries, unscopedQueriesOfApp } from '../support/tenant-queries'

const NOT_TENANT = [...REFERENCE_TABLES, ...COORDINATOR_LOCAL_TABLES]

/** `file:line table` → why it looks across organisations. Lines move: the file and table count. */
const ACROSS_ORGANISATIONS: Record<string, string> = {
	// Background jobs find which organisations have work with a read that locks nothing; the
	// claim or the work itself then names each organisation.
	'app/mail/deliver.server.ts mail_outbox': 'which organisations have mail due; the claims are per organisation',
	'app/reports/rollups.server.ts report_settings': 'which organisations wait for a culture recompute; the claim is per organisation',
	'app/reports/release.server.ts waves': 'which weeks of which organisations have settled; each is released on its own',
	'app/metrics/weekly.server.ts metric_dirty_ranges': 'which organisations have stale weeks; each is refreshed on its own',
	'app/digests/digest-jobs.server.ts released_weeks': 'which organisations released a week; digests go per organisation',
	'app/pulses/waves.server.ts waves': 'the scheduler: waves due a reminder, and closing the waves past their end',
	'app/surveys/surveys.server.ts surveys': 'the scheduler: the active surveys of every organisation',
	'app/replies/threads.server.ts comment_replies': 'the daily settling of authors’ answers, across organisations by design',
	'app/connectors/backfill.server.ts connector_backfills': 'which backfills are due; each is then claimed and run per organisation',
	// Housekeeping: expired rows of every organisation, once per run.
	'app/auth/sessions.server.ts sessions': 'deleting expired and idle sessions',
	'app/connectors/receive.server.ts connector_deliveries': 'forgetting old webhook deliveries',
	'app/identity/oidc.server.ts sso_logins': 'expired single sign-on attempts, and the state of a callback (the identity provider sends no organisation)',
	'app/identity/saml.server.ts saml_requests': 'expired SAML sign-in requests of every organisation',
	'app/identity/saml.server.ts saml_assertions_used': 'expired ids of used SAML assertions of every organisation',
	// Before the organisation is known.
	'app/auth/sign-in.server.ts users': 'signing in by address: the organisation is what is looked up',
	'app/audit/sign-in-audit.server.ts users': 'recording a failed sign-in for the organisations of an address',
	'app/auth/password-links.server.ts users': 'a reset request by address',
	'app/org/erasure.server.ts users': 'whether another organisation still has the address (the throttle keys are not per organisation)',
	'app/channels/slack/installations.server.ts chat_installations': 'Slack names its workspace, not our organisation',
	'app/channels/teams/installations.server.ts chat_installations': 'Teams names the bot’s app id and tenant, not our organisation (each is connected to one organisation only)',
	'app/connectors/receive.server.ts connectors': 'a webhook names the organisation by its slug',
	'app/identity/scim-tokens.server.ts scim_tokens': 'SCIM tokens keep the recognisable scim… prefix that secret scanners know',
	// Fragments, used inside statements that name the organisation.
	'app/reports/closed-weeks.server.ts released_weeks': 'a condition used inside queries scoped by org_id',
	'app/audit/audit.server.ts audit_events': 'a base query; every caller adds conditions(orgId, …)',
	'app/pulses/invitation-links.server.ts answered_invitations': 'whether the invitation of a query scoped by org_id was answered (joined on its org_id)',
}

describe('tenant queries name their organisation', () => {
	test('every unscoped statement of app/ is one of the known ones, with its reason', () => {
		const found = unscopedQueriesOfApp(NOT_TENANT)
		const unknown = found.filter((q) => !ACROSS_ORGANISATIONS[`${q.file} ${q.table}`]).map((q) => `${q.file}:${q.line} ${q.table}: ${q.text}`)
		expect(unknown).toEqual([])
		// And the list holds nothing that is scoped by now.
		const keys = new Set(found.map((q) => `${q.file} ${q.table}`))
		expect(Object.keys(ACROSS_ORGANISATIONS).filter((k) => !keys.has(k))).toEqual([])
	})

	test('the hot lookups by token and key are scoped: sessions, API keys, pulse links, password and unsubscribe links, reply keys', () => {
		const files = new Set(unscopedQueriesOfApp(NOT_TENANT).map((q) => `${q.file} ${q.table}`))
		for (const key of [
			'app/auth/sessions.server.ts users',
			'app/api/api-keys.server.ts api_keys',
			'app/pulses/invitation-links.server.ts invitation_tokens',
			'app/auth/password-links.server.ts password_tokens',
			'app/mail/preferences.server.ts mail_unsubscribe_tokens',
			'app/replies/threads.server.ts responses',
		])
			expect(files.has(key), key).toBe(false)
	})

	test('finds an unscoped statement, and accepts the scoped forms', () => {
		const tenant = new Map([...schemaTables()].filter(([, name]) => !(NOT_TENANT as readonly string[]).includes(name)))
		const check = (body: string) => unscopedQueries(`async function f(orgId: string, id: string) {\n${body}\n}`, 'x.ts', tenant).map((q) => q.table)
		// Unscoped: by id alone; a join condition between two tables' org_id is not a scope.
		expect(check('await db().select().from(users).where(eq(users.id, id))')).toEqual(['users'])
		expect(check('await db().select().from(sessions).innerJoin(users, eq(users.orgId, sessions.orgId)).where(eq(sessions.id, id))')).toEqual(['users', 'sessions'])
		expect(check('await db().execute(sql`select * from responses r join answers a on a.org_id = r.org_id where r.id = ${id}`)')).toEqual(['responses'])
		expect(check('await db().update(waves).set({ closedAt: new Date() }).where(isNull(waves.closedAt))')).toEqual(['waves'])
		// Scoped: directly, through a variable, through a helper given the organisation, in raw SQL.
		expect(check('await db().select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)))')).toEqual([])
		expect(check('const where = and(eq(users.orgId, orgId), eq(users.id, id))\nawait db().delete(users).where(where)')).toEqual([])
		expect(check('const c = [eq(users.orgId, orgId)]\nc.push(eq(users.id, id))\nawait db().select().from(users).where(and(...c))')).toEqual([])
		expect(check('await db().select().from(auditEvents).where(conditions(orgId, id))')).toEqual([])
		expect(check('await db().execute(sql`delete from answers where org_id = ${orgId} and response_id = ${id}`)')).toEqual([])
		// Global tables are not tenant tables.
		expect(check("await db().select().from(organizations).where(eq(organizations.slug, 'x'))")).toEqual([])
	})
})

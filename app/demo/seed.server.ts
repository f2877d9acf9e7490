/**
 * The demo organisation (slug `demo`): a retailer whose customer-facing teams are at
 * different points on the way to a real-time mindset.
 */
import { and, count, eq, sql } from 'drizzle-orm'

import { createOrganization, createTeamPath, createUser } from '~/demo/factories.server'
import { db } from '~/utils/db.server'
import { yieldToRequests } from '~/utils/yield-to-requests'
import { type Level, organizations, type Role, users } from '~db/schema'

import { seedDemoActions } from './actions.server'
import { seedDemoConnector } from './connector.server'
import { seedDemoHistory } from './history.server'

export const DEMO_SLUG = 'demo'

/** The sign-ins printed on the console; demo data only, never for a real organisation. */
export const DEMO_ACCOUNTS = [
	{ email: 'hr@demo.stateofnow.test', password: 'demo-admin-2026', role: 'admin', name: 'Hana Ruiz', team: 'People', level: 'manager' },
	{ email: 'ceo@demo.stateofnow.test', password: 'demo-exec-2026', role: 'executive', name: 'Elliot Chen', team: 'Leadership', level: 'leader' },
	{ email: 'care.lead@demo.stateofnow.test', password: 'demo-manager-2026', role: 'manager', name: 'Maya Okafor', team: 'Customer Care', level: 'manager' },
	{ email: 'sam@demo.stateofnow.test', password: 'demo-employee-2026', role: 'employee', name: 'Sam Lindqvist', team: 'Customer Care/Social', level: 'frontline' },
] as const satisfies readonly { email: string; password: string; role: Role; name: string; team: string; level: Level }[]

// Outside Customer Care the teams are big enough (19–20) that each has at least k answers in
// every week of the baseline and the latest weeks: the organisation's progress is measured on
// teams as clusters (METHOD §5), and a team hidden in any of those weeks merges into its parent.
// Customer Care keeps its sizes (9, 10, 8; the pulse tests number its people by team); its
// small teams fall back to the division as one cluster in the weeks one of them is hidden.
const TEAMS: { path: string; size: number; lead: string | null }[] = [
	{ path: 'Customer Care/Social', size: 9, lead: 'Priya Natarajan' },
	{ path: 'Customer Care/Email & Chat', size: 10, lead: 'Tomás Ferreira' },
	{ path: 'Customer Care/Phone', size: 8, lead: 'Grace Mwangi' },
	{ path: 'Marketing/Social Media', size: 20, lead: 'Jonas Weber' },
	{ path: 'Marketing/Brand', size: 19, lead: 'Aiko Tanaka' },
	{ path: 'Operations/Returns', size: 20, lead: 'Liam O’Brien' },
	{ path: 'Operations/Logistics', size: 20, lead: 'Fatima Zahra' },
	{ path: 'Stores/North', size: 20, lead: 'Noah Kowalski' },
	{ path: 'Stores/South', size: 20, lead: 'Chloé Martin' },
	// HR (Hana, a demo sign-in, leads it): five invited, so the executive alone in Leadership
	// is protected by hiding People beside it rather than a whole division.
	{ path: 'People', size: 4, lead: null },
]

const FIRST = [
	'Alex',
	'Bea',
	'Carlos',
	'Dana',
	'Emil',
	'Farah',
	'Gus',
	'Hiro',
	'Ines',
	'Jae',
	'Kofi',
	'Lena',
	'Mateo',
	'Nina',
	'Omar',
	'Pia',
	'Quinn',
	'Rosa',
	'Sven',
	'Tara',
	'Umar',
	'Vera',
	'Wes',
	'Yara',
	'Zoe',
]
const LAST = [
	'Adams',
	'Brandt',
	'Costa',
	'Dubois',
	'Eriksen',
	'Fischer',
	'Garcia',
	'Haddad',
	'Ivanova',
	'Jensen',
	'Khan',
	'Larsen',
	'Moreau',
	'Nakamura',
	'Oliveira',
	'Petrov',
	'Rossi',
	'Silva',
	'Torres',
	'Varga',
]

export async function demoExists() {
	const [row] = await db().select({ n: count() }).from(organizations).where(eq(organizations.slug, DEMO_SLUG))
	return row!.n > 0
}

export async function databaseIsEmpty() {
	const [row] = await db().select({ n: count() }).from(organizations)
	return row!.n === 0
}

export async function seedDemo() {
	const org = await db().transaction(async (tx) => {
		const org = await createOrganization(tx, { slug: DEMO_SLUG, name: 'Northwind Retail (demo)', timeZone: 'Europe/London' })
		const ids = new Map<string, string>()
		const team = async (path: string) => {
			if (!ids.has(path)) ids.set(path, await createTeamPath(tx, org.id, path))
			return ids.get(path)!
		}
		const accounts = new Map<string, string>()
		for (const a of DEMO_ACCOUNTS) {
			const u = await createUser(tx, org.id, { email: a.email, name: a.name, role: a.role, level: a.level, password: a.password, teamId: await team(a.team) })
			accounts.set(a.email, u.id)
		}
		const ceo = accounts.get('ceo@demo.stateofnow.test')!
		const careLead = accounts.get('care.lead@demo.stateofnow.test')!
		const createLead = (name: string, teamId: string, managerId: string) => {
			const slug = name
				.toLowerCase()
				.normalize('NFD')
				.replace(/[^a-z ]/g, '')
				.replace(/ /g, '.')
			return createUser(tx, org.id, { email: `${slug}@demo.stateofnow.test`, name, role: 'manager', level: 'manager', teamId, managerId })
		}
		let n = 0
		for (const t of TEAMS) {
			const teamId = await team(t.path)
			const division = t.path.split('/')[0]!
			const leadManager = division === 'Customer Care' ? careLead : ceo
			const lead = t.lead ? await createLead(t.lead, teamId, leadManager) : { id: accounts.get('hr@demo.stateofnow.test')! }
			if (t.path === 'Customer Care/Social') {
				// Sam (a demo sign-in) reports to the Social lead like the rest of the team.
				await tx
					.update(users)
					.set({ managerId: lead.id })
					.where(and(eq(users.orgId, org.id), eq(users.id, accounts.get('sam@demo.stateofnow.test')!)))
			}
			for (let i = 0; i < t.size; i++, n++) {
				const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`
				const email = `${name.toLowerCase().replace(/ /g, '.')}.${n}@demo.stateofnow.test`
				// People in several languages, as in any organisation across borders: every fifth reads German, every seventh French, every eleventh Spanish.
				const locale = n % 5 === 1 ? 'de' : n % 7 === 3 ? 'fr' : n % 11 === 5 ? 'es' : null
				await createUser(tx, org.id, { email, name, role: 'employee', level: 'frontline', teamId, managerId: lead.id, locale })
			}
		}
		return org
	})
	// After the commit: the history reuses app functions that run their own transactions on the
	// process's handle (on PGlite, a second transaction inside this one would wait forever).
	await yieldToRequests()
	await seedDemoHistory(org.id)
	await yieldToRequests()
	await seedDemoActions(org.id)
	await yieldToRequests()
	await seedDemoConnector(org.id)
	await yieldToRequests()
	// The made-up history is not news: its weeks' digests count as sent (finished: a run without
	// an end is one still under way, which the digest job would take up), so a fresh start does not
	// mail every manager and employee about last week (the digests of weeks released from now on go out).
	await db().execute(sql`
		insert into digest_runs (org_id, week, job, finished_at)
		select r.org_id, r.week, j.job, ${new Date().toISOString()}::timestamptz from released_weeks r cross join (values ('release'), ('results')) as j(job)
		where r.org_id = ${org.id}
		on conflict do nothing`)
	return org
}

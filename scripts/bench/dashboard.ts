/**
 * `npm run bench:dashboard` (needs DATABASE_URL): builds a large organisation on a scratch
 * PostgreSQL database — by default 20,000 people in 200 teams, two years of weekly pulses of 6
 * items at 65% participation (about 1.35M responses, 8M answers) and a year of response-time
 * events — then loads the executive dashboard and the reports API repeatedly over HTTP (p50/p95)
 * and, in the same run, times the plain SQL aggregate over the raw tables for the same figures.
 * Flags: --people N --teams N --weeks N --events N --requests N; --keep leaves the scratch
 * database in place and prints its name, --reuse NAME measures again on such a database
 * without building it (for profiling; the figures of record come from a fresh build).
 */
import { sql } from 'drizzle-orm'

import { createApiKey } from '../../app/api/api-keys.server'
import { createOrganization, createUser } from '../../app/demo/factories.server'
import { refreshWeekly } from '../../app/metrics/weekly.server'
import { releaseDueWeeks } from '../../app/reports/release.server'
import { listItems } from '../../app/surveys/items.server'
import { saveSurvey, setSurveyStatus } from '../../app/surveys/surveys.server'
import { installDatabase } from '../../app/utils/db.server'
import { openDatabase, resultRows } from '../../db/client'
import { countFlag, httpRequest, percentile, requireDatabaseUrl, scratchDatabase, startApp, writeReport } from './support'

const PEOPLE = countFlag('people', 20_000)
const TEAMS = countFlag('teams', 200)
const WEEKS = countFlag('weeks', 104)
const EVENTS = countFlag('events', 500_000)
const REQUESTS = countFlag('requests', 40)
const log = (m: string) => console.log(`[bench] ${m}`)
const time = async <T>(label: string, f: () => Promise<T>) => {
	const t = performance.now()
	const r = await f()
	log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`)
	return r
}

const flag = (name: string) => process.argv.includes(`--${name}`)
const reuse = flag('reuse') ? process.argv[process.argv.indexOf('--reuse') + 1]! : null
const scratch = await scratchDatabase(requireDatabaseUrl(), 'son_bench_dashboard', reuse)
const handle = openDatabase({ url: scratch.url, max: 4 })
installDatabase(handle)
try {
	await handle.migrate()
	const db = handle.db
	const built = reuse ? await reusedOrganization() : await buildOrganization()
	const { org, exec, lastMonday, counts } = built
	const to = lastMonday.toISOString().slice(0, 10)
	const from = new Date(lastMonday.getTime() - 25 * 7 * 86_400_000).toISOString().slice(0, 10)
	// The plain aggregate: the dashboard's weekly dimension scores straight from the raw tables.
	const plain: number[] = []
	for (let i = 0; i < 3; i++) {
		const t = performance.now()
		await db.execute(sql`
			select date_trunc('week', w.opens_at) as week, r.team_id, wi.dimension, avg(case when wi.reverse then (5 - a.value) * 25 else (a.value - 1) * 25 end), count(distinct r.id)
			from answers a join responses r on r.org_id = a.org_id and r.id = a.response_id
			join waves w on w.org_id = r.org_id and w.id = r.wave_id
			join wave_items wi on wi.org_id = a.org_id and wi.wave_id = a.wave_id and wi.position = a.position
			where a.org_id = ${org.id} and wi.kind = 'likert' and w.opens_at >= ${from}::date and w.opens_at < (${to}::date + 7)
			group by 1, 2, 3`)
		plain.push(performance.now() - t)
	}

	const app = await startApp(scratch.url)
	const serverStartRssMb = app.peakRssMb()
	const login = await httpRequest(`${app.url}/login`, {
		method: 'POST',
		headers: { Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: exec.email, password: 'bench-password-1' }).toString(),
	})
	const cookie = String(login.headers['set-cookie']).split(';')[0]!
	const key = await createApiKey(org.id, 'bench')
	if (!key.ok) throw new Error('key')
	const measure = async (label: string, url: string, headers: Record<string, string>) => {
		const times: number[] = []
		for (let i = 0; i < REQUESTS + 3; i++) {
			const t = performance.now()
			const r = await httpRequest(url, { headers })
			if (r.status !== 200) throw new Error(`${label} answered ${r.status}`)
			if (i >= 3) times.push(performance.now() - t)
		}
		return { p50: +percentile(times, 50).toFixed(1), p95: +percentile(times, 95).toFixed(1), first: undefined as number | undefined }
	}
	const t0 = performance.now()
	const firstDashboard = await httpRequest(`${app.url}/dashboard?from=${from}&to=${to}`, { headers: { Cookie: cookie } })
	const firstMs = performance.now() - t0
	if (firstDashboard.status !== 200) throw new Error(`dashboard answered ${firstDashboard.status}`)
	const dashboard = await measure('dashboard', `${app.url}/dashboard?from=${from}&to=${to}`, { Cookie: cookie })
	const reports = await measure('reports API', `${app.url}/api/v1/reports/mindset?from=${from}&to=${to}`, { Authorization: `Bearer ${key.value.key}` })
	// The same page filtered: one division with its teams, and managers only (the level cube).
	const oneDivision = await measure('dashboard, one division', `${app.url}/dashboard?from=${from}&to=${to}&team=${encodeURIComponent('Division 1')}`, { Cookie: cookie })
	const managersOnly = await measure('dashboard, managers only', `${app.url}/dashboard?from=${from}&to=${to}&level=manager`, { Cookie: cookie })
	const serverPeakRssMb = app.peakRssMb()
	await app.stop()

	const plainMs = percentile(plain, 50)
	const report = {
		people: PEOPLE,
		teams: TEAMS,
		weeks: WEEKS,
		responses: counts!.responses,
		answers: counts!.answers,
		events: EVENTS,
		window: { from, to },
		dashboard: { ...dashboard, firstMs: +firstMs.toFixed(1) },
		reportsApi: reports,
		dashboardOneDivision: oneDivision,
		dashboardManagersOnly: managersOnly,
		serverStartRssMb,
		serverPeakRssMb,
		plainAggregateMs: +plainMs.toFixed(1),
		ratioP95ToPlain: +(Math.max(dashboard.p95, reports.p95, oneDivision.p95, managersOnly.p95) / plainMs).toFixed(3),
		targets: { p95Ms: 150, ratio: 0.2 },
	}
	const file = writeReport('dashboard', report)
	console.log(JSON.stringify(report, null, 2))
	console.log(`written to ${file}`)
} finally {
	await handle.close()
	if (flag('keep') || reuse) console.log(`kept the database ${scratch.name} (drop it when done)`)
	else await scratch.drop()
}

async function reusedOrganization() {
	const db = handle.db
	const [row] = resultRows<{ id: string; exec_email: string; responses: number; answers: number; last: string }>(
		await db.execute(sql`select o.id::text as id, u.email as exec_email,
			(select count(*) from responses)::int as responses, (select count(*) from answers)::int as answers,
			(select max(opens_at) from waves)::text as last
			from organizations o join users u on u.org_id = o.id and u.role = 'executive' where o.slug = 'bench'`),
	)
	if (!row) throw new Error(`No bench organisation in ${scratch.name}.`)
	const lastMonday = new Date(row.last)
	return { org: { id: row.id }, exec: { email: row.exec_email }, lastMonday, counts: { responses: row.responses, answers: row.answers } }
}

async function buildOrganization() {
	const db = handle.db
	const org = await createOrganization(db, { slug: 'bench', name: 'Bench Corp', timeZone: 'UTC' })
	const divisions = Math.max(1, Math.round(TEAMS / 10))
	await time(`${TEAMS} teams, ${PEOPLE.toLocaleString('en')} people`, async () => {
		await db.execute(sql`insert into teams (org_id, name, path) select ${org.id}, 'Division ' || d, 'Division ' || d from generate_series(1, ${divisions}) d`)
		await db.execute(sql`
			insert into teams (org_id, name, path, parent_id)
			select ${org.id}, 'Team ' || t, 'Division ' || (1 + (t - 1) % ${divisions}) || '/Team ' || t, p.id
			from generate_series(1, ${TEAMS - divisions}) t join teams p on p.org_id = ${org.id} and p.path = 'Division ' || (1 + (t - 1) % ${divisions})`)
		await db.execute(sql`
			insert into users (org_id, email, name, team_id, level)
			select ${org.id}, 'p' || g || '@bench.example', 'Person ' || g,
				(select id from teams where org_id = ${org.id} and parent_id is not null order by path offset (g % ${TEAMS - divisions}) limit 1),
				(case when g % 12 = 0 then 'manager' else 'frontline' end)::level
			from generate_series(1, ${PEOPLE}) g`)
	})
	const exec = await createUser(db, org.id, { email: 'exec@bench.example', name: 'Exec', role: 'executive', password: 'bench-password-1' })
	const bank = await listItems(org.id)
	const keys = ['autonomy.resolve', 'approval.waits', 'speed.hours', 'voice.reaches', 'safety.mistake', 'enps.recommend']
	const saved = await saveSurvey(org.id, null, {
		name: 'Weekly pulse',
		itemIds: keys.map((k) => bank.find((b) => b.key === k)!.id),
		audience: 'everyone',
		teamIds: [],
		cadence: 'weekly',
		weekday: '1',
		sendTime: '09:00',
		openDays: '3',
		reminderDaysBeforeClose: '1',
		anonymityK: '5',
	})
	if (!saved.ok) throw new Error(JSON.stringify(saved.errors))
	await setSurveyStatus(org.id, saved.value.id, 'active')
	const lastMonday = new Date()
	lastMonday.setUTCHours(9, 0, 0, 0)
	lastMonday.setUTCDate(lastMonday.getUTCDate() - ((lastMonday.getUTCDay() + 6) % 7) - 7)
	const first = new Date(lastMonday.getTime() - (WEEKS - 1) * 7 * 86_400_000)
	await time(`${WEEKS} waves`, async () => {
		await db.execute(sql`
			insert into waves (org_id, survey_id, week, period_start, opens_at, closes_at, closed_at, anonymity_k)
			select ${org.id}, ${saved.value.id}, (${first.toISOString()}::timestamptz + (w * interval '7 days'))::date, to_char(${first.toISOString()}::timestamptz + (w * interval '7 days'), 'YYYY-MM-DD'),
				${first.toISOString()}::timestamptz + (w * interval '7 days'), ${first.toISOString()}::timestamptz + (w * interval '7 days') + interval '3 days',
				${first.toISOString()}::timestamptz + (w * interval '7 days') + interval '3 days', 5
			from generate_series(0, ${WEEKS - 1}) w`)
		await db.execute(sql`
			insert into wave_items (org_id, wave_id, position, item_id, dimension, kind, text, reverse, required)
			select w.org_id, w.id, si.position, i.id, i.dimension, i.kind, i.text, i.reverse, true
			from waves w join survey_items si on si.org_id = w.org_id and si.survey_id = w.survey_id join items i on i.org_id = si.org_id and i.id = si.item_id
			where w.org_id = ${org.id}`)
	})
	// Invitations first (who answered feeds participation and the k rule), then one response per
	// answered invitation, with the team and level of the invitation, as a submission stores it.
	await time('invitations (everyone, every week; 65% answered)', () =>
		db.execute(sql`
			insert into invitations (org_id, wave_id, user_id, team_id, level, answered)
			select ${org.id}, w.id, u.id, u.team_id, u.level, random() < 0.65
			from waves w cross join users u
			where w.org_id = ${org.id} and u.org_id = ${org.id} and u.role = 'employee'`),
	)
	// Bulk-loaded straight into responses (as data from before releases were kept); releasing the
	// weeks below moves them once more, shuffled, as it moves held answers.
	await time('responses (one per answered invitation)', () =>
		db.execute(sql`
			insert into responses (org_id, wave_id, team_id, level)
			select i.org_id, i.wave_id, i.team_id, i.level
			from invitations i
			where i.org_id = ${org.id} and i.answered`),
	)
	await time('answers (6 per response)', () =>
		db.execute(sql`
			insert into answers (org_id, response_id, position, wave_id, value)
			select r.org_id, r.id, p, r.wave_id,
				case when p = 5 then floor(random() * 11) else least(5, greatest(1, round(2.5 + random() * 2.5 + (extract(epoch from w.opens_at) - ${first.getTime() / 1000}) / (86400 * 7 * ${WEEKS}) * 1.0 - 0.5))) end
			from responses r join waves w on w.org_id = r.org_id and w.id = r.wave_id cross join generate_series(0, 5) p
			where r.org_id = ${org.id}`),
	)
	const [counts] = resultRows<{ responses: number; answers: number }>(
		await db.execute(sql`select (select count(*) from responses)::int as responses, (select count(*) from answers)::int as answers`),
	)
	log(`${counts!.responses.toLocaleString('en')} responses, ${counts!.answers.toLocaleString('en')} answers`)
	await time(
		'metric events (a year)',
		() =>
			db.execute(sql`
			insert into metric_events (org_id, external_id, type, team_id, started_at, ended_at)
			select ${org.id}, 'ev' || g, (case when g % 4 = 0 then 'approval' else 'customer_response' end)::event_type, t.id, s, s + (random() * random() * interval '8 hours')
			from generate_series(1, ${EVENTS}) g
			cross join lateral (select id from teams where org_id = ${org.id} and parent_id is not null order by path offset (g % ${TEAMS - divisions}) limit 1) t
			cross join lateral (select ${lastMonday.toISOString()}::timestamptz - random() * interval '364 days' + g * interval '0 seconds' as s) s`), // g: once per row, not once
	)
	await db.execute(sql`insert into metric_dirty_ranges (org_id, from_ts, to_ts) select ${org.id}, min(started_at), max(started_at) from metric_events`)
	await time('weekly metric refresh', () => refreshWeekly(org.id, 'UTC'))
	// Statistics first: planned on empty-table estimates, the rebuild walks 8M answers by index.
	await db.execute(sql`analyze`)
	await time(`release of ${WEEKS} weeks (answers shuffled, invitations rewritten, rollups, decisions)`, () => releaseDueWeeks())
	await db.execute(sql`analyze`)

	return { org, exec, lastMonday, counts }
}

/**
 * Six months of history for the demo organisation, so the culture dashboards have something
 * true-looking to find: a weekly pulse that has run for 26 weeks (ending last week, so the demo
 * always looks recent) and the operational events of the same weeks.
 *
 * The story: Customer Care/Social and Customer Care/Email & Chat are given decision rights and
 * gain autonomy steadily (approval friction falls with it); their first response time follows
 * about two weeks later. Operations/Returns stays stuck: little autonomy, approvals of about two
 * days, slow replies. Stores are middling; Marketing improves a little.
 *
 * Everything is stored the way the app stores it: waves with their items snapshot, one
 * invitation per active person, anonymous answers held as a submission holds them (team and
 * level at the time, no person, no date) and checked by the pulse form's own reader, each week
 * released as the scheduler releases it (answers shuffled into responses, rollups computed),
 * events through the metrics ingest and weekly figures through its refresh. Numbers come from
 * seeded generators, one per purpose, so the demo is the same on every machine and a change to
 * one part of the story does not reshuffle the others.
 */
import { randomUUID } from 'node:crypto'

import { and, eq, inArray } from 'drizzle-orm'
import { DateTime } from 'luxon'

import type { ValidEvent } from '~/metrics/event-schema.server'
import { upsertEvents } from '~/metrics/ingest.server'
import { refreshWeekly } from '~/metrics/weekly.server'
import { addDays } from '~/metrics/weeks'
import { readAnswers } from '~/pulses/answer-form'
import { releaseAndAnalyse } from '~/reports/after-release.server'
import { saveReportSettings } from '~/reports/save-settings.server'
import { DEFAULT_RTMI_TARGET } from '~/reports/settings.server'
import { DEFAULT_TARGETS, DEFAULT_WEIGHTS } from '~/reports/stats'
import { ensureQuestionBank } from '~/surveys/items.server'
import { openPeriodAt, type Period } from '~/surveys/schedule'
import { saveSurvey, scheduleOf } from '~/surveys/surveys.server'
import { db } from '~/utils/db.server'
import { mulberry32 } from '~/utils/seeded-random'
import { yieldToRequests } from '~/utils/yield-to-requests'
import { answeredInvitations, answers, heldResponses, invitations, items, type Level, organizations, responses, surveys, teams, users, waveItems, waves } from '~db/schema'

export const HISTORY_WEEKS = 26
export const DEMO_SURVEY_NAME = 'Weekly pulse'
export const DEMO_PULSE_ITEMS = ['autonomy.resolve', 'approval.waits', 'speed.hours', 'voice.reaches', 'safety.mistake', 'enps.recommend', 'comment.open'] as const

// ─── Seeded randomness ──────────────────────────────────────────────────────────────────────

/** mulberry32 on a string seed (utils/seeded-random.ts), with the draws the story needs. */
export function randomStream(seed: string) {
	const next = mulberry32(seed)
	return {
		next,
		int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
		normal: () => normalQuantile(0.0005 + 0.999 * next()),
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
		shuffle<T>(list: T[]): T[] {
			for (let i = list.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1))
				;[list[i], list[j]] = [list[j]!, list[i]!]
			}
			return list
		},
	}
}
type Random = ReturnType<typeof randomStream>

/** Inverse of the standard normal distribution (Abramowitz & Stegun 26.2.23, error < 5e-4). */
function normalQuantile(p: number): number {
	const q = p < 0.5 ? p : 1 - p
	const t = Math.sqrt(-2 * Math.log(q))
	const x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
	return p < 0.5 ? -x : x
}

/**
 * n standard-normal values, the midpoints of n equal slices of the distribution, in random
 * order. Teams answer in groups of five to ten: plain draws would let chance write its own
 * story in a small team's weekly mean; the midpoints are symmetric, so their mean is exactly 0
 * and the week's mean stays where the story puts it while each answer still varies.
 */
function stratifiedNormals(rnd: Random, n: number): number[] {
	return rnd.shuffle(Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n)))
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

// ─── The story ──────────────────────────────────────────────────────────────────────────────

type Theme = 'rising' | 'stuck' | 'middling' | 'marketing'

interface TeamStory {
	/** Mean answer (1–5) to autonomy.resolve at the start and at the end. */
	autonomy: readonly [number, number]
	/** The weeks (0 = oldest) over which autonomy moves from the first value to the second. */
	ramp: readonly [number, number]
	/** How much autonomy wanders week to week around its path (Likert points). */
	wobble: number
	/** Base of voice.reaches; it rises with autonomy. */
	voice: number
	/**
	 * Share of people answering at the start and at the end. [0, 0]: the team never answers. The
	 * executive, the Care lead above its three teams and HR (who run the pulse) are left out: a
	 * few answers alone are under k, and the release would have to hide whole teams or divisions
	 * beside them to keep them from being worked out by subtraction (METHOD §5), a different team
	 * in a different week, leaving the organisation's progress too few teams to be measured on.
	 */
	participation: readonly [number, number]
	/** Channels of the team's customer replies; none when it does not answer customers. */
	channels: readonly string[]
	/** Customer replies per week, lowest and highest. */
	replies: readonly [number, number]
	/** Multiplies the first-response time that autonomy implies (phones are picked up sooner). */
	replyFactor: number
	approvalsPerWeek: readonly [number, number]
	/** Multiplies the approval cycle time that autonomy implies. */
	approvalFactor: number
	theme: Theme
	/** Chance that a response carries a comment; 0 for one-person teams, which could not be anonymous. */
	commentRate: number
}

const story = (s: Partial<TeamStory> & Pick<TeamStory, 'autonomy' | 'theme'>): TeamStory => ({
	ramp: [0, HISTORY_WEEKS - 1],
	wobble: 0.2,
	voice: 2.9,
	participation: [0.64, 0.64],
	channels: [],
	replies: [0, 0],
	replyFactor: 1,
	approvalsPerWeek: [4, 8],
	approvalFactor: 1,
	commentRate: 0.05,
	...s,
})

const STORIES: Record<string, TeamStory> = {
	'Customer Care/Social': story({
		autonomy: [2.4, 4.0],
		ramp: [2, 22],
		voice: 2.7,
		participation: [0.66, 0.8],
		channels: ['twitter', 'facebook'],
		replies: [35, 55],
		approvalsPerWeek: [6, 12],
		theme: 'rising',
		commentRate: 0.08,
	}),
	'Customer Care/Email & Chat': story({
		autonomy: [2.5, 3.9],
		ramp: [4, 24],
		voice: 2.7,
		participation: [0.66, 0.76],
		channels: ['email', 'chat'],
		replies: [40, 60],
		replyFactor: 1.1,
		approvalsPerWeek: [6, 12],
		theme: 'rising',
		commentRate: 0.08,
	}),
	'Customer Care/Phone': story({ autonomy: [2.8, 3.1], participation: [0.66, 0.68], channels: ['phone'], replies: [30, 50], replyFactor: 0.55, theme: 'middling' }),
	'Customer Care': story({
		autonomy: [3.2, 3.7],
		ramp: [2, 22],
		voice: 3.3,
		participation: [0, 0],
		approvalsPerWeek: [1, 3],
		approvalFactor: 0.8,
		theme: 'rising',
		commentRate: 0,
	}),
	'Marketing/Social Media': story({
		autonomy: [2.9, 3.4],
		ramp: [6, 25],
		participation: [0.68, 0.72],
		channels: ['twitter', 'facebook'],
		replies: [20, 35],
		theme: 'marketing',
		commentRate: 0.06,
	}),
	'Marketing/Brand': story({
		autonomy: [3.0, 3.3],
		ramp: [8, 25],
		participation: [0.68, 0.7],
		approvalsPerWeek: [5, 10],
		approvalFactor: 1.3,
		theme: 'marketing',
		commentRate: 0.06,
	}),
	'Operations/Returns': story({
		autonomy: [2.0, 2.0],
		wobble: 0.05,
		voice: 2.2,
		participation: [0.7, 0.62],
		channels: ['email', 'phone'],
		replies: [25, 45],
		replyFactor: 1.6,
		approvalsPerWeek: [10, 16],
		approvalFactor: 1.2,
		theme: 'stuck',
		commentRate: 0.1,
	}),
	'Operations/Logistics': story({ autonomy: [2.9, 3.0], participation: [0.68, 0.68], approvalsPerWeek: [6, 10], theme: 'middling' }),
	'Stores/North': story({ autonomy: [3.0, 3.1], participation: [0.68, 0.7], channels: ['phone', 'email'], replies: [20, 30], theme: 'middling' }),
	'Stores/South': story({ autonomy: [2.8, 2.9], participation: [0.68, 0.68], channels: ['phone', 'email'], replies: [20, 30], theme: 'middling' }),
	People: story({ autonomy: [3.4, 3.5], voice: 3.4, participation: [0, 0], approvalsPerWeek: [2, 4], theme: 'middling', commentRate: 0 }),
	Leadership: story({ autonomy: [3.8, 3.9], voice: 3.8, participation: [0, 0], approvalsPerWeek: [2, 4], approvalFactor: 0.5, theme: 'middling', commentRate: 0 }),
}
// A team the seed grows later still gets a plain, unremarkable history.
const DEFAULT_STORY = story({ autonomy: [3.0, 3.0], theme: 'middling', commentRate: 0 })

/** Median first response (minutes) for a level of autonomy: 180 at 2.4, 35 at 4.0, log-linear. */
const replyMinutes = (autonomy: number) => 180 * (35 / 180) ** ((autonomy - 2.4) / 1.6)
/** Median approval cycle (hours) for a level of autonomy: 20 at 2.4, 3 at 4.0, log-linear. */
const approvalHours = (autonomy: number) => 20 * (3 / 20) ** ((autonomy - 2.4) / 1.6)
/** Perceived speed (speed.hours, 1–5) from the week's actual median reply time. */
const perceivedSpeed = (minutes: number) => 4.2 - (1.5 * Math.log(minutes / 35)) / Math.log(180 / 35)

/**
 * Autonomy of a team in weeks −2 … 25 (the two weeks before the history feed the lag of the
 * response times): its path plus a wander that carries over from week to week, so a good or a
 * bad week shows up in the response times two weeks later.
 */
function autonomyPath(path: string, s: TeamStory): number[] {
	const rnd = randomStream(`autonomy:${path}`)
	const [from, to] = s.autonomy
	const [a, b] = s.ramp
	let wander = 0
	const out: number[] = []
	for (let t = -2; t < HISTORY_WEEKS; t++) {
		wander = 0.3 * wander + 0.95 * s.wobble * rnd.normal()
		const progress = t <= a ? 0 : t >= b ? 1 : (t - a) / (b - a)
		out.push(clamp(from + (to - from) * progress + wander, 1.2, 4.8))
	}
	return out
}

// No names, no details that point at one person: what anyone in these teams might write.
const COMMENTS: Record<Theme, { early: string[]; late: string[] }> = {
	rising: {
		early: [
			'Every refund over £20 still needs a team leader to sign it off, so customers wait while we chase one.',
			'Half my day is waiting for approvals on replies I could have sent in five minutes.',
			'We see a complaint blowing up on social hours before anyone agrees what we are allowed to say.',
			'Please let us fix simple problems ourselves. The customer does not care who signed it off.',
			'The approval queue is the slowest part of our process by far.',
			'Customers ask the same question three times because we cannot answer it the first time.',
			'The scripts make us sound like robots, and customers notice.',
			'What happened to the ideas we sent up last month? We never heard back.',
		],
		late: [
			'Being able to sort out refunds myself has changed everything. Customers notice the difference.',
			'Replies go out in minutes now instead of waiting for a sign-off. Please keep it this way.',
			'It feels like we are trusted now. Mistakes get talked through instead of punished.',
			'The fortnightly session with leadership actually leads to changes. More of that, please.',
			'Would love the same freedom for exchanges, not just refunds.',
			'A few cases still need approval, but they come back the same day now.',
			'Good to see our feedback on the returns policy reached the top.',
			'We are quicker than ever, but Monday mornings are still heavy. One more person on the early shift would help.',
		],
	},
	stuck: {
		early: [
			'A simple exchange needs three sign-offs. Customers chase us for days.',
			'We cannot authorise anything over £10 without a manager, and the managers are never free.',
			'Approvals take two days on a good week.',
			'Nobody upstairs seems to read what we send them.',
			'Mistakes get pointed at, so everyone escalates everything just to be safe.',
			'Customers are angry by the time we reply, and honestly I cannot blame them.',
		],
		late: [
			'Same as every week: waiting on approvals.',
			'We keep hearing other teams got more freedom. When is it our turn?',
			'Answering these surveys feels pointless if nothing changes for us.',
			'The backlog keeps growing and approvals are still the bottleneck.',
			'Please look at the refund limits for returns too, not only for Customer Care.',
			'We want to help customers; we are just not allowed to.',
		],
	},
	middling: {
		early: [
			'Things are fine, but decisions still take longer than they should.',
			'Head office and the shop floor do not always tell each other what is going on.',
			'Good team and a supportive manager. The systems are slow.',
			'Some days we can decide on the spot, some days we cannot. It depends on who is in.',
			'Stock information would help us answer customers much faster.',
		],
		late: [
			'It would be good to hear back on the ideas we submit.',
			'Peak season is coming. More flexibility on staffing would help.',
			'Nice to see Customer Care getting more freedom. Could we get the same?',
			'A bit better than last quarter, but approvals for small things still take a day.',
			'We are being asked for our opinion more, which is appreciated.',
		],
	},
	marketing: {
		early: [
			'Sign-off for a reactive post takes so long that the moment has passed by the time it is approved.',
			'We would like a say in campaigns before they are finalised, not after.',
			'Too many people have to look at a simple reply to a comment.',
		],
		late: [
			'We have started replying to comments within the hour. It feels good.',
			'The new tone-of-voice guide gives us room to sound like people. Thank you.',
			'Still a lot of layers for anything that mentions prices.',
		],
	},
}

// ─── Seeding ────────────────────────────────────────────────────────────────────────────────

interface Person {
	id: string
	teamId: string | null
	level: Level
	path: string
}

interface WeekPlan {
	index: number
	/** The Monday (local date) the week starts on: the wave's period and the metrics' week. */
	monday: string
	period: Period
}

/**
 * Adds the history to a freshly seeded demo organisation. Runs after the seed's transaction has
 * committed and through the process's database handle, because the app functions it reuses
 * (survey builder, rollup rebuild, metrics ingest and refresh) open their own transactions on
 * that handle. If anything fails, the half-made organisation is removed, so the next start on
 * the still-empty database seeds again instead of serving a demo without history.
 */
export async function seedDemoHistory(orgId: string, now = new Date()) {
	try {
		await addHistory(orgId, now)
	} catch (error) {
		// Surveys first: their items are protected from deletion while a survey uses them. The
		// rest goes with the organisation; a metrics refresh marker left behind names an
		// organisation that no longer exists and is never picked up.
		// Answers have no key to their responses (docs/decisions/0027), nor responses and answered
		// rows to their waves (0038): they go by hand.
		await db().delete(answers).where(eq(answers.orgId, orgId))
		await db().delete(responses).where(eq(responses.orgId, orgId))
		await db().delete(answeredInvitations).where(eq(answeredInvitations.orgId, orgId))
		await db().delete(surveys).where(eq(surveys.orgId, orgId))
		await db().delete(organizations).where(eq(organizations.id, orgId))
		throw error
	}
}

async function addHistory(orgId: string, now: Date) {
	const [org] = await db().select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId))
	const timeZone = org!.timeZone

	// The survey, through the builder: the items from the bank, everyone, Monday 09:00 for 3 days.
	await ensureQuestionBank(orgId)
	const bank = await db()
		.select({ id: items.id, key: items.key })
		.from(items)
		.where(and(eq(items.orgId, orgId), inArray(items.key, [...DEMO_PULSE_ITEMS])))
	const idOf = new Map(bank.map((i) => [i.key, i.id]))
	const saved = await saveSurvey(orgId, null, {
		name: DEMO_SURVEY_NAME,
		itemIds: DEMO_PULSE_ITEMS.map((k) => idOf.get(k)),
		audience: 'everyone',
		cadence: 'weekly',
		weekday: 1,
		sendTime: '09:00',
		openDays: 3,
		reminderDaysBeforeClose: 1,
		anonymityK: 5,
	})
	if (!saved.ok) throw new Error(`The demo survey was refused: ${JSON.stringify(saved.errors)}`)
	const surveyId = saved.value.id

	// The weeks: 26 of them, the last one being last week.
	const lastMonday = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week').minus({ weeks: 1 })
	const firstMonday = lastMonday.minus({ weeks: HISTORY_WEEKS - 1 })
	// Activated the Friday before the first wave, as an HR team would.
	const activatedAt = firstMonday.minus({ days: 3 }).set({ hour: 15 }).toJSDate()
	const [survey] = await db()
		.update(surveys)
		.set({ status: 'active', activatedAt, createdAt: firstMonday.minus({ days: 10 }).toJSDate(), updatedAt: activatedAt })
		.where(and(eq(surveys.orgId, orgId), eq(surveys.id, surveyId)))
		.returning()
	const spec = scheduleOf(survey!, timeZone)
	const weeks: WeekPlan[] = []
	for (let i = 0; i < HISTORY_WEEKS; i++) {
		const monday = firstMonday.plus({ weeks: i })
		// The app's own schedule decides the window (daylight saving included): the period open at Monday noon.
		const period = openPeriodAt(spec, timeZone, monday.set({ hour: 12 }).toJSDate())
		if (!period) throw new Error(`No wave window in the week of ${monday.toISODate()}.`)
		weeks.push({ index: i, monday: monday.toISODate()!, period })
	}

	const people = (
		await db()
			.select({ id: users.id, teamId: users.teamId, level: users.level, path: teams.path })
			.from(users)
			.leftJoin(teams, and(eq(teams.orgId, users.orgId), eq(teams.id, users.teamId)))
			.where(and(eq(users.orgId, orgId), eq(users.active, true)))
			.orderBy(users.email)
	).map((p): Person => ({ id: p.id, teamId: p.teamId, level: p.level, path: p.path ?? '' }))
	const paths = [...new Set(people.map((p) => p.path))].sort()
	const storyOf = (path: string) => STORIES[path] ?? DEFAULT_STORY
	const autonomy = new Map(paths.map((path) => [path, autonomyPath(path, storyOf(path))]))
	/** Autonomy of a team in week t (t may be −1 or −2). */
	const autonomyAt = (path: string, t: number) => autonomy.get(path)![t + 2]!
	const replyMedian = new Map<string, number[]>()
	for (const path of paths) {
		const s = storyOf(path)
		const rnd = randomStream(`reply-median:${path}`)
		// Two weeks behind autonomy: decisions change first, the reply times follow.
		replyMedian.set(
			path,
			weeks.map((w) => s.replyFactor * replyMinutes(autonomyAt(path, w.index - 2)) * Math.exp(0.06 * rnd.normal())),
		)
	}

	await storeWaves(orgId, surveyId, weeks, people, { storyOf, autonomyAt, replyMedian })
	await yieldToRequests()
	// Every week of the history has closed: each is released as the scheduler would release it.
	await releaseAndAnalyse(now)
	await yieldToRequests()
	await storeEvents(orgId, timeZone, weeks, paths, people, now, { storyOf, autonomyAt, replyMedian })
	await yieldToRequests()
	await refreshWeekly(orgId, timeZone)
	await yieldToRequests()

	// The first four weeks as the baseline, so "progress since baseline" has a story to tell.
	const settings = await saveReportSettings(orgId, {
		weights: { ...DEFAULT_WEIGHTS },
		firstResponseMinutes: DEFAULT_TARGETS.firstResponseMinutes,
		approvalCycleHours: DEFAULT_TARGETS.approvalCycleHours,
		rtmi: DEFAULT_RTMI_TARGET,
		baselineFrom: weeks[0]!.monday,
		baselineTo: addDays(weeks[3]!.monday, 6),
		commentK: 10,
	})
	if (!settings.ok) throw new Error(`The demo report settings were refused: ${JSON.stringify(settings.errors)}`)
}

interface StoryLookups {
	storyOf: (path: string) => TeamStory
	autonomyAt: (path: string, t: number) => number
	replyMedian: Map<string, number[]>
}

async function storeWaves(orgId: string, surveyId: string, weeks: WeekPlan[], people: Person[], lookups: StoryLookups) {
	const { storyOf, autonomyAt, replyMedian } = lookups
	const picked = await db()
		.select({ item: items })
		.from(items)
		.where(and(eq(items.orgId, orgId), inArray(items.key, [...DEMO_PULSE_ITEMS])))
	const ordered = DEMO_PULSE_ITEMS.map((key) => picked.find((p) => p.item.key === key)!.item)

	const participation = randomStream('participation')
	const propensity = new Map(people.map((p) => [p.id, (participation.next() - 0.5) * 0.4]))
	const commentQueues = new Map<string, string[]>()
	const commentQueue = (theme: Theme, phase: 'early' | 'late') => {
		const key = `${theme}:${phase}`
		if (!commentQueues.has(key)) commentQueues.set(key, randomStream(`comments:${key}`).shuffle([...COMMENTS[theme][phase]]))
		return commentQueues.get(key)!
	}

	const waveRows: (typeof waves.$inferInsert)[] = []
	const itemRows: (typeof waveItems.$inferInsert)[] = []
	const invitationRows: (typeof invitations.$inferInsert)[] = []
	const answeredRows: (typeof answeredInvitations.$inferInsert)[] = []
	// Held as a submission holds them; releasing the weeks moves them to responses, shuffled.
	const responseRows: (typeof heldResponses.$inferInsert)[] = []
	for (const week of weeks) {
		const waveId = randomUUID()
		const { period } = week
		waveRows.push({
			orgId,
			id: waveId,
			surveyId,
			periodStart: period.periodStart,
			opensAt: period.opensAt,
			closesAt: period.closesAt,
			reminderAt: period.reminderAt,
			reminderSentAt: period.reminderAt,
			closedAt: period.closesAt,
			anonymityK: 5,
			week: week.monday,
			createdAt: period.opensAt,
		})
		const waveItemList = ordered.map((item, position) => ({
			position,
			itemId: item.id,
			dimension: item.dimension,
			kind: item.kind,
			text: item.text,
			reverse: item.reverse,
			// As openWave does: the open comment is always optional.
			required: item.kind !== 'text',
		}))
		itemRows.push(...waveItemList.map((i) => ({ orgId, waveId, ...i })))

		// Who answers: the team's rate for the week, a person's own habit, and holiday weeks.
		const dates = [week.monday, addDays(week.monday, 6)]
		const holiday = dates.some((d) => d.slice(5) >= '12-22') || dates.some((d) => d.slice(5) <= '01-03') ? 0.72 : week.monday.slice(5, 7) === '08' ? 0.88 : 1
		const weekFactor = holiday * (1 + 0.04 * participation.normal())
		const answeredBy = new Map<string, Person[]>()
		for (const person of people) {
			const s = storyOf(person.path)
			const [p0, p1] = s.participation
			const p = p0 === 0 && p1 === 0 ? 0 : clamp((p0 + ((p1 - p0) * week.index) / (HISTORY_WEEKS - 1)) * weekFactor + propensity.get(person.id)!, 0.05, 0.97)
			// Drawn even when p is 0, so one team's rate never reshuffles who answers elsewhere.
			const answered = participation.next() < p
			const invitationId = randomUUID()
			invitationRows.push({ orgId, id: invitationId, waveId, userId: person.id, teamId: person.teamId, level: person.level, createdAt: period.opensAt })
			if (!answered) continue
			answeredRows.push({ orgId, waveId, invitationId })
			if (!answeredBy.has(person.path)) answeredBy.set(person.path, [])
			answeredBy.get(person.path)!.push(person)
		}

		const waveResponses: (typeof heldResponses.$inferInsert)[] = []
		for (const [path, group] of answeredBy) {
			const s = storyOf(path)
			const rnd = randomStream(`answers:${path}:${week.index}`)
			const a = autonomyAt(path, week.index)
			const shift = a - s.autonomy[0]
			const speed = s.channels.length ? perceivedSpeed(replyMedian.get(path)![week.index]! / s.replyFactor) : 3 + 0.3 * (a - 3)
			// Mean answer of each item this week (raw, before reverse scoring).
			const means: [number, number][] = [
				[a, 0.85], // autonomy.resolve
				[6.1 - a, 0.85], // approval.waits: agreeing means replies wait
				[speed, 0.8], // speed.hours
				[s.voice + 0.5 * shift, 0.85], // voice.reaches
				[6 - (2.6 + 0.6 * (a - 2)), 0.85], // safety.mistake: agreeing means mistakes are held against you
				[4.8 + 1.3 * (a - 2), 1.7], // enps.recommend, 0–10
			]
			// A shared part per respondent, so someone upbeat on autonomy tends to be upbeat elsewhere too.
			const mood = stratifiedNormals(rnd, group.length)
			const perItem = means.map(() => stratifiedNormals(rnd, group.length))
			const phase = week.index < HISTORY_WEEKS / 2 ? 'early' : 'late'
			group.forEach((person, r) => {
				const form: Record<string, string> = {}
				means.forEach(([mean, spread], i) => {
					const z = 0.6 * mood[r]! + 0.8 * perItem[i]![r]!
					const value = i === 5 ? clamp(Math.round(mean + spread * z), 0, 10) : clamp(Math.round(mean + spread * z), 1, 5)
					form[`item-${i}`] = String(value)
				})
				if (rnd.next() < s.commentRate) {
					const text = commentQueue(s.theme, phase).pop()
					if (text) form['item-6'] = text
				}
				// The pulse form's own reader turns the form into what is stored, exactly as a submission would.
				const read = readAnswers(waveItemList, form)
				if (Object.keys(read.errors).length) throw new Error(`A demo answer was refused: ${JSON.stringify(read.errors)}`)
				waveResponses.push({ orgId, waveId, teamId: person.teamId, level: person.level, comment: read.comment, answers: read.answers })
			})
		}
		responseRows.push(...waveResponses)
	}

	// A few thousand rows per statement keeps each well under the driver's 65,535 parameters.
	const inChunks = async <T>(list: T[], write: (part: T[]) => Promise<unknown>) => {
		for (let i = 0; i < list.length; i += 1500) await write(list.slice(i, i + 1500))
	}
	await db().transaction(async (tx) => {
		await tx.insert(waves).values(waveRows)
		await inChunks(itemRows, (part) => tx.insert(waveItems).values(part))
		await inChunks(invitationRows, (part) => tx.insert(invitations).values(part))
		await inChunks(answeredRows, (part) => tx.insert(answeredInvitations).values(part))
		await inChunks(responseRows, (part) => tx.insert(heldResponses).values(part))
	})
}

async function storeEvents(orgId: string, timeZone: string, weeks: WeekPlan[], paths: string[], people: Person[], now: Date, lookups: StoryLookups) {
	const { storyOf, autonomyAt, replyMedian } = lookups
	const teamIdOf = new Map(people.filter((p) => p.teamId).map((p) => [p.path, p.teamId!]))
	const events: ValidEvent[] = []
	const last = weeks.length - 1
	for (const path of paths) {
		const teamId = teamIdOf.get(path)
		if (!teamId) continue
		const s = storyOf(path)
		const slug = path.toLowerCase().replace(/[^a-z]+/g, '-')
		const rnd = randomStream(`events:${path}`)
		for (const week of weeks) {
			const monday = DateTime.fromISO(week.monday, { zone: timeZone })
			// Business hours, any day of the week: customers write on Sundays too.
			const startOf = () => monday.plus({ days: rnd.int(0, 6), hours: rnd.int(8, 20), minutes: rnd.int(0, 59), seconds: rnd.int(0, 59) })
			if (s.channels.length) {
				const median = replyMedian.get(path)![week.index]!
				const n = rnd.int(s.replies[0], s.replies[1])
				const starts = Array.from({ length: n }, startOf).sort((x, y) => x.toMillis() - y.toMillis())
				starts.forEach((start, i) => {
					const minutes = clamp(median * Math.exp(0.75 * rnd.normal()), 1, 14 * 24 * 60)
					const ended = start.plus({ seconds: Math.round(minutes * 60) })
					// The last few of last week are still waiting for a first reply.
					const open = (week.index === last && i >= n - 3) || ended.toJSDate() > now
					events.push({
						id: `demo-reply-${slug}-${week.monday}-${i}`,
						type: 'customer_response',
						teamId,
						startedAt: start.toUTC().toISO()!,
						endedAt: open ? null : ended.toUTC().toISO()!,
						channel: rnd.pick(s.channels),
						approvals: null,
						outcome: null,
					})
				})
			}
			// Approvals lag autonomy by a week: new decision rights take a little while to be used.
			const a = autonomyAt(path, week.index - 1)
			const n = rnd.int(s.approvalsPerWeek[0], s.approvalsPerWeek[1])
			for (let i = 0; i < n; i++) {
				const start = startOf()
				const signOffs = clamp(Math.round(1 + 1.1 * (4.2 - a) + 0.5 * rnd.normal()), 1, 4)
				const hours = clamp(s.approvalFactor * approvalHours(a) * (0.7 + 0.15 * signOffs) * Math.exp(0.6 * rnd.normal()), 0.2, 24 * 14)
				const ended = start.plus({ seconds: Math.round(hours * 3600) })
				const open = (week.index === last && i === n - 1) || ended.toJSDate() > now
				events.push({
					id: `demo-approval-${slug}-${week.monday}-${i}`,
					type: 'approval',
					teamId,
					startedAt: start.toUTC().toISO()!,
					endedAt: open ? null : ended.toUTC().toISO()!,
					channel: null,
					approvals: signOffs,
					outcome: open ? null : rnd.next() < 0.08 + 0.05 * (signOffs - 1) ? 'rejected' : 'approved',
				})
			}
		}
	}
	await upsertEvents(orgId, events)
}

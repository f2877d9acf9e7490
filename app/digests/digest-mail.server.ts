/**
 * The digest e-mails, registered with the mail pipeline: a manager's and an executive's digest of
 * a released week, an alert when a team's index fell by more than its interval, and the
 * employees' "results are in". Each reads its figures through the gate when it is sent
 * (reports/week-change.server.ts): a hidden group gives its reason, never a figure.
 */
import { and, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'

import { listDueSoonActions, listOpenActions } from '~/actions/list-actions.server'
import { subtreeIds, teamTree } from '~/auth/permissions.server'
import { type Block, button, greeting, heading, list, note, paragraph, table } from '~/mail/content'
import { type MailKind, MailNoLongerNeeded } from '~/mail/registry.server'
import { teamLabel } from '~/org/team-path'
import { REPORT_LABELS } from '~/reports/dimensions'
import { type HiddenBecause, ROOT } from '~/reports/gate.server'
import { getReportSettings } from '~/reports/settings.server'
import { fellBeyondInterval, type GroupWeek, weekChanges } from '~/reports/week-change.server'
import { db } from '~/utils/db.server'
import { type MailMessage, users } from '~db/schema'

import { suggestFocus } from './focus'

const one = (x: number) => x.toFixed(1)
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`
const weekLabel = (week: string) => `the week of ${DateTime.fromISO(week).toFormat('d LLLL yyyy')}`
const nameOf = (g: GroupWeek) => (g.path ? teamLabel(g.path) : 'Whole organisation')

export function hiddenReason(why: HiddenBecause | null, k: number): string {
	switch (why) {
		case 'few':
			return `fewer than ${k} people answered`
		case 'protects-others':
			return 'hidden so that a smaller group cannot be worked out from it'
		case 'pending':
			return 'not released yet'
		default:
			return 'no answers'
	}
}

function changeText(g: GroupWeek): string {
	if (!g.change || g.previousWeek === null) return 'no earlier week to compare'
	return `${signed(g.change.delta)} (95% interval ${signed(g.change.low)} to ${signed(g.change.high)}) since ${DateTime.fromISO(g.previousWeek).toFormat('d LLL')}`
}

/** The table of shown groups and the list of hidden ones: figures only for what the gate showed. */
function groupsBlocks(groups: GroupWeek[], k: number): Block[] {
	const shown = groups.filter((g) => g.culture !== null)
	const hidden = groups.filter((g) => g.culture === null)
	const out: Block[] = []
	if (shown.length)
		out.push(
			table(
				['Team', 'Culture index', 'Change'],
				shown.map((g) => [nameOf(g), one(g.culture!), changeText(g)]),
			),
		)
	else out.push(paragraph('No team of yours can be shown this week.'))
	if (hidden.length) {
		out.push(heading('Hidden this week, and why'))
		out.push(list(hidden.map((g) => `${nameOf(g)}: ${hiddenReason(g.hiddenBecause, k)}`)))
	}
	return out
}

async function recipient(message: MailMessage, role: 'manager' | 'executive' | 'employee') {
	if (!message.userId) throw new Error('A digest needs a person.')
	const [person] = await db()
		.select({ id: users.id, role: users.role, teamId: users.teamId, active: users.active })
		.from(users)
		.where(and(eq(users.orgId, message.orgId), eq(users.id, message.userId)))
	if (!person || !person.active || person.role !== role) throw new MailNoLongerNeeded('The person no longer has this role.')
	return person
}

function weekOf(message: MailMessage) {
	const week = message.payload.week
	if (!week || !/^\d{4}-\d{2}-\d{2}$/.test(week)) throw new Error('A digest needs its week.')
	return week
}

export const managerDigestMail: MailKind = {
	kind: 'manager_digest',
	label: 'Manager digest',
	category: 'digests',
	skippable: true,
	privateRecipient: false,
	async render(message, context) {
		const week = weekOf(message)
		const person = await recipient(message, 'manager')
		if (!person.teamId) throw new MailNoLongerNeeded('The manager has no team.')
		const tree = await teamTree(message.orgId)
		const teamIds = subtreeIds(tree, person.teamId)
		if (!teamIds.length) throw new MailNoLongerNeeded('The team no longer exists.')
		const [{ k, groups }, settings, actions] = await Promise.all([
			weekChanges(message.orgId, week, teamIds, { focusFor: [person.teamId] }),
			getReportSettings(message.orgId),
			listOpenActions(message.orgId, teamIds),
		])
		const own = groups.find((g) => g.node === person.teamId)!
		const focus = own.culture !== null ? suggestFocus(own.scores, settings.weights, own.driverFocus) : null
		return {
			subject: `Your teams' results for ${weekLabel(week)}`,
			blocks: [
				paragraph(greeting(context.userName)),
				paragraph(`The results of ${weekLabel(week)} are released. Here is what changed for your teams. Every figure is shown only for a group of at least ${k} people.`),
				heading('Your teams'),
				...groupsBlocks(groups, k),
				heading('Suggested focus'),
				paragraph(
					focus
						? `${focus.label} (${one(focus.score)} of 100): the weakest dimension of ${nameOf(own)} this week among those that weigh in your organisation's index. Plan an action on it with your team.`
						: `None this week: ${nameOf(own)} is ${own.culture === null ? `hidden (${hiddenReason(own.hiddenBecause, k)})` : 'shown without dimension scores'}.`,
				),
				heading('Open actions'),
				actions.length
					? list(
							actions.map(
								(a) =>
									`${a.title} — ${teamLabel(a.teamPath)}, ${a.dimension ? (REPORT_LABELS[a.dimension as keyof typeof REPORT_LABELS] ?? a.dimension) : (a.theme ?? 'no dimension')}, due ${a.dueOn}${a.ownerName ? `, ${a.ownerName}` : ''}`,
							),
						)
					: paragraph('No open actions for your teams.'),
				button(`${context.appUrl}/dashboard`, 'Open your dashboard'),
			],
		}
	},
}

export const executiveDigestMail: MailKind = {
	kind: 'executive_digest',
	label: 'Executive digest',
	category: 'digests',
	skippable: true,
	privateRecipient: false,
	async render(message, context) {
		const week = weekOf(message)
		await recipient(message, 'executive')
		const tree = await teamTree(message.orgId)
		const { k, groups } = await weekChanges(message.orgId, week, [ROOT, ...tree.map((t) => t.id)])
		const org = groups.find((g) => g.node === ROOT)!
		const movers = groups
			.filter((g) => g.node !== ROOT && g.change !== null)
			.sort((a, b) => Math.abs(b.change!.delta) - Math.abs(a.change!.delta))
			.slice(0, 3)
		const today = DateTime.fromJSDate(context.now).toISODate()!
		const due = await listDueSoonActions(
			message.orgId,
			tree.map((t) => t.id),
			today,
		)
		return {
			subject: `${context.orgName}: results for ${weekLabel(week)}`,
			blocks: [
				paragraph(greeting(context.userName)),
				heading('The organisation'),
				paragraph(
					org.culture !== null
						? `Culture index ${one(org.culture)} of 100; ${changeText(org)}.${org.answered !== null ? ` ${org.answered} of ${org.invited} invited answered.` : ''}`
						: `The whole organisation is not shown this week: ${hiddenReason(org.hiddenBecause, k)}.`,
				),
				heading('Biggest movers'),
				movers.length
					? table(
							['Team', 'Culture index', 'Change'],
							movers.map((g) => [nameOf(g), one(g.culture!), changeText(g)]),
						)
					: paragraph('No team can be compared with an earlier week yet.'),
				heading('Actions due in the next two weeks'),
				due.length ? list(due.map((a) => `${a.title} — ${teamLabel(a.teamPath)}, due ${a.dueOn}${a.dueOn < today ? ' (overdue)' : ''}`)) : paragraph('None.'),
				note(`Figures are shown only for groups of at least ${k} people; teams hidden this week are on the dashboard with the reason.`),
				button(`${context.appUrl}/dashboard`, 'Open the dashboard'),
			],
		}
	},
}

export const indexAlertMail: MailKind = {
	kind: 'index_alert',
	label: 'Index alert',
	category: 'alerts',
	skippable: true,
	privateRecipient: false,
	async render(message, context) {
		const week = weekOf(message)
		const teamId = message.payload.teamId
		if (!teamId) throw new Error('An alert needs its team.')
		if (!message.userId) throw new Error('An alert needs a person.')
		const { k, groups } = await weekChanges(message.orgId, week, [teamId])
		const g = groups[0]
		// Read again at sending: a team hidden since (a stricter k) or no longer falling gets no alert.
		if (!g || !fellBeyondInterval(g)) throw new MailNoLongerNeeded('The team is no longer shown as falling.')
		return {
			subject: `${nameOf(g)}: the culture index fell beyond its interval`,
			blocks: [
				paragraph(greeting(context.userName)),
				paragraph(
					`In ${weekLabel(week)}, the culture index of ${nameOf(g)} was ${one(g.culture!)}: ${changeText(g)}. The whole 95% interval is below zero, so the fall is larger than the week-to-week noise.`,
				),
				note(`Shown because at least ${k} people answered in both weeks. Talk it through with the team before drawing conclusions.`),
				button(`${context.appUrl}/dashboard`, 'Open the dashboard'),
			],
		}
	},
}

export const resultsInMail: MailKind = {
	kind: 'results_in',
	label: 'Results are in',
	category: 'results',
	skippable: true,
	privateRecipient: false,
	async render(message, context) {
		const week = weekOf(message)
		await recipient(message, 'employee')
		return {
			subject: `Results are in: ${weekLabel(week)}`,
			blocks: [
				paragraph(greeting(context.userName)),
				paragraph(`Your team's results for ${weekLabel(week)} are ready, with what is being done about them.`),
				note('Results are shown only for groups large enough that nobody can be singled out.'),
				button(`${context.appUrl}/results`, 'See your results'),
			],
		}
	},
}

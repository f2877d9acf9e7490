/**
 * The digest e-mails, registered with the mail pipeline: a manager's and an executive's digest of
 * a released week, an alert when a team's index fell by more than its interval, and the
 * employees' "results are in". Each reads its figures through the gate when it is sent
 * (reports/week-change.server.ts): a hidden group gives its reason, never a figure.
 */
import { and, eq } from 'drizzle-orm'
import type { TFunction } from 'i18next'
import { DateTime } from 'luxon'

import { listDueSoonActions, listOpenActions } from '~/actions/list-actions.server'
import { subtreeIds, teamTree } from '~/auth/permissions.server'
import { formatDate, formatNumber, intlLocale } from '~/i18n/format'
import { fixedT } from '~/i18n/i18n.server'
import { type Block, button, greeting, heading, list, note, paragraph, table } from '~/mail/content'
import { type MailKind, MailNoLongerNeeded } from '~/mail/registry.server'
import { teamLabel } from '~/org/team-path'
import { CULTURE_DIMENSIONS, type CultureDimension } from '~/reports/dimensions'
import { type HiddenBecause, ROOT } from '~/reports/gate.server'
import { getReportSettings } from '~/reports/settings.server'
import { fellBeyondInterval, type GroupWeek, weekChanges } from '~/reports/week-change.server'
import { db } from '~/utils/db.server'
import { type MailMessage, users } from '~db/schema'

import { suggestFocus } from './focus'

/** How a digest writes its figures, weeks and dates: in the recipient's language, dates of the organisation's calendar. */
interface Words {
	t: TFunction
	locale: string
	one: (x: number) => string
	signed: (x: number) => string
	/** A week by its Monday: "9 March 2026" (each sentence says "the week of" its own way). */
	week: (week: string) => string
	/** A calendar date (an action's due date, a week's Monday): a day, not a moment, so it is the same in every zone. */
	day: (iso: string) => string
	nameOf: (g: GroupWeek) => string
	dimension: (key: string) => string
}

function wordsFor(locale: string): Words {
	const t = fixedT(locale, 'mail')
	const one = (x: number) => formatNumber(x, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
	const day = (iso: string) => formatDate(`${iso}T12:00:00Z`, locale, 'UTC')
	return {
		t,
		locale,
		one,
		signed: (x: number) => `${x >= 0 ? '+' : '−'}${one(Math.abs(x))}`,
		week: day,
		day,
		nameOf: (g: GroupWeek) => (g.path ? teamLabel(g.path) : t('digest.wholeOrganisation')),
		dimension: (key: string) => (isCultureDimension(key) ? t(`dimensions.${key}`) : key),
	}
}

const isCultureDimension = (key: string): key is CultureDimension => (CULTURE_DIMENSIONS as readonly string[]).includes(key)

export function hiddenReason(why: HiddenBecause | null, k: number, locale = 'en'): string {
	const t = fixedT(locale, 'mail')
	switch (why) {
		case 'few':
			return t('digest.hidden.few', { count: k })
		case 'protects-others':
			return t('digest.hidden.protectsOthers')
		case 'pending':
			return t('digest.hidden.pending')
		default:
			return t('digest.hidden.noAnswers')
	}
}

function changeText(g: GroupWeek, w: Words): string {
	if (!g.change || g.previousWeek === null) return w.t('digest.noEarlierWeek')
	const since = new Intl.DateTimeFormat(intlLocale(w.locale), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${g.previousWeek}T12:00:00Z`))
	return w.t('digest.change', { delta: w.signed(g.change.delta), low: w.signed(g.change.low), high: w.signed(g.change.high), since })
}

function groupsTable(groups: GroupWeek[], w: Words): Block {
	return table(
		[w.t('digest.column.team'), w.t('digest.column.culture'), w.t('digest.column.change')],
		groups.map((g) => [w.nameOf(g), w.one(g.culture!), changeText(g, w)]),
	)
}

/** The table of shown groups and the list of hidden ones: figures only for what the gate showed. */
function groupsBlocks(groups: GroupWeek[], k: number, w: Words): Block[] {
	const shown = groups.filter((g) => g.culture !== null)
	const hidden = groups.filter((g) => g.culture === null)
	const out: Block[] = []
	if (shown.length) out.push(groupsTable(shown, w))
	else out.push(paragraph(w.t('digest.noneShown')))
	if (hidden.length) {
		out.push(heading(w.t('digest.hiddenHeading')))
		out.push(list(hidden.map((g) => w.t('digest.hiddenLine', { team: w.nameOf(g), reason: hiddenReason(g.hiddenBecause, k, w.locale) }))))
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
		const weekIso = weekOf(message)
		const person = await recipient(message, 'manager')
		if (!person.teamId) throw new MailNoLongerNeeded('The manager has no team.')
		const tree = await teamTree(message.orgId)
		const teamIds = subtreeIds(tree, person.teamId)
		if (!teamIds.length) throw new MailNoLongerNeeded('The team no longer exists.')
		const [{ k, groups }, settings, actions] = await Promise.all([
			weekChanges(message.orgId, weekIso, teamIds, { focusFor: [person.teamId] }),
			getReportSettings(message.orgId),
			listOpenActions(message.orgId, teamIds),
		])
		const own = groups.find((g) => g.node === person.teamId)!
		const focus = own.culture !== null ? suggestFocus(own.scores, settings.weights, own.driverFocus) : null
		const w = wordsFor(context.locale ?? 'en')
		const { t } = w
		const week = w.week(weekIso)
		return {
			subject: t('digest.manager.subject', { week }),
			blocks: [
				paragraph(greeting(context.userName, w.locale)),
				paragraph(t('digest.manager.intro', { week, count: k })),
				heading(t('digest.manager.teams')),
				...groupsBlocks(groups, k, w),
				heading(t('digest.manager.focusHeading')),
				paragraph(
					focus
						? t('digest.manager.focus', { dimension: w.dimension(focus.dimension), score: w.one(focus.score), team: w.nameOf(own) })
						: own.culture === null
							? t('digest.manager.noFocusHidden', { team: w.nameOf(own), reason: hiddenReason(own.hiddenBecause, k, w.locale) })
							: t('digest.manager.noFocusScores', { team: w.nameOf(own) }),
				),
				heading(t('digest.manager.actionsHeading')),
				actions.length
					? list(
							actions.map((a) => {
								const values = {
									title: a.title,
									team: teamLabel(a.teamPath),
									// A theme is the admin's own word (data); a dimension is ours.
									dimension: a.dimension ? w.dimension(a.dimension) : (a.theme ?? t('digest.manager.noDimension')),
									due: w.day(a.dueOn),
									owner: a.ownerName ?? '',
								}
								return a.ownerName ? t('digest.manager.actionWithOwner', values) : t('digest.manager.action', values)
							}),
						)
					: paragraph(t('digest.manager.noActions')),
				button(`${context.appUrl}/dashboard`, t('digest.manager.button')),
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
		const weekIso = weekOf(message)
		await recipient(message, 'executive')
		const tree = await teamTree(message.orgId)
		const { k, groups } = await weekChanges(message.orgId, weekIso, [ROOT, ...tree.map((t) => t.id)])
		const org = groups.find((g) => g.node === ROOT)!
		const movers = groups
			.filter((g) => g.node !== ROOT && g.change !== null)
			.sort((a, b) => Math.abs(b.change!.delta) - Math.abs(a.change!.delta))
			.slice(0, 3)
		// "Today" of the organisation's calendar: an action due today is not overdue anywhere in it.
		const today = DateTime.fromJSDate(context.now, { zone: context.timeZone ?? 'UTC' }).toISODate()!
		const due = await listDueSoonActions(
			message.orgId,
			tree.map((t) => t.id),
			today,
		)
		const w = wordsFor(context.locale ?? 'en')
		const { t } = w
		const week = w.week(weekIso)
		const answered =
			org.answered !== null
				? ` ${t('digest.executive.answered', { answered: formatNumber(org.answered, w.locale), count: org.invited, invited: formatNumber(org.invited, w.locale) })}`
				: ''
		return {
			subject: t('digest.executive.subject', { org: context.orgName, week }),
			blocks: [
				paragraph(greeting(context.userName, w.locale)),
				heading(t('digest.executive.orgHeading')),
				paragraph(
					org.culture !== null
						? `${t('digest.executive.org', { score: w.one(org.culture), change: changeText(org, w) })}${answered}`
						: t('digest.executive.orgHidden', { reason: hiddenReason(org.hiddenBecause, k, w.locale) }),
				),
				heading(t('digest.executive.moversHeading')),
				movers.length ? groupsTable(movers, w) : paragraph(t('digest.executive.noMovers')),
				heading(t('digest.executive.dueHeading')),
				due.length
					? list(
							due.map((a) => {
								const values = { title: a.title, team: teamLabel(a.teamPath), due: w.day(a.dueOn) }
								return a.dueOn < today ? t('digest.executive.overdue', values) : t('digest.executive.due', values)
							}),
						)
					: paragraph(t('digest.executive.noneDue')),
				note(t('digest.executive.note', { count: k })),
				button(`${context.appUrl}/dashboard`, t('digest.executive.button')),
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
		const w = wordsFor(context.locale ?? 'en')
		const { t } = w
		return {
			subject: t('digest.alert.subject', { team: w.nameOf(g) }),
			blocks: [
				paragraph(greeting(context.userName, w.locale)),
				paragraph(t('digest.alert.text', { week: w.week(week), team: w.nameOf(g), score: w.one(g.culture!), change: changeText(g, w) })),
				note(t('digest.alert.note', { count: k })),
				button(`${context.appUrl}/dashboard`, t('digest.alert.button')),
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
		const locale = context.locale ?? 'en'
		const t = fixedT(locale, 'mail')
		// A week is named by its Monday, a calendar date: the same day in every zone.
		const weekOfDate = formatDate(`${week}T12:00:00Z`, locale, 'UTC')
		return {
			subject: t('results.subject', { week: weekOfDate }),
			blocks: [
				paragraph(greeting(context.userName, locale)),
				paragraph(t('results.ready', { week: weekOfDate })),
				note(t('results.groups')),
				button(`${context.appUrl}/results`, t('results.button')),
			],
		}
	},
}

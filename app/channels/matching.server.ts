/**
 * Who a chat installation reaches: how many active people are matched to a Slack or Teams
 * account, and who is not (they keep e-mail). The admin page shows the first names only, since
 * at 100,000 people the whole list would be megabytes on every view; everyone not matched is a
 * CSV download, in the people import's columns so it can be fixed and imported back.
 */
import { and, asc, count, eq, isNull } from 'drizzle-orm'

import { toCsv } from '~/utils/csv-write'
import { db } from '~/utils/db.server'
import { chatIdentities, chatInstallations, type ChatProvider, chatProviders, teams, users } from '~db/schema'

/** How many of the people not matched the admin page lists (the rest are in the download). */
export const UNMATCHED_SHOWN = 100

export interface MatchStatus {
	matched: number
	unmatchedCount: number
	/** The first `UNMATCHED_SHOWN` not matched, by name. */
	unmatched: { id: string; name: string; email: string }[]
}

const joined = (orgId: string, provider: ChatProvider) =>
	and(eq(chatIdentities.orgId, users.orgId), eq(chatIdentities.userId, users.id), eq(chatIdentities.provider, provider), eq(chatIdentities.orgId, orgId))

export async function chatMatchStatus(orgId: string, provider: ChatProvider): Promise<MatchStatus> {
	const active = and(eq(users.orgId, orgId), eq(users.active, true))
	const [[counts], unmatched] = await Promise.all([
		db()
			.select({ all: count(), matched: count(chatIdentities.userId) })
			.from(users)
			.leftJoin(chatIdentities, joined(orgId, provider))
			.where(active),
		db()
			.select({ id: users.id, name: users.name, email: users.email })
			.from(users)
			.leftJoin(chatIdentities, joined(orgId, provider))
			.where(and(active, isNull(chatIdentities.userId)))
			.orderBy(asc(users.name), asc(users.email))
			.limit(UNMATCHED_SHOWN),
	])
	const matched = counts?.matched ?? 0
	return { matched, unmatchedCount: (counts?.all ?? 0) - matched, unmatched }
}

/**
 * Everyone active not matched in this chat, as `email,name,team` (the people import's columns);
 * null when the organisation has not connected that chat.
 */
export async function unmatchedPeopleCsv(orgId: string, provider: ChatProvider): Promise<string | null> {
	const [installed] = await db()
		.select({ provider: chatInstallations.provider })
		.from(chatInstallations)
		.where(and(eq(chatInstallations.orgId, orgId), eq(chatInstallations.provider, provider)))
	if (!installed) return null
	const rows = await db()
		.select({ email: users.email, name: users.name, team: teams.path })
		.from(users)
		.leftJoin(chatIdentities, joined(orgId, provider))
		.leftJoin(teams, and(eq(teams.orgId, users.orgId), eq(teams.id, users.teamId)))
		.where(and(eq(users.orgId, orgId), eq(users.active, true), isNull(chatIdentities.userId)))
		.orderBy(asc(users.email))
	return toCsv(
		['email', 'name', 'team'],
		rows.map((r) => [r.email, r.name, r.team ?? '']),
	)
}

/** The status of a chat that is not connected. */
export const NO_MATCHES: MatchStatus = { matched: 0, unmatchedCount: 0, unmatched: [] }

/** The chat a request names, or null when it names none. */
export const chatProviderNamed = (name: string | undefined): ChatProvider | null => ((chatProviders as readonly string[]).includes(name ?? '') ? (name as ChatProvider) : null)

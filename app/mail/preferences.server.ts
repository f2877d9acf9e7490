/**
 * A person's choice of e-mails: which optional categories they turned off, and the one-click
 * unsubscribe links (RFC 8058) that turn one category off without signing in.
 */
import { and, eq } from 'drizzle-orm'

import { db, type Tx } from '~/utils/db.server'
import { mintToken, parseOrgToken, secretMatches, withOrg } from '~/utils/token.server'
import { mailOptOuts, mailUnsubscribeTokens } from '~db/schema'

import { isMailCategory, MAIL_CATEGORIES, type MailCategory, optionalCategories } from './categories'

export async function optedOutCategories(orgId: string, userId: string): Promise<Set<MailCategory>> {
	const rows = await db()
		.select({ category: mailOptOuts.category })
		.from(mailOptOuts)
		.where(and(eq(mailOptOuts.orgId, orgId), eq(mailOptOuts.userId, userId)))
	return new Set(rows.map((r) => r.category).filter(isMailCategory))
}

export async function isOptedOut(orgId: string, userId: string, category: MailCategory): Promise<boolean> {
	if (!MAIL_CATEGORIES[category].optional) return false
	return (await optedOutCategories(orgId, userId)).has(category)
}

/** Sets the person's optional categories at once: the ones in `receive` on, every other optional one off. */
export async function setMailPreferences(orgId: string, userId: string, receive: MailCategory[]) {
	await db().transaction(async (tx) => {
		for (const category of optionalCategories) await setOne(tx, orgId, userId, category, receive.includes(category))
	})
}

async function setOne(tx: Tx, orgId: string, userId: string, category: MailCategory, receive: boolean) {
	if (receive) await tx.delete(mailOptOuts).where(and(eq(mailOptOuts.orgId, orgId), eq(mailOptOuts.userId, userId), eq(mailOptOuts.category, category)))
	else await tx.insert(mailOptOuts).values({ orgId, userId, category }).onConflictDoNothing()
}

/** A new one-click link for one person and category, minted at sending. */
export async function mintUnsubscribeToken(orgId: string, userId: string, category: MailCategory): Promise<string> {
	const { id, token, secretHash } = mintToken()
	await db().insert(mailUnsubscribeTokens).values({ orgId, id, userId, category, secretHash })
	return withOrg(orgId, token)
}

/**
 * How long a one-click link works. A link is minted with every message, so without an end they
 * pile up for ever (retention deletes them after this, app/audit/retention.server.ts); 90 days is
 * longer than anyone leaves an e-mail before acting on it, and the settings page always works.
 */
export { UNSUBSCRIBE_LINK_DAYS, unsubscribeLinksMintedBefore } from '~/utils/lifetimes'
import { unsubscribeLinksMintedBefore } from '~/utils/lifetimes'

export type UnsubscribeLink = { orgId: string; userId: string; category: MailCategory } | { expired: true }

/** What a link would turn off, `{ expired }` past its lifetime (410), or null when it is malformed or unknown (404). */
export async function findUnsubscribeToken(token: string | null | undefined, now = new Date()): Promise<UnsubscribeLink | null> {
	const parsed = parseOrgToken(token)
	if (!parsed) return null
	const [row] = await db()
		.select()
		.from(mailUnsubscribeTokens)
		.where(and(parsed.orgId ? eq(mailUnsubscribeTokens.orgId, parsed.orgId) : undefined, eq(mailUnsubscribeTokens.id, parsed.id)))
	if (!row || !secretMatches(parsed.secret, row.secretHash) || !isMailCategory(row.category)) return null
	if (row.createdAt < unsubscribeLinksMintedBefore(now)) return { expired: true }
	return { orgId: row.orgId, userId: row.userId, category: row.category }
}

/** Turns the link's category off; idempotent (a mail client may post twice). An expired link changes nothing. */
export async function applyUnsubscribeToken(token: string | null | undefined, now = new Date()): Promise<UnsubscribeLink | null> {
	const link = await findUnsubscribeToken(token, now)
	if (!link || 'expired' in link) return link
	await setOne(db(), link.orgId, link.userId, link.category, false)
	return link
}

/**
 * Proof that an organisation owns an e-mail domain before single sign-on uses it: the admin
 * publishes a TXT record `_stateofnow-verification.<domain>` holding `stateofnow-verification=<value>`
 * (the value is ours, random per organisation and domain), and we look it up. Only a proven
 * domain sends people to the organisation's provider, and only within proven domains is a
 * provider's identity matched to a person by e-mail. Several organisations may claim a domain;
 * the first to prove it holds it (a unique index on proven domains).
 *
 * DNS is read through a resolver passed in (the system's by default), so tests use a DNS server
 * of their own on loopback.
 */
import { Resolver } from 'node:dns/promises'

import { and, asc, eq, isNotNull } from 'drizzle-orm'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { db } from '~/utils/db.server'
import { isUniqueViolation } from '~/utils/pg-errors'
import { ssoDomains } from '~db/schema'

export interface TxtResolver {
	resolveTxt(name: string): Promise<string[][]>
}

const defaultResolver = (): TxtResolver => new Resolver({ timeout: 5000, tries: 2 })

export const recordName = (domain: string) => `_stateofnow-verification.${domain}`
export const recordValue = (token: string) => `stateofnow-verification=${token}`

export async function domainsOf(orgId: string) {
	const rows = await db().select().from(ssoDomains).where(eq(ssoDomains.orgId, orgId)).orderBy(asc(ssoDomains.domain))
	return rows.map((r) => ({ domain: r.domain, recordName: recordName(r.domain), recordValue: recordValue(r.verificationToken), verifiedAt: r.verifiedAt }))
}

/** Whether this organisation has proven it owns the domain. */
export async function isVerifiedDomain(orgId: string, domain: string) {
	const [row] = await db()
		.select({ domain: ssoDomains.domain })
		.from(ssoDomains)
		.where(and(eq(ssoDomains.orgId, orgId), eq(ssoDomains.domain, domain.toLowerCase()), isNotNull(ssoDomains.verifiedAt)))
		.limit(1)
	return Boolean(row)
}

export type DomainCheck = { ok: true; message: string } | { ok: false; message: string }

/** Looks the organisation's record up for a domain it claims; marks the domain proven when found. */
export async function verifySsoDomain(orgId: string, domain: string, actor: AuditActor, resolver: TxtResolver = defaultResolver(), now = new Date()): Promise<DomainCheck> {
	const [row] = await db()
		.select()
		.from(ssoDomains)
		.where(and(eq(ssoDomains.orgId, orgId), eq(ssoDomains.domain, domain.trim().toLowerCase())))
		.limit(1)
	if (!row) return { ok: false, message: 'This domain is not one of yours: add it to the e-mail domains first.' }
	if (row.verifiedAt) return { ok: true, message: `${row.domain} is already verified.` }
	const expected = recordValue(row.verificationToken)
	let outcome: DomainCheck
	let records: string[] = []
	try {
		records = (await resolver.resolveTxt(recordName(row.domain))).map((chunks) => chunks.join(''))
	} catch {
		records = []
	}
	if (!records.some((r) => r.trim() === expected)) {
		outcome = { ok: false, message: `No TXT record ${recordName(row.domain)} with the value ${expected} was found. DNS changes can take a while to show; try again later.` }
	} else {
		try {
			const updated = await db()
				.update(ssoDomains)
				.set({ verifiedAt: now })
				.where(and(eq(ssoDomains.orgId, orgId), eq(ssoDomains.domain, row.domain)))
				.returning()
			outcome = updated.length ? { ok: true, message: `${row.domain} is verified.` } : { ok: false, message: 'This domain is not one of yours.' }
		} catch (error) {
			if (!isUniqueViolation(error)) throw error
			// Proven before by another organisation: it holds the domain. Which one is not said.
			outcome = { ok: false, message: `${row.domain} is already verified for single sign-on elsewhere. Contact support if it is yours.` }
		}
	}
	await recordAudit(db(), orgId, {
		actor,
		action: 'sso.domain_verified',
		target: row.domain,
		detail: { outcome: outcome.ok ? 'verified' : 'not verified', message: outcome.message },
	})
	return outcome
}

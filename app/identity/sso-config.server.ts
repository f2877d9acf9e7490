/**
 * An organisation's single sign-on settings: its OpenID Connect provider (issuer, client id,
 * client secret kept encrypted), the e-mail domains that lead to it, whether it is on, and
 * whether passwords are off. Every change is in the audit log, without the secret.
 */
import { and, eq, inArray, ne } from 'drizzle-orm'
import { z } from 'zod'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { decryptSecret, encryptSecret } from '~/connectors/keys.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { ssoConfigs, ssoDomains } from '~db/schema'

// The associated data binds a ciphertext to its organisation and purpose: a connector's secret,
// or another organisation's, copied into this row does not decrypt.
const secretContext = (orgId: string) => `sso-client-secret:${orgId}`

/** Loopback issuers over plain http are for development and tests only. */
export function isLoopbackUrl(url: URL) {
	return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

const configSchema = z.object({
	issuer: textSchema()
		.trim()
		.min(1, 'Enter the issuer address your identity provider gives.')
		.max(500)
		.refine((v) => {
			try {
				const url = new URL(v)
				return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url) && env().NODE_ENV !== 'production')
			} catch {
				return false
			}
		}, 'The issuer is an https:// address, e.g. https://login.example.com/oauth2/default.'),
	clientId: textSchema().trim().min(1, 'Enter the client id.').max(500),
	// Empty keeps the stored secret (the form never shows it back).
	clientSecret: z.string().max(2000).optional(),
	domains: textSchema()
		.max(2000)
		.transform((v) =>
			[
				...new Set(
					v
						.split(/[\s,]+/)
						.map((d) => d.trim().toLowerCase().replace(/^@/, ''))
						.filter(Boolean),
				),
			].sort(),
		)
		.refine((list) => list.every((d) => DOMAIN.test(d)), 'Each domain is like example.com, separated by commas or spaces.'),
	enabled: z.boolean(),
	ssoOnly: z.boolean(),
})
export type SsoConfigInput = z.input<typeof configSchema>

export interface SsoConfigView {
	issuer: string
	clientId: string
	hasSecret: boolean
	enabled: boolean
	ssoOnly: boolean
	domains: string[]
	updatedAt: Date
}

export async function getSsoConfig(orgId: string): Promise<SsoConfigView | null> {
	const [row] = await db().select().from(ssoConfigs).where(eq(ssoConfigs.orgId, orgId)).limit(1)
	if (!row) return null
	const domains = await db().select({ domain: ssoDomains.domain }).from(ssoDomains).where(eq(ssoDomains.orgId, orgId)).orderBy(ssoDomains.domain)
	return {
		issuer: row.issuer,
		clientId: row.clientId,
		hasSecret: Boolean(row.clientSecretEncrypted),
		enabled: row.enabled,
		ssoOnly: row.ssoOnly,
		domains: domains.map((d) => d.domain),
		updatedAt: row.updatedAt,
	}
}

/** The provider's settings with the secret in clear, for a sign-in; null when SSO is off or unreadable. */
export async function enabledProvider(orgId: string) {
	const [row] = await db()
		.select()
		.from(ssoConfigs)
		.where(and(eq(ssoConfigs.orgId, orgId), eq(ssoConfigs.enabled, true)))
		.limit(1)
	if (!row) return null
	const clientSecret = decryptSecret(row.clientSecretEncrypted, secretContext(orgId))
	if (clientSecret === null) return null
	return { orgId, issuer: row.issuer, clientId: row.clientId, clientSecret }
}

/** The organisation whose SSO a work address leads to, by its domain; null when none (or off). */
export async function organisationForEmail(email: string): Promise<string | null> {
	const domain = email.trim().toLowerCase().split('@')[1]
	if (!domain) return null
	const [row] = await db()
		.select({ orgId: ssoDomains.orgId })
		.from(ssoDomains)
		.innerJoin(ssoConfigs, and(eq(ssoConfigs.orgId, ssoDomains.orgId), eq(ssoConfigs.enabled, true)))
		.where(eq(ssoDomains.domain, domain))
		.limit(1)
	return row?.orgId ?? null
}

export async function saveSsoConfig(orgId: string, raw: unknown, actor: AuditActor): Promise<Result<null>> {
	const parsed = configSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const input = parsed.data
	const before = await getSsoConfig(orgId)
	const secret = input.clientSecret?.trim()
	if (!before && !secret) return fail({ clientSecret: 'Enter the client secret.' })
	if (input.enabled && input.domains.length === 0) return fail({ domains: 'Name at least one e-mail domain, so people can find the sign-in.' })
	if (input.ssoOnly && !input.enabled) return fail({ ssoOnly: 'Turn single sign-on on before turning passwords off.' })

	return db().transaction(async (tx) => {
		// A domain belongs to one organisation; the answer does not say which (an admin of one
		// organisation learns nothing about another).
		if (input.domains.length) {
			const taken = await tx
				.select({ domain: ssoDomains.domain })
				.from(ssoDomains)
				.where(and(ne(ssoDomains.orgId, orgId), inArray(ssoDomains.domain, input.domains)))
			const clash = taken.map((t) => t.domain).sort()
			if (clash.length)
				return fail({ domains: `${clash.join(', ')} ${clash.length === 1 ? 'is' : 'are'} already used for single sign-on elsewhere. Contact support if it is yours.` })
		}
		const values = {
			issuer: input.issuer.replace(/\/$/, ''),
			clientId: input.clientId,
			enabled: input.enabled,
			ssoOnly: input.ssoOnly,
			updatedAt: new Date(),
			...(secret ? { clientSecretEncrypted: encryptSecret(secret, secretContext(orgId)) } : {}),
		}
		if (before) await tx.update(ssoConfigs).set(values).where(eq(ssoConfigs.orgId, orgId))
		else await tx.insert(ssoConfigs).values({ orgId, ...values, clientSecretEncrypted: values.clientSecretEncrypted! })
		await tx.delete(ssoDomains).where(eq(ssoDomains.orgId, orgId))
		if (input.domains.length) await tx.insert(ssoDomains).values(input.domains.map((domain) => ({ domain, orgId })))

		const detail: Record<string, unknown> = {}
		const compare = (key: string, from: unknown, to: unknown) => {
			if (JSON.stringify(from) !== JSON.stringify(to)) detail[key] = { from, to }
		}
		compare('issuer', before?.issuer ?? null, values.issuer)
		compare('clientId', before?.clientId ?? null, values.clientId)
		compare('domains', before?.domains ?? [], input.domains)
		compare('enabled', before?.enabled ?? false, input.enabled)
		compare('passwordsOff', before?.ssoOnly ?? false, input.ssoOnly)
		if (secret) detail.clientSecret = 'replaced'
		await recordAudit(tx, orgId, { actor, action: 'sso.config_changed', detail })
		return ok(null)
	})
}

/**
 * An organisation's single sign-on settings: its OpenID Connect provider (issuer, client id,
 * client secret kept encrypted) or its SAML identity provider (entity id, sign-in address, signing
 * certificates, from its metadata or by hand), the e-mail domains that lead to it, whether it is
 * on, and whether passwords are off. Every change is in the audit log, without the secret.
 */
import { and, eq, inArray, isNotNull, ne } from 'drizzle-orm'
import { z } from 'zod'

import { type AuditActor, recordAudit } from '~/audit/audit.server'
import { decryptSecret, encryptSecret } from '~/connectors/keys.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { isUuid } from '~/utils/http'
import { fail, fieldErrorsFrom, ok, type Result } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { randomTokenPart } from '~/utils/token.server'
import { ssoConfigs, ssoDomains, users } from '~db/schema'

import { checkCertificates, parseIdpMetadata } from './saml-metadata.server'

// The associated data binds a ciphertext to its organisation and purpose: a connector's secret,
// or another organisation's, copied into this row does not decrypt.
const secretContext = (orgId: string) => `sso-client-secret:${orgId}`

/** Loopback issuers over plain http are for development and tests only. */
export function isLoopbackUrl(url: URL) {
	return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

const httpsUrl = (example: string) =>
	textSchema()
		.trim()
		.max(1000)
		.refine((v) => {
			try {
				const url = new URL(v)
				return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url) && env().NODE_ENV !== 'production')
			} catch {
				return false
			}
		}, `This is an https:// address, e.g. ${example}.`)

const domainsSchema = textSchema()
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
	.refine((list) => list.every((d) => DOMAIN.test(d)), 'Each domain is like example.com, separated by commas or spaces.')

const common = {
	domains: domainsSchema,
	enabled: z.boolean(),
	ssoOnly: z.boolean(),
	/** With passwords off, the admin who keeps a password; empty: the admin saving. */
	breakGlassUserId: z.string().trim().optional(),
}

const BREAK_GLASS_MESSAGE = 'Choose the admin who keeps a password in case the provider fails: an active admin of this organisation.'

const configSchema = z.discriminatedUnion('protocol', [
	z.object({
		protocol: z.literal('oidc'),
		issuer: z.string().trim().min(1, 'Enter the issuer address your identity provider gives.').pipe(httpsUrl('https://login.example.com/oauth2/default')),
		clientId: textSchema().trim().min(1, 'Enter the client id.').max(500),
		// Empty keeps the stored secret (the form never shows it back).
		clientSecret: z.string().max(2000).optional(),
		...common,
	}),
	z.object({
		protocol: z.literal('saml'),
		// The provider's metadata XML, when given, fills in the three fields below.
		metadataXml: z.string().max(200_000).optional(),
		entityId: textSchema().trim().max(1000).optional(),
		ssoUrl: z.string().trim().max(1000).optional(),
		certificate: z.string().max(50_000).optional(),
		...common,
	}),
])
export type SsoConfigInput = z.input<typeof configSchema>

export interface SsoConfigView {
	protocol: 'oidc' | 'saml'
	/** OIDC: the issuer; SAML: the provider's entity id. */
	issuer: string
	clientId: string | null
	hasSecret: boolean
	samlSsoUrl: string | null
	samlCerts: string | null
	enabled: boolean
	ssoOnly: boolean
	/** With passwords off, the one admin who still signs in with a password. */
	breakGlassUserId: string | null
	domains: string[]
	updatedAt: Date
}

export async function getSsoConfig(orgId: string): Promise<SsoConfigView | null> {
	const [row] = await db().select().from(ssoConfigs).where(eq(ssoConfigs.orgId, orgId)).limit(1)
	if (!row) return null
	const domains = await db().select({ domain: ssoDomains.domain }).from(ssoDomains).where(eq(ssoDomains.orgId, orgId)).orderBy(ssoDomains.domain)
	return {
		protocol: row.protocol,
		issuer: row.issuer,
		clientId: row.clientId,
		hasSecret: Boolean(row.clientSecretEncrypted),
		samlSsoUrl: row.samlSsoUrl,
		samlCerts: row.samlCerts,
		enabled: row.enabled,
		ssoOnly: row.ssoOnly,
		breakGlassUserId: row.breakGlassUserId,
		domains: domains.map((d) => d.domain),
		updatedAt: row.updatedAt,
	}
}

export type Provider =
	| { protocol: 'oidc'; orgId: string; issuer: string; clientId: string; clientSecret: string }
	| { protocol: 'saml'; orgId: string; entityId: string; ssoUrl: string; certs: string[] }

/** The provider's settings with any secret in clear, for a sign-in; null when SSO is off or unreadable. */
export async function enabledProvider(orgId: string): Promise<Provider | null> {
	const [row] = await db()
		.select()
		.from(ssoConfigs)
		.where(and(eq(ssoConfigs.orgId, orgId), eq(ssoConfigs.enabled, true)))
		.limit(1)
	return row ? providerOf(row) : null
}

/** The stored provider whether on or off (the admin's "test the connection"). */
export async function configuredProvider(orgId: string): Promise<Provider | null> {
	const [row] = await db().select().from(ssoConfigs).where(eq(ssoConfigs.orgId, orgId)).limit(1)
	return row ? providerOf(row) : null
}

function providerOf(row: typeof ssoConfigs.$inferSelect): Provider | null {
	if (row.protocol === 'saml') {
		if (!row.samlSsoUrl || !row.samlCerts) return null
		const certs = [...row.samlCerts.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g)].map((m) => m[0])
		return { protocol: 'saml', orgId: row.orgId, entityId: row.issuer, ssoUrl: row.samlSsoUrl, certs }
	}
	if (!row.clientId || !row.clientSecretEncrypted) return null
	const clientSecret = decryptSecret(row.clientSecretEncrypted, secretContext(row.orgId))
	if (clientSecret === null) return null
	return { protocol: 'oidc', orgId: row.orgId, issuer: row.issuer, clientId: row.clientId, clientSecret }
}

/** The organisation whose SSO a work address leads to, by its proven domain; null when none (or off). */
export async function organisationForEmail(email: string): Promise<string | null> {
	const domain = email.trim().toLowerCase().split('@')[1]
	if (!domain) return null
	const [row] = await db()
		.select({ orgId: ssoDomains.orgId })
		.from(ssoDomains)
		.innerJoin(ssoConfigs, and(eq(ssoConfigs.orgId, ssoDomains.orgId), eq(ssoConfigs.enabled, true)))
		.where(and(eq(ssoDomains.domain, domain), isNotNull(ssoDomains.verifiedAt)))
		.limit(1)
	return row?.orgId ?? null
}

export async function saveSsoConfig(orgId: string, raw: unknown, actor: AuditActor): Promise<Result<null>> {
	const parsed = configSchema.safeParse(raw)
	if (!parsed.success) return fail(fieldErrorsFrom(parsed.error.issues))
	const input = parsed.data
	const before = await getSsoConfig(orgId)
	let protocolValues: Partial<typeof ssoConfigs.$inferInsert> & { issuer: string }
	let secret: string | undefined
	if (input.protocol === 'oidc') {
		secret = input.clientSecret?.trim()
		if (!secret && !(before?.protocol === 'oidc' && before.hasSecret)) return fail({ clientSecret: 'Enter the client secret.' })
		protocolValues = {
			issuer: input.issuer.replace(/\/$/, ''),
			clientId: input.clientId,
			samlSsoUrl: null,
			samlCerts: null,
			...(secret ? { clientSecretEncrypted: encryptSecret(secret, secretContext(orgId)) } : {}),
		}
	} else {
		const saml = samlValues(input, before?.protocol === 'saml' ? before.samlCerts : null)
		if (!saml.ok) return saml
		protocolValues = { issuer: saml.value.entityId, samlSsoUrl: saml.value.ssoUrl, samlCerts: saml.value.certs.join(''), clientId: null, clientSecretEncrypted: null }
	}
	if (input.enabled && input.domains.length === 0) return fail({ domains: 'Name at least one e-mail domain, so people can find the sign-in.' })
	if (input.ssoOnly && !input.enabled) return fail({ ssoOnly: 'Turn single sign-on on before turning passwords off.' })
	// Passwords off keeps one admin's password, named (the admin saving, unless another is chosen):
	// a provider outage must not lock the organisation out, and no other admin's password is a way in.
	let breakGlassUserId: string | null = null
	if (input.ssoOnly) {
		breakGlassUserId = input.breakGlassUserId || actor.userId
		if (!breakGlassUserId || !(await isActiveAdmin(orgId, breakGlassUserId))) return fail({ breakGlassUserId: BREAK_GLASS_MESSAGE })
	}

	return db().transaction(async (tx) => {
		// A proven domain belongs to one organisation; the answer does not say which (an admin of
		// one organisation learns nothing about another). Unproven claims do not block anyone.
		if (input.domains.length) {
			const taken = await tx
				.select({ domain: ssoDomains.domain })
				.from(ssoDomains)
				.where(and(ne(ssoDomains.orgId, orgId), inArray(ssoDomains.domain, input.domains), isNotNull(ssoDomains.verifiedAt)))
			const clash = taken.map((t) => t.domain).sort()
			if (clash.length)
				return fail({ domains: `${clash.join(', ')} ${clash.length === 1 ? 'is' : 'are'} already used for single sign-on elsewhere. Contact support if it is yours.` })
		}
		const values = { ...protocolValues, protocol: input.protocol, enabled: input.enabled, ssoOnly: input.ssoOnly, breakGlassUserId, updatedAt: new Date() }
		if (before) await tx.update(ssoConfigs).set(values).where(eq(ssoConfigs.orgId, orgId))
		else await tx.insert(ssoConfigs).values({ orgId, ...values })
		// Domains kept keep their proof; new ones get a value to publish.
		const kept = before?.domains ?? []
		const removed = kept.filter((d) => !input.domains.includes(d))
		if (removed.length) await tx.delete(ssoDomains).where(and(eq(ssoDomains.orgId, orgId), inArray(ssoDomains.domain, removed)))
		const added = input.domains.filter((d) => !kept.includes(d))
		if (added.length) await tx.insert(ssoDomains).values(added.map((domain) => ({ domain, orgId, verificationToken: randomTokenPart(24) })))

		const detail: Record<string, unknown> = {}
		const compare = (key: string, from: unknown, to: unknown) => {
			if (JSON.stringify(from) !== JSON.stringify(to)) detail[key] = { from, to }
		}
		compare('protocol', before?.protocol ?? null, input.protocol)
		compare(input.protocol === 'saml' ? 'entityId' : 'issuer', before?.issuer ?? null, values.issuer)
		if (input.protocol === 'oidc') compare('clientId', before?.clientId ?? null, values.clientId)
		else {
			compare('ssoUrl', before?.samlSsoUrl ?? null, values.samlSsoUrl)
			if ((before?.samlCerts ?? null) !== values.samlCerts) detail.certificates = 'replaced'
		}
		compare('domains', before?.domains ?? [], input.domains)
		compare('enabled', before?.enabled ?? false, input.enabled)
		compare('passwordsOff', before?.ssoOnly ?? false, input.ssoOnly)
		compare('breakGlass', before?.breakGlassUserId ?? null, breakGlassUserId)
		if (secret) detail.clientSecret = 'replaced'
		await recordAudit(tx, orgId, { actor, action: 'sso.config_changed', detail })
		return ok(null)
	})
}

/** Active admins of the organisation, for the break-glass choice. */
export async function activeAdmins(orgId: string) {
	return db()
		.select({ id: users.id, name: users.name, email: users.email })
		.from(users)
		.where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), eq(users.active, true)))
		.orderBy(users.name)
}

async function isActiveAdmin(orgId: string, userId: string) {
	if (!isUuid(userId)) return false
	return (await activeAdmins(orgId)).some((a) => a.id === userId)
}

type SamlInput = Extract<z.output<typeof configSchema>, { protocol: 'saml' }>

/** The SAML provider from its metadata, or from the three fields given by hand. */
function samlValues(input: SamlInput, storedCerts: string | null): Result<{ entityId: string; ssoUrl: string; certs: string[] }> {
	if (input.metadataXml?.trim()) {
		const parsed = parseIdpMetadata(input.metadataXml)
		if (!parsed.ok) return fail({ metadataXml: parsed.error })
		const url = httpsUrl('https://idp.example.com/sso/saml').safeParse(parsed.value.ssoUrl)
		if (!url.success) return fail({ metadataXml: `The metadata’s sign-in address ${parsed.value.ssoUrl} is not https.` })
		return ok(parsed.value)
	}
	if (!input.entityId) return fail({ entityId: 'Enter the provider’s entity id (issuer), or paste its metadata.' })
	const url = httpsUrl('https://idp.example.com/sso/saml').safeParse(input.ssoUrl ?? '')
	if (!input.ssoUrl || !url.success) return fail({ ssoUrl: input.ssoUrl ? url.error!.issues[0]!.message : 'Enter the provider’s sign-in address (SSO URL).' })
	// Empty keeps the stored certificates (the form does not show them back).
	const certs = checkCertificates(input.certificate?.trim() ? input.certificate : (storedCerts ?? ''))
	if (!certs.ok) return fail({ certificate: certs.error })
	return ok({ entityId: input.entityId, ssoUrl: url.data, certs: certs.value })
}

/**
 * What an admin pastes about their SAML identity provider, made safe to keep: the provider's
 * metadata XML read for its entity id, its sign-in address (HTTP-Redirect binding) and its signing
 * certificates; certificates given by hand (PEM or the bare base64 of metadata) checked to be
 * X.509 and still valid. Nothing here fetches anything.
 */
import { X509Certificate } from 'node:crypto'

import { DOMParser } from '@xmldom/xmldom'

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata'
const DS = 'http://www.w3.org/2000/09/xmldsig#'
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST'

export interface IdpMetadata {
	entityId: string
	ssoUrl: string
	certs: string[]
}

export type MetadataResult = { ok: true; value: IdpMetadata } | { ok: false; error: string }

/** The provider's entity id, sign-in address and signing certificates from its metadata XML. */
export function parseIdpMetadata(xml: string): MetadataResult {
	let doc: Document
	const problems: string[] = []
	try {
		doc = new DOMParser({
			errorHandler: { error: (m: string) => problems.push(m), fatalError: (m: string) => problems.push(m), warning: () => undefined },
		}).parseFromString(xml, 'text/xml') as unknown as Document
	} catch {
		return { ok: false, error: 'The metadata is not XML. Paste the whole file your identity provider gives (it starts with <EntityDescriptor or <md:EntityDescriptor).' }
	}
	// A DOCTYPE can declare entities; metadata never needs one.
	if (problems.length || !doc?.documentElement || doc.doctype)
		return { ok: false, error: 'The metadata is not XML. Paste the whole file your identity provider gives (it starts with <EntityDescriptor or <md:EntityDescriptor).' }
	const root = doc.documentElement
	const entity = root.localName === 'EntityDescriptor' && root.namespaceURI === MD ? root : null
	if (!entity) return { ok: false, error: 'This is not SAML metadata: it has no EntityDescriptor.' }
	const entityId = entity.getAttribute('entityID')?.trim() ?? ''
	const idp = Array.from(entity.getElementsByTagNameNS(MD, 'IDPSSODescriptor'))[0]
	if (!entityId || !idp) return { ok: false, error: 'The metadata describes no identity provider (no IDPSSODescriptor with an entityID).' }

	const services = Array.from(idp.getElementsByTagNameNS(MD, 'SingleSignOnService'))
	const service = services.find((s) => s.getAttribute('Binding') === REDIRECT) ?? services.find((s) => s.getAttribute('Binding') === POST)
	const ssoUrl = service?.getAttribute('Location')?.trim() ?? ''
	if (!ssoUrl) return { ok: false, error: 'The metadata names no sign-in address (SingleSignOnService).' }

	const certs: string[] = []
	for (const descriptor of Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))) {
		const use = descriptor.getAttribute('use')
		if (use && use !== 'signing') continue
		for (const c of Array.from(descriptor.getElementsByTagNameNS(DS, 'X509Certificate'))) certs.push(c.textContent ?? '')
	}
	const checked = checkCertificates(certs.join('\n'))
	if (!checked.ok) return checked
	return { ok: true, value: { entityId, ssoUrl, certs: checked.value } }
}

export type CertResult = { ok: true; value: string[] } | { ok: false; error: string }

/**
 * One or more certificates, PEM or bare base64 (as metadata carries them), as PEM. Refused: none,
 * not X.509, or expired (the provider's signatures would be checked against a dead key).
 */
export function checkCertificates(text: string, now = new Date()): CertResult {
	const blocks = text.includes('-----BEGIN CERTIFICATE-----')
		? [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!)
		: text.split(/\n\s*\n/)
	const bodies = blocks.map((b) => b.replace(/\s+/g, '')).filter(Boolean)
	if (!bodies.length) return { ok: false, error: 'Give the provider’s signing certificate (X.509, PEM or base64).' }
	const pems: string[] = []
	for (const body of bodies) {
		if (!/^[A-Za-z0-9+/=]+$/.test(body)) return { ok: false, error: 'A certificate is not PEM or base64.' }
		const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`
		let cert: X509Certificate
		try {
			cert = new X509Certificate(pem)
		} catch {
			return { ok: false, error: 'A certificate could not be read as X.509.' }
		}
		if (new Date(cert.validTo).getTime() <= now.getTime()) return { ok: false, error: `A signing certificate expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}.` }
		pems.push(pem)
	}
	return { ok: true, value: pems }
}

/** The earliest expiry among stored certificates, for the admin page. */
export function certificatesExpireAt(pems: string): Date | null {
	const dates = [...pems.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].flatMap((m) => {
		try {
			return [new Date(new X509Certificate(m[0]).validTo)]
		} catch {
			return []
		}
	})
	return dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : null
}

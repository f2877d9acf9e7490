/**
 * A SAML identity provider as the tests need one: its own key and self-signed certificate made
 * here (selfsigned), its metadata, the AuthnRequest a sign-in sends it read back from the
 * redirect, and Responses built and signed with xml-crypto as Okta, Entra ID or Keycloak sign
 * them (the assertion, the response, or both; exclusive c14n, RSA-SHA256).
 */
import { randomUUID } from 'node:crypto'
import { inflateRawSync } from 'node:zlib'

import { generate } from 'selfsigned'
import { SignedXml } from 'xml-crypto'

export interface SamlIdp {
	entityId: string
	ssoUrl: string
	cert: string
	privateKey: string
	metadata: string
}

export async function makeSamlIdp(name: string, validity: { notBeforeDate?: Date; notAfterDate?: Date } = {}): Promise<SamlIdp> {
	const pems = await generate([{ name: 'commonName', value: `${name} SAML signing` }], { keySize: 2048, algorithm: 'sha256', ...validity })
	const entityId = `https://idp.${name}.test/saml/metadata`
	const ssoUrl = `https://idp.${name}.test/saml/sso`
	const body = pems.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '')
	const metadata = `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ssoUrl}/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
	return { entityId, ssoUrl, cert: pems.cert, privateKey: pems.private, metadata }
}

/** The AuthnRequest a redirect carries (deflated, base64): its ID, ACS address and issuer. */
export function readAuthnRequest(redirectUrl: string) {
	const url = new URL(redirectUrl)
	const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8')
	const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1] ?? null
	return { xml, id: attr('ID'), acs: attr('AssertionConsumerServiceURL'), issuer: /<saml:Issuer[^>]*>([^<]*)</.exec(xml)?.[1] ?? null, url }
}

export interface AssertionFacts {
	issuer: string
	audience: string
	recipient: string
	inResponseTo: string | null
	/** The assertion's InResponseTo, when it differs from the response's. */
	subjectInResponseTo?: string | null
	nameId: string
	email?: string
	notOnOrAfter?: Date
	notBefore?: Date
	assertionId?: string
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

export function assertionXml(f: AssertionFacts, now = new Date()) {
	const notOnOrAfter = iso(f.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000))
	const notBefore = iso(f.notBefore ?? new Date(now.getTime() - 60_000))
	const subjectIrt = f.subjectInResponseTo === undefined ? f.inResponseTo : f.subjectInResponseTo
	return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${f.assertionId ?? `_a${randomUUID()}`}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${f.issuer}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${f.nameId}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${subjectIrt ? ` InResponseTo="${subjectIrt}"` : ''} NotOnOrAfter="${notOnOrAfter}" Recipient="${f.recipient}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${f.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_s${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>${
		f.email
			? `<saml:AttributeStatement><saml:Attribute Name="email" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue>${f.email}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>`
			: ''
	}</saml:Assertion>`
}

export function responseXml(f: AssertionFacts, assertion: string, now = new Date()) {
	return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${f.recipient}"${f.inResponseTo ? ` InResponseTo="${f.inResponseTo}"` : ''}><saml:Issuer>${f.issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`
}

/** Signs the element named `what` (its first occurrence) enveloped, the signature after its Issuer. */
export function sign(xml: string, what: 'Assertion' | 'Response', key: { privateKey: string; cert: string }) {
	const sig = new SignedXml({
		privateKey: key.privateKey,
		publicCert: key.cert,
		signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
		canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
	})
	sig.addReference({
		xpath: `(//*[local-name(.)='${what}'])[1]`,
		transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
		digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
	})
	sig.computeSignature(xml, { prefix: 'ds', location: { reference: `(//*[local-name(.)='${what}'])[1]/*[local-name(.)='Issuer']`, action: 'after' } })
	return sig.getSignedXml()
}

export type Signing = 'assertion' | 'response' | 'both' | 'none'

/** A whole Response as the provider would post it (base64), signed as asked. */
export function signedResponse(f: AssertionFacts, key: { privateKey: string; cert: string }, signing: Signing = 'assertion', now = new Date()) {
	let assertion = assertionXml(f, now)
	if (signing === 'assertion' || signing === 'both') assertion = sign(assertion, 'Assertion', key)
	let response = responseXml(f, assertion, now)
	if (signing === 'response' || signing === 'both') response = sign(response, 'Response', key)
	return Buffer.from(response).toString('base64')
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton, TextAreaField } from '~/components/forms'
import { moment } from '~/components/moment'
import { PageHead } from '~/components/page'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { localizeIntegrationProblem, localizeIntegrationProblems } from '~/i18n/integration-problems.server'
import { metaT } from '~/i18n/react'
import { callbackUrl } from '~/identity/oidc.server'
import { acsUrl, spEntityId } from '~/identity/saml.server'
import { certificatesExpireAt } from '~/identity/saml-metadata.server'
import { createScimToken, revokeScimToken, scimTokenStatus } from '~/identity/scim-tokens.server'
import { activeAdmins, getSsoConfig, saveSsoConfig } from '~/identity/sso-config.server'
import { domainsOf, verifySsoDomain } from '~/identity/sso-domains.server'
import { testSsoConnection } from '~/identity/sso-test.server'
import { env } from '~/utils/env.server'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('identity.title', { ns: 'integrations' }) }) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const [sso, token, domains, admins] = await Promise.all([getSsoConfig(org.id), scimTokenStatus(org.id), domainsOf(org.id), activeAdmins(org.id)])
	return {
		// Who keeps a password when passwords are off: the one named while still an active admin, else
		// (nobody named, or the keeper demoted, deactivated or erased) the admin reading, as saving would.
		admins: admins.map((a) => ({ value: a.id, label: `${a.name} <${a.email}>` })),
		breakGlassUserId: admins.find((a) => a.id === sso?.breakGlassUserId)?.id ?? user.id,
		timeZone: org.timeZone,
		callback: callbackUrl(),
		saml: { entityId: spEntityId(org.id), acs: acsUrl(org.id) },
		domains: domains.map((d) => ({ domain: d.domain, recordName: d.recordName, recordValue: d.recordValue, verified: d.verifiedAt !== null })),
		scimBase: `${env().APP_URL}/scim/v2`,
		sso: sso
			? {
					protocol: sso.protocol,
					issuer: sso.issuer,
					clientId: sso.clientId ?? '',
					samlSsoUrl: sso.samlSsoUrl ?? '',
					certificatesExpire: sso.samlCerts ? (certificatesExpireAt(sso.samlCerts)?.toISOString() ?? null) : null,
					enabled: sso.enabled,
					ssoOnly: sso.ssoOnly,
					domains: sso.domains.join(', '),
				}
			: null,
		token: token ? { id: token.id, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null } : null,
	}
}

type ActionData = {
	intent: string
	errors: FieldErrors
	done: string | null
	token: string | null
	test?: { ok: boolean; message: string }
	domainCheck?: { ok: boolean; message: string }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const form = await request.formData()
	const intent = form.get('intent')
	const actor = userActor(user, context)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'integrations')
	const say = (outcome: { ok: boolean; message: string }) => ({ ok: outcome.ok, message: localizeIntegrationProblem(locale, outcome.message) })
	if (intent === 'sso') {
		const text = (name: string) => {
			const v = form.get(name)
			return typeof v === 'string' ? v : ''
		}
		const common = { domains: text('domains'), enabled: form.get('enabled') === 'on', ssoOnly: form.get('ssoOnly') === 'on', breakGlassUserId: text('breakGlassUserId') }
		const result = await saveSsoConfig(
			org.id,
			text('protocol') === 'saml'
				? { protocol: 'saml', metadataXml: text('metadataXml'), entityId: text('entityId'), ssoUrl: text('ssoUrl'), certificate: text('certificate'), ...common }
				: { protocol: 'oidc', issuer: text('issuer'), clientId: text('clientId'), clientSecret: text('clientSecret'), ...common },
			actor,
		)
		if (!result.ok) return data<ActionData>({ intent, errors: localizeIntegrationProblems(locale, result.errors), done: null, token: null }, { status: 400 })
		return data<ActionData>({ intent, errors: {}, done: t('identity.done.saved'), token: null })
	}
	if (intent === 'sso-test') {
		const test = await testSsoConnection(org.id, actor)
		return data<ActionData>({ intent, errors: {}, done: null, token: null, test: say(test) })
	}
	if (intent === 'domain-verify') {
		const domain = form.get('domain')
		const domainCheck = await verifySsoDomain(org.id, typeof domain === 'string' ? domain : '', actor)
		return data<ActionData>({ intent, errors: {}, done: null, token: null, domainCheck: say(domainCheck) })
	}
	if (intent === 'scim-create') {
		const created = await createScimToken(org.id, actor)
		return data<ActionData>({ intent, errors: {}, done: null, token: created.token })
	}
	if (intent === 'scim-revoke') {
		await revokeScimToken(org.id, actor)
		return data<ActionData>({ intent, errors: {}, done: t('identity.done.revoked'), token: null })
	}
	return data<ActionData>({ intent: 'unknown', errors: { _form: t('common.notUnderstood') }, done: null, token: null }, { status: 400 })
}

export default function Identity() {
	const { sso, token, callback, saml, domains, scimBase, timeZone, admins, breakGlassUserId } = useLoaderData<typeof loader>()
	const protocol = sso?.protocol ?? 'oidc'
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.intent === 'sso' ? result.errors : {}
	const { t, i18n } = useTranslation('integrations')
	const when = (iso: string | null) => moment(iso, i18n.language, timeZone, t('common.never'))
	return (
		<>
			<PageHead title={t('identity.title')}>{t('identity.intro')}</PageHead>
			<Notice>{result?.done}</Notice>
			<FormError error={result?.intent === 'unknown' ? result.errors._form : undefined} />
			<div className="card">
				<h2>{t('identity.sso.heading')}</h2>
				<p className="small">{t('identity.sso.intro')}</p>
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<fieldset>
						<legend>{t('identity.sso.protocol')}</legend>
						<label className="checkbox">
							<input type="radio" name="protocol" value="oidc" defaultChecked={protocol === 'oidc'} /> {t('identity.oidc.name')}
						</label>
						<label className="checkbox">
							<input type="radio" name="protocol" value="saml" defaultChecked={protocol === 'saml'} /> {t('identity.saml.name')}
						</label>
					</fieldset>
					<fieldset>
						<legend>{t('identity.oidc.name')}</legend>
						<p className="small">
							<Trans t={t} i18nKey="identity.oidc.help" values={{ callback, scopes: 'openid email profile' }} components={{ code: <code /> }} />
						</p>
						<Field
							label={t('identity.oidc.issuer')}
							name="issuer"
							defaultValue={sso?.protocol === 'oidc' ? sso.issuer : ''}
							placeholder={t('identity.oidc.issuerExample')}
							error={errors.issuer}
						/>
						<Field label={t('identity.oidc.clientId')} name="clientId" defaultValue={sso?.clientId ?? ''} error={errors.clientId} />
						<Field
							label={t('identity.oidc.clientSecret')}
							name="clientSecret"
							type="password"
							autoComplete="off"
							hint={sso?.protocol === 'oidc' ? t('identity.oidc.secretKept') : t('identity.oidc.secretStored')}
							error={errors.clientSecret}
						/>
					</fieldset>
					<fieldset>
						<legend>{t('identity.saml.name')}</legend>
						<p className="small">
							<Trans t={t} i18nKey="identity.saml.help" values={{ entityId: saml.entityId, acs: saml.acs }} components={{ code: <code />, metadata: <a href={saml.entityId} /> }} />
						</p>
						<TextAreaField id="saml-metadata" label={t('identity.saml.metadata')} name="metadataXml" rows={4} hint={t('identity.saml.metadataHint')} error={errors.metadataXml} />
						<Field label={t('identity.saml.entityId')} name="entityId" defaultValue={sso?.protocol === 'saml' ? sso.issuer : ''} error={errors.entityId} />
						<Field label={t('identity.saml.ssoUrl')} name="ssoUrl" defaultValue={sso?.samlSsoUrl ?? ''} placeholder={t('identity.saml.ssoUrlExample')} error={errors.ssoUrl} />
						<TextAreaField
							id="saml-certificate"
							label={t('identity.saml.certificate')}
							name="certificate"
							rows={4}
							hint={
								sso?.certificatesExpire
									? t('identity.saml.certificateValid', { date: when(sso.certificatesExpire) })
									: t('identity.saml.certificateHint', { begin: '-----BEGIN CERTIFICATE-----' })
							}
							error={errors.certificate}
						/>
					</fieldset>
					<Field
						label={t('identity.domains.label')}
						name="domains"
						defaultValue={sso?.domains ?? ''}
						placeholder={t('identity.domains.example')}
						hint={t('identity.domains.hint')}
						error={errors.domains}
					/>
					<label className="checkbox">
						<input type="checkbox" name="enabled" defaultChecked={sso?.enabled ?? false} /> {t('identity.sso.enabled')}
					</label>
					{errors.enabled ? <p className="field-error">{errors.enabled}</p> : null}
					<label className="checkbox">
						<input type="checkbox" name="ssoOnly" defaultChecked={sso?.ssoOnly ?? false} /> {t('identity.sso.ssoOnly')}
					</label>
					{errors.ssoOnly ? <p className="field-error">{errors.ssoOnly}</p> : null}
					<SelectField label={t('identity.sso.breakGlass')} name="breakGlassUserId" options={admins} defaultValue={breakGlassUserId} error={errors.breakGlassUserId} />
					<p className="small muted">{t('identity.sso.breakGlassHint')}</p>
					<SubmitButton name="intent" value="sso" pendingText={t('common.saving')}>
						{t('identity.sso.save')}
					</SubmitButton>
				</Form>
				{sso ? (
					<Form method="post" className="form-row">
						<SubmitButton name="intent" value="sso-test" pendingText={t('identity.sso.testing')} className="button button-secondary">
							{t('identity.sso.test')}
						</SubmitButton>
					</Form>
				) : null}
				{result?.test ? (
					<p role="status" className={result.test.ok ? 'notice' : 'field-error'}>
						{result.test.ok ? t('identity.sso.testWorks') : t('identity.sso.testFailed')} {result.test.message}
					</p>
				) : null}
			</div>
			{domains.length ? (
				<div className="card">
					<h2>{t('identity.verify.heading')}</h2>
					<p className="small">{t('identity.verify.intro')}</p>
					{result?.domainCheck ? (
						<p role="status" className={result.domainCheck.ok ? 'notice' : 'field-error'}>
							{result.domainCheck.message}
						</p>
					) : null}
					<table>
						<caption className="sr-only">{t('identity.verify.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('identity.verify.domain')}</th>
								<th scope="col">{t('identity.verify.record')}</th>
								<th scope="col">{t('identity.verify.status')}</th>
							</tr>
						</thead>
						<tbody>
							{domains.map((d) => (
								<tr key={d.domain}>
									<td>{d.domain}</td>
									<td>
										<code>{d.recordName}</code>
										<br />
										<code>{d.recordValue}</code>
									</td>
									<td>
										{d.verified ? (
											t('identity.verify.verified')
										) : (
											<Form method="post">
												<input type="hidden" name="domain" value={d.domain} />
												<SubmitButton name="intent" value="domain-verify" pendingText={t('identity.verify.checking')} className="button button-secondary">
													{t('identity.verify.check', { domain: d.domain })}
												</SubmitButton>
											</Form>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			) : null}
			<div className="card">
				<h2>{t('identity.scim.heading')}</h2>
				<p className="small">
					<Trans t={t} i18nKey="identity.scim.intro" values={{ base: scimBase }} components={{ code: <code /> }} />
				</p>
				{result?.token ? (
					<Notice>
						<strong>{t('identity.scim.newToken')}</strong> {t('identity.scim.copyNow')}
						<pre className="mail-body" aria-label={t('identity.scim.newTokenLabel')}>
							{result.token}
						</pre>
					</Notice>
				) : null}
				<p>{token ? t('identity.scim.active', { made: when(token.createdAt), used: when(token.lastUsedAt) }) : t('identity.scim.none')}</p>
				<Form method="post" className="form-row">
					<SubmitButton name="intent" value="scim-create" pendingText={t('common.creating')}>
						{token ? t('identity.scim.replace') : t('identity.scim.create')}
					</SubmitButton>
					{token ? (
						<SubmitButton name="intent" value="scim-revoke" pendingText={t('common.revoking')} className="button button-secondary">
							{t('identity.scim.revoke')}
						</SubmitButton>
					) : null}
				</Form>
			</div>
		</>
	)
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { PageHead } from '~/components/page'
import { callbackUrl } from '~/identity/oidc.server'
import { createScimToken, revokeScimToken, scimTokenStatus } from '~/identity/scim-tokens.server'
import { getSsoConfig, saveSsoConfig } from '~/identity/sso-config.server'
import { env } from '~/utils/env.server'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Identity · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const [sso, token] = await Promise.all([getSsoConfig(org.id), scimTokenStatus(org.id)])
	return {
		timeZone: org.timeZone,
		callback: callbackUrl(),
		scimBase: `${env().APP_URL}/scim/v2`,
		sso: sso ? { issuer: sso.issuer, clientId: sso.clientId, enabled: sso.enabled, ssoOnly: sso.ssoOnly, domains: sso.domains.join(', ') } : null,
		token: token ? { id: token.id, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null } : null,
	}
}

type ActionData = { intent: string; errors: FieldErrors; done: string | null; token: string | null }

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const form = await request.formData()
	const intent = form.get('intent')
	const actor = userActor(user, context)
	if (intent === 'sso') {
		const result = await saveSsoConfig(
			org.id,
			{
				issuer: form.get('issuer') ?? '',
				clientId: form.get('clientId') ?? '',
				clientSecret: form.get('clientSecret') ?? '',
				domains: form.get('domains') ?? '',
				enabled: form.get('enabled') === 'on',
				ssoOnly: form.get('ssoOnly') === 'on',
			},
			actor,
		)
		if (!result.ok) return data<ActionData>({ intent, errors: result.errors, done: null, token: null }, { status: 400 })
		return data<ActionData>({ intent, errors: {}, done: 'Single sign-on settings saved.', token: null })
	}
	if (intent === 'scim-create') {
		const created = await createScimToken(org.id, actor)
		return data<ActionData>({ intent, errors: {}, done: null, token: created.token })
	}
	if (intent === 'scim-revoke') {
		await revokeScimToken(org.id, actor)
		return data<ActionData>({ intent, errors: {}, done: 'Provisioning token revoked. Calls with it now answer 401.', token: null })
	}
	return data<ActionData>({ intent: 'unknown', errors: { _form: 'That request was not understood.' }, done: null, token: null }, { status: 400 })
}

function when(iso: string | null, timeZone: string) {
	if (!iso) return 'never'
	return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))
}

export default function Identity() {
	const { sso, token, callback, scimBase, timeZone } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.intent === 'sso' ? result.errors : {}
	return (
		<>
			<PageHead title="Identity">
				Let people sign in through your company’s identity provider (OpenID Connect: Okta, Entra ID, Google Workspace, Keycloak), and let it keep your people list up to date
				(SCIM).
			</PageHead>
			<Notice>{result?.done}</Notice>
			<FormError error={result?.intent === 'unknown' ? result.errors._form : undefined} />
			<div className="card">
				<h2>Single sign-on (OpenID Connect)</h2>
				<p className="small">
					Register an application at your provider with the redirect address <code>{callback}</code>, scopes <code>openid email profile</code>, and give its details here. People
					are matched to the accounts you already have by their verified e-mail; nobody is created by signing in.
				</p>
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<Field label="Issuer" name="issuer" required defaultValue={sso?.issuer ?? ''} placeholder="https://yourcompany.okta.com" error={errors.issuer} />
					<Field label="Client id" name="clientId" required defaultValue={sso?.clientId ?? ''} error={errors.clientId} />
					<Field
						label="Client secret"
						name="clientSecret"
						type="password"
						autoComplete="off"
						required={!sso}
						hint={sso ? 'Stored encrypted and never shown again. Leave empty to keep the current one.' : 'Stored encrypted and never shown again.'}
						error={errors.clientSecret}
					/>
					<Field
						label="E-mail domains"
						name="domains"
						defaultValue={sso?.domains ?? ''}
						placeholder="example.com, example.co.uk"
						hint="People whose work address ends in one of these are sent to your provider from “Sign in with single sign-on”."
						error={errors.domains}
					/>
					<label className="checkbox">
						<input type="checkbox" name="enabled" defaultChecked={sso?.enabled ?? false} /> Single sign-on is on
					</label>
					{errors.enabled ? <p className="field-error">{errors.enabled}</p> : null}
					<label className="checkbox">
						<input type="checkbox" name="ssoOnly" defaultChecked={sso?.ssoOnly ?? false} /> Passwords off: everyone but admins signs in through the provider only
					</label>
					{errors.ssoOnly ? <p className="field-error">{errors.ssoOnly}</p> : null}
					<p className="small muted">Admins keep their password, so a provider outage cannot lock your organisation out.</p>
					<SubmitButton name="intent" value="sso" pendingText="Saving…">
						Save single sign-on
					</SubmitButton>
				</Form>
			</div>
			<div className="card">
				<h2>Provisioning (SCIM 2.0)</h2>
				<p className="small">
					Base address for your provider’s SCIM app: <code>{scimBase}</code>, authentication “HTTP header / bearer token”. People it creates are employees; deactivating them there
					ends their sessions here at once.
				</p>
				{result?.token ? (
					<Notice>
						<strong>New provisioning token.</strong> Copy it into your provider now: it is shown only this once and cannot be recovered.
						<pre className="mail-body" aria-label="New SCIM token">
							{result.token}
						</pre>
					</Notice>
				) : null}
				<p>{token ? `A token is active (made ${when(token.createdAt, timeZone)}, last used ${when(token.lastUsedAt, timeZone)}).` : 'No token: provisioning is off.'}</p>
				<Form method="post" className="form-row">
					<SubmitButton name="intent" value="scim-create" pendingText="Creating…">
						{token ? 'Replace the token' : 'Create a token'}
					</SubmitButton>
					{token ? (
						<SubmitButton name="intent" value="scim-revoke" pendingText="Revoking…" className="button button-secondary">
							Revoke the token
						</SubmitButton>
					) : null}
				</Form>
			</div>
		</>
	)
}

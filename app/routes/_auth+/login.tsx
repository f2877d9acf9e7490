import { type ActionFunctionArgs, data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { commitSessionToken } from '~/auth/cookie.server'
import { getCurrentUser, safeRedirect } from '~/auth/guard.server'
import { signIn } from '~/auth/sign-in.server'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { fixedT, requestLocale } from '~/i18n/i18n.server'
import { localizeProblems } from '~/i18n/problems.server'
import { pageTitle } from '~/i18n/react'
import { fieldErrorsFrom } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'login.title') }]

// A plain form post (no JavaScript) is answered with the whole page, whose headers come from
// here, not from the action: without this a throttled sign-in lost its Retry-After.
export const headers: HeadersFunction = ({ actionHeaders }) => {
	const headers = new Headers()
	const retryAfter = actionHeaders.get('Retry-After')
	if (retryAfter) headers.set('Retry-After', retryAfter)
	return headers
}

/** Failed attempts wait this long, so guessing is slow even before the throttle starts. */
export const FAILURE_DELAY_MS = 700

const schema = z.object({
	email: textSchema().trim().min(1, 'Enter an e-mail address.').email('This is not a valid e-mail address.'),
	password: z.string().min(1, 'Enter your password.').max(200, 'That password is too long.'),
	organization: textSchema().trim().max(63, 'Choose one.').optional(),
	redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
	if (await getCurrentUser(request)) throw redirect('/home')
	return null
}

export async function action({ request, context }: ActionFunctionArgs) {
	const form = Object.fromEntries(await request.formData())
	const locale = await requestLocale(request)
	const t = fixedT(locale, 'app')
	const parsed = schema.safeParse(form)
	if (!parsed.success) return data({ errors: localizeProblems(locale, fieldErrorsFrom(parsed.error.issues)), organizations: null }, { status: 400 })
	const result = await orUnavailable(() =>
		signIn({
			email: parsed.data.email,
			password: parsed.data.password,
			organization: parsed.data.organization || undefined,
			clientAddress: context.clientAddress,
		}),
	)
	if (result.ok) {
		throw redirect(safeRedirect(parsed.data.redirectTo, '/home'), {
			headers: { 'Set-Cookie': await commitSessionToken(result.token) },
		})
	}
	if (result.reason === 'throttled') {
		const minutes = Math.ceil(result.retryAfterSeconds / 60)
		return data({ errors: { _form: t('login.throttled', { count: minutes }) }, organizations: null }, { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } })
	}
	if (result.reason === 'sso-only') {
		return data({ errors: { _form: t('login.ssoOnly') }, organizations: null }, { status: 403 })
	}
	if (result.reason === 'choose-organization') {
		return data({ errors: { organization: t('login.chooseOrganisation') }, organizations: result.organizations }, { status: 400 })
	}
	await new Promise((r) => setTimeout(r, FAILURE_DELAY_MS))
	return data({ errors: { _form: t('login.noMatch') }, organizations: null }, { status: 401 })
}

export default function Login() {
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	const { t } = useTranslation()
	const errors: Record<string, string | undefined> = actionData?.errors ?? {}
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>{t('login.title')}</h1>
				<p className="muted">{t('login.intro')}</p>
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
					<Field label={t('fields.email')} name="email" type="email" autoComplete="username" required autoFocus error={errors.email} />
					<Field label={t('fields.password')} name="password" type="password" autoComplete="current-password" required error={errors.password} />
					{actionData?.organizations ? (
						<fieldset className="field">
							<legend>{t('login.organisation')}</legend>
							{errors.organization ? <p className="field-error">{errors.organization}</p> : null}
							{actionData.organizations.map((o) => (
								<label key={o.slug} className="checkbox">
									<input type="radio" name="organization" value={o.slug} required /> {o.name}
								</label>
							))}
						</fieldset>
					) : null}
					<SubmitButton pendingText={t('login.signingIn')}>{t('login.submit')}</SubmitButton>
				</Form>
				<p className="small" style={{ marginTop: '1rem' }}>
					<Link to="/forgot-password">{t('login.forgot')}</Link>
				</p>
				<p className="small">
					<Link to={params.get('redirectTo') ? `/sso?redirectTo=${encodeURIComponent(params.get('redirectTo')!)}` : '/sso'}>{t('login.sso')}</Link>
				</p>
			</div>
		</div>
	)
}

import { type ActionFunctionArgs, data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getCurrentUser, safeRedirect } from '~/auth/guard.server'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { browserMessages, fixedT, requestLocale } from '~/i18n/i18n.server'
import { localizeProblems } from '~/i18n/problems.server'
import { metaT } from '~/i18n/react'
import { startSignInFor } from '~/identity/sso-start.server'
import { fieldErrorsFrom } from '~/utils/result'
import { textSchema } from '~/utils/text'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('sso.title', { ns: 'integrations' }) }) }]
}

// A plain form post gets the whole page: the state cookie must ride on it too.
export const headers: HeadersFunction = ({ actionHeaders }) => {
	const headers = new Headers()
	const cookie = actionHeaders.get('Set-Cookie')
	if (cookie) headers.set('Set-Cookie', cookie)
	return headers
}

const schema = z.object({
	email: textSchema().trim().min(1, 'sso.emailMissing').email('This is not a valid e-mail address.'),
	redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
	if (await getCurrentUser(request)) throw redirect('/home')
	// Signed out, in the browser's language; the page's words come with it (also when it is
	// reached from the sign-in page in the browser, without the root loading again).
	const locale = await requestLocale(request)
	return { locale, messages: browserMessages(locale, { pathname: new URL(request.url).pathname, signedIn: false }) }
}

export async function action({ request }: ActionFunctionArgs) {
	// Every refusal here is an answer the page shows (200), not an HTTP error: a 4xx to the
	// page's own form post is logged by the browser as a failed resource, in the person's console.
	const locale = await requestLocale(request)
	const t = fixedT(locale, 'integrations')
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) {
		const errors = fieldErrorsFrom(parsed.error.issues)
		return data({ errors: errors.email === 'sso.emailMissing' ? { email: t('sso.emailMissing') } : localizeProblems(locale, errors), continueTo: null })
	}
	const started = await orUnavailable(() => startSignInFor(parsed.data.email, safeRedirect(parsed.data.redirectTo, '/home')))
	if (!started.ok) {
		// The same words whether no organisation uses the domain or its sign-in is off: an
		// anonymous visitor learns nothing about which organisations exist.
		return data({ errors: { _form: started.reason === 'provider' ? t('sso.providerDown') : t('sso.notSetUp') }, continueTo: null })
	}
	// Not a redirect: the page's form-action policy would stop a form post redirected to another
	// site. The page moves on by itself, and shows a link without JavaScript.
	return data({ errors: {}, continueTo: started.url }, { headers: { 'Set-Cookie': started.setCookie } })
}

export default function SsoSignIn() {
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	const errors: Record<string, string | undefined> = actionData?.errors ?? {}
	const continueTo = actionData?.continueTo
	const { t } = useTranslation('integrations')
	useEffect(() => {
		if (continueTo) window.location.assign(continueTo)
	}, [continueTo])
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>{t('sso.title')}</h1>
				{continueTo ? (
					<p>
						<a href={continueTo}>{t('sso.continueTo')}</a>
					</p>
				) : (
					<Form method="post" noValidate>
						<FormError error={errors._form} />
						<input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
						<Field label={t('sso.email')} name="email" type="email" autoComplete="username" required autoFocus error={errors.email} />
						<SubmitButton pendingText={t('sso.finding')}>{t('sso.continue')}</SubmitButton>
					</Form>
				)}
				<p className="small" style={{ marginTop: '1rem' }}>
					<Link to="/login">{t('sso.password')}</Link>
				</p>
			</div>
		</div>
	)
}

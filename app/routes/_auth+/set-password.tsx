import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { commitSessionToken } from '~/auth/cookie.server'
import { MIN_PASSWORD_LENGTH } from '~/auth/password.server'
import { findPasswordLink, usePasswordLink } from '~/auth/password-links.server'
import { createSession } from '~/auth/sessions.server'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { browserMessages, fixedT, personLocale, requestLocale } from '~/i18n/i18n.server'
import { isRenderLocale } from '~/i18n/locales'
import { localizeProblems } from '~/i18n/problems.server'
import { pageTitle } from '~/i18n/react'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'setPassword.title') }]

/** The page is in the language of the person the link is for (an invitation: as their admin set it). */
export async function loader({ request }: LoaderFunctionArgs) {
	const token = new URL(request.url).searchParams.get('token')
	const link = await orUnavailable(() => findPasswordLink(token))
	if (!link) return data({ valid: false as const, token: '', name: '', email: '', purpose: null, minLength: MIN_PASSWORD_LENGTH }, { status: 410 })
	const locale = personLocale(link.user, { locale: link.orgLocale })
	// The rule travels in the data: a *.server module's constants do not reach the browser bundle.
	return {
		valid: true as const,
		token: token!,
		name: link.user.name,
		email: link.user.email,
		purpose: link.link.purpose,
		minLength: MIN_PASSWORD_LENGTH,
		hint: fixedT(locale, 'app')('setPassword.hint', { count: MIN_PASSWORD_LENGTH }),
		locale,
		messages: browserMessages(locale),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const form = await request.formData()
	const token = String(form.get('token') ?? '')
	const sent = form.get('locale')
	const locale = isRenderLocale(sent) ? sent : await requestLocale(request)
	const result = await orUnavailable(() => usePasswordLink(token, String(form.get('password') ?? ''), String(form.get('confirm') ?? '')))
	if (!result.ok) return data({ errors: localizeProblems(locale, result.errors) }, { status: 400 })
	const { token: sessionToken } = await createSession(result.value.orgId, result.value.userId)
	throw redirect('/home', { headers: { 'Set-Cookie': await commitSessionToken(sessionToken) } })
}

export default function SetPassword() {
	const link = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t, i18n } = useTranslation()
	const errors: Record<string, string | undefined> = actionData?.errors ?? {}
	if (!link.valid) {
		return (
			<div className="page-narrow">
				<div className="card">
					<h1>{t('setPassword.expired.title')}</h1>
					<p>{t('setPassword.expired.text')}</p>
					<p>
						<Link to="/forgot-password">{t('setPassword.expired.newLink')}</Link> · <Link to="/login">{t('login.submit')}</Link>
					</p>
				</div>
			</div>
		)
	}
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>{link.purpose === 'invitation' ? t('setPassword.welcome', { name: link.name }) : t('setPassword.chooseNew')}</h1>
				<p className="muted">
					<Trans i18nKey="setPassword.intro" values={{ email: link.email }} components={{ strong: <strong /> }} />
				</p>
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<input type="hidden" name="token" value={link.token} />
					<input type="hidden" name="locale" value={i18n.language} />
					<input type="hidden" name="username" value={link.email} autoComplete="username" />
					<Field
						label={t('setPassword.newPassword')}
						name="password"
						type="password"
						autoComplete="new-password"
						required
						minLength={link.minLength}
						hint={link.hint}
						error={errors.password}
					/>
					<Field label={t('setPassword.repeat')} name="confirm" type="password" autoComplete="new-password" required />
					<SubmitButton pendingText={t('forms.saving')}>{t('setPassword.submit')}</SubmitButton>
				</Form>
			</div>
		</div>
	)
}

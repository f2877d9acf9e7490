import { type ActionFunctionArgs, data, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requestPasswordReset } from '~/auth/password-links.server'
import { Field, Notice, SubmitButton } from '~/components/forms'
import { requestLocale } from '~/i18n/i18n.server'
import { localizeProblem } from '~/i18n/problems.server'
import { pageTitle } from '~/i18n/react'
import { emailSchema } from '~/org/person-schema'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'forgot.title') }]

export async function action({ request }: ActionFunctionArgs) {
	const parsed = emailSchema.safeParse((await request.formData()).get('email') ?? '')
	if (!parsed.success) return data({ sent: false, error: localizeProblem(await requestLocale(request), parsed.error.issues[0]!.message) }, { status: 400 })
	await orUnavailable(() => requestPasswordReset(parsed.data))
	return { sent: true, error: undefined }
}

export default function ForgotPassword() {
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	return (
		<div className="page-narrow">
			<div className="card">
				<h1>{t('forgot.title')}</h1>
				{actionData?.sent ? (
					<Notice>{t('forgot.sent')}</Notice>
				) : (
					<Form method="post" noValidate>
						<Field label={t('fields.email')} name="email" type="email" autoComplete="username" required error={actionData?.error} />
						<SubmitButton pendingText={t('forms.sending')}>{t('forgot.submit')}</SubmitButton>
					</Form>
				)}
				<p className="small" style={{ marginTop: '1rem' }}>
					<Link to="/login">{t('forgot.back')}</Link>
				</p>
			</div>
		</div>
	)
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireUser } from '~/auth/guard.server'
import { FormError, Notice } from '~/components/forms'
import { PageHead } from '~/components/page'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { isLocale, LOCALE_NAMES, LOCALES } from '~/i18n/locales'
import { pageTitle } from '~/i18n/react'
import { setPersonLocale } from '~/org/locale.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'settings.title') }]

/** The person's own settings: their language (pages, e-mails and questions), and the way to the e-mail settings. */
export async function loader({ request }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	return { own: user.locale, orgLocale: org.locale }
}

export async function action({ request }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request)
	const chosen = (await request.formData()).get('locale')
	const result = await setPersonLocale(org.id, user.id, chosen === 'default' ? null : chosen)
	if (!result.ok) return data({ saved: false, error: fixedT(personLocale(user, org), 'app')('settings.chooseLanguage') }, { status: 400 })
	return { saved: true, error: null }
}

export default function Settings() {
	const { own, orgLocale } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const { t } = useTranslation()
	return (
		<>
			<PageHead title={t('settings.title')}>{t('settings.intro')}</PageHead>
			{result?.saved ? <Notice>{t('forms.saved')}</Notice> : null}
			<div className="card">
				<Form method="post">
					<FormError error={result?.error ?? undefined} />
					<fieldset>
						<legend>{t('settings.language')}</legend>
						<label className="checkbox">
							<input type="radio" name="locale" value="default" defaultChecked={own === null} />{' '}
							{t('settings.asOrganisation', { language: isLocale(orgLocale) ? LOCALE_NAMES[orgLocale] : orgLocale })}
						</label>
						{LOCALES.map((l) => (
							<label key={l} className="checkbox" lang={l}>
								<input type="radio" name="locale" value={l} defaultChecked={own === l} /> {LOCALE_NAMES[l]}
							</label>
						))}
					</fieldset>
					<p className="muted small">{t('settings.languageNote')}</p>
					<button type="submit" className="button">
						{t('forms.save')}
					</button>
				</Form>
			</div>
			<p className="small">
				<Link to="/settings/mail">{t('home.mailSettings')}</Link>
			</p>
		</>
	)
}

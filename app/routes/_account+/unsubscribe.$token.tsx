import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { PulseMessage } from '~/components/pulse-page'
import { pageTitle } from '~/i18n/react'
import { applyUnsubscribeToken, findUnsubscribeToken, UNSUBSCRIBE_LINK_DAYS } from '~/mail/preferences.server'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = ({ matches }) => [
	{ title: pageTitle(matches, 'unsubscribe.title') },
	{ name: 'robots', content: 'noindex' },
	// The link's token never leaves in a Referer: only this site's origin does. Not 'no-referrer',
	// with which a browser sends `Origin: null` on the form's own post, refused by the Origin check
	// when the button is pressed without JavaScript.
	{ name: 'referrer', content: 'strict-origin' },
]

/**
 * /unsubscribe/<token>, from the link in an e-mail. Opening it only asks (link scanners open
 * links); the button, or a mail client's one-click POST (RFC 8058, no cookie), turns the category
 * off. A link works for UNSUBSCRIBE_LINK_DAYS days: after that it answers 410 and points to the
 * settings page; an unknown one, 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
	const link = await orUnavailable(() => findUnsubscribeToken(params.token))
	if (!link) return data({ category: null, expired: false, days: UNSUBSCRIBE_LINK_DAYS }, { status: 404 })
	if ('expired' in link) return data({ category: null, expired: true, days: UNSUBSCRIBE_LINK_DAYS }, { status: 410 })
	return { category: link.category, expired: false, days: UNSUBSCRIBE_LINK_DAYS }
}

export async function action({ params }: ActionFunctionArgs) {
	const link = await orUnavailable(() => applyUnsubscribeToken(params.token))
	if (!link) return data({ done: null, expired: false }, { status: 404 })
	if ('expired' in link) return data({ done: null, expired: true }, { status: 410 })
	return { done: link.category, expired: false }
}

/** Where a person chooses their e-mails (signing in first). */
function Settings() {
	const { t } = useTranslation()
	return <Trans t={t} i18nKey="unsubscribe.settings" components={{ settings: <Link to="/settings/mail" /> }} />
}

export default function Unsubscribe() {
	const { category, expired, days } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const { t } = useTranslation()
	const label = (key: string) => t(`mailCategories.${key}.label`)
	if (result?.done)
		return (
			<PulseMessage title={t('unsubscribe.doneTitle')}>
				<p>{t('unsubscribe.done', { category: label(result.done) })}</p>
			</PulseMessage>
		)
	if (expired || result?.expired)
		return (
			<PulseMessage title={t('unsubscribe.expiredTitle')}>
				<p>
					{t('unsubscribe.expired', { count: days })} <Settings />
				</p>
			</PulseMessage>
		)
	if (!category)
		return (
			<PulseMessage title={t('unsubscribe.brokenTitle')}>
				<p>
					{t('unsubscribe.broken')} <Settings />
				</p>
			</PulseMessage>
		)
	return (
		<PulseMessage title={t('unsubscribe.title')}>
			<p>{t('unsubscribe.question', { category: label(category) })}</p>
			<Form method="post">
				<button type="submit" className="button">
					{t('unsubscribe.button')}
				</button>
			</Form>
		</PulseMessage>
	)
}

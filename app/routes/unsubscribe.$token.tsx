import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { PulseMessage } from '~/components/pulse-page'
import { MAIL_CATEGORIES } from '~/mail/categories'
import { applyUnsubscribeToken, findUnsubscribeToken, UNSUBSCRIBE_LINK_DAYS } from '~/mail/preferences.server'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = () => [{ title: 'Unsubscribe · State of Now' }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'no-referrer' }]

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
	return { category: MAIL_CATEGORIES[link.category].label, expired: false, days: UNSUBSCRIBE_LINK_DAYS }
}

export async function action({ params }: ActionFunctionArgs) {
	const link = await orUnavailable(() => applyUnsubscribeToken(params.token))
	if (!link) return data({ done: null, expired: false }, { status: 404 })
	if ('expired' in link) return data({ done: null, expired: true }, { status: 410 })
	return { done: MAIL_CATEGORIES[link.category].label, expired: false }
}

const settings = (
	<>
		You can choose which e-mails you receive in your <Link to="/settings/mail">e-mail settings</Link> (you will be asked to sign in).
	</>
)

export default function Unsubscribe() {
	const { category, expired, days } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	if (result?.done)
		return (
			<PulseMessage title="Unsubscribed">
				<p>You will no longer receive “{result.done}” e-mails. You can turn them on again in your e-mail settings after signing in.</p>
			</PulseMessage>
		)
	if (expired || result?.expired)
		return (
			<PulseMessage title="This unsubscribe link has expired">
				<p>
					Unsubscribe links work for {days} days after the e-mail was sent, and this one is older. Nothing was changed. {settings}
				</p>
			</PulseMessage>
		)
	if (!category)
		return (
			<PulseMessage title="This link does not work">
				<p>It may have been copied incompletely. {settings}</p>
			</PulseMessage>
		)
	return (
		<PulseMessage title="Unsubscribe">
			<p>Stop receiving “{category}” e-mails?</p>
			<Form method="post">
				<button type="submit" className="button">
					Unsubscribe
				</button>
			</Form>
		</PulseMessage>
	)
}

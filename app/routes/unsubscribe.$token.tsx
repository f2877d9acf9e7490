import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'

import { PulseMessage } from '~/components/pulse-page'
import { MAIL_CATEGORIES } from '~/mail/categories'
import { applyUnsubscribeToken, findUnsubscribeToken } from '~/mail/preferences.server'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = () => [{ title: 'Unsubscribe · State of Now' }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'no-referrer' }]

/**
 * /unsubscribe/<token>, from the link in an e-mail. Opening it only asks (link scanners open
 * links); the button, or a mail client's one-click POST (RFC 8058, no cookie), turns the category off.
 */
export async function loader({ params }: LoaderFunctionArgs) {
	const link = await orUnavailable(() => findUnsubscribeToken(params.token))
	if (!link) return data({ category: null }, { status: 404 })
	return { category: MAIL_CATEGORIES[link.category].label }
}

export async function action({ params }: ActionFunctionArgs) {
	const link = await orUnavailable(() => applyUnsubscribeToken(params.token))
	if (!link) return data({ done: null }, { status: 404 })
	return { done: MAIL_CATEGORIES[link.category].label }
}

export default function Unsubscribe() {
	const { category } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	if (result?.done)
		return (
			<PulseMessage title="Unsubscribed">
				<p>You will no longer receive “{result.done}” e-mails. You can turn them on again in your e-mail settings after signing in.</p>
			</PulseMessage>
		)
	if (!category)
		return (
			<PulseMessage title="This link does not work">
				<p>It may have been copied incompletely. You can choose which e-mails you receive in your e-mail settings after signing in.</p>
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

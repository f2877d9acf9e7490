import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'

import { PulseScreen } from '~/components/pulse-page'
import { pulseForLink, submitByLink } from '~/pulses/answering.server'
import { pulsePage, submissionReply } from '~/pulses/pulse-http.server'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = () => [{ title: 'Pulse · State of Now' }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'no-referrer' }]

/** A link from an e-mail: no password needed, the token is the key (one person, one wave). */
export async function loader({ params }: LoaderFunctionArgs) {
	const pulse = await orUnavailable(() => pulseForLink(params.token ?? ''))
	if (!pulse) return data({ state: 'unknown' as const, pulse: null }, { status: 404 })
	const page = pulsePage(pulse)
	return page.state === 'open' ? page : data(page, { status: page.state === 'answered' ? 409 : 410 })
}

/** A submission: normally one database statement that checks the link and stores the answers. */
export async function action({ request, params }: ActionFunctionArgs) {
	const form = Object.fromEntries(await request.formData())
	return submissionReply(await orUnavailable(() => submitByLink(params.token ?? '', form)), form)
}

export default function PulseByLink() {
	const { state, pulse } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	return (
		<PulseScreen
			state={result && result.status !== 'invalid' ? result.status : state}
			pulse={pulse}
			errors={result?.errors ?? {}}
			values={(result?.values as Record<string, string>) ?? {}}
			replyKey={result?.replyKey ?? null}
		/>
	)
}

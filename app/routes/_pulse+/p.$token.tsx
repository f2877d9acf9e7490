import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'

import { PulseScreen } from '~/components/pulse-page'
import { pageTitle } from '~/i18n/react'
import { pulsePage, submissionReply, submitLinkForm } from '~/pulses/pulse-http.server'
import { pulseForLink } from '~/pulses/pulse-view.server'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = ({ matches }) => [
	{ title: pageTitle(matches, 'pulse.title') },
	{ name: 'robots', content: 'noindex' },
	// The link's token never leaves in a Referer: only this site's origin does. Not 'no-referrer',
	// with which a browser sends `Origin: null` on the form's own post, refused by the Origin check
	// when the form is posted without JavaScript.
	{ name: 'referrer', content: 'strict-origin' },
]

/** A link from an e-mail: no password needed, the token is the key (one person, one wave). */
export async function loader({ params }: LoaderFunctionArgs) {
	const pulse = await orUnavailable(() => pulseForLink(params.token ?? ''))
	if (!pulse) return data({ state: 'unknown' as const, pulse: null }, { status: 404 })
	const page = pulsePage(pulse)
	return page.state === 'open' ? page : data(page, { status: page.state === 'answered' ? 409 : 410 })
}

/**
 * A submission: normally one database statement that checks the link and stores the answers.
 * A form posted without JavaScript was submitted by the server ahead of Remix, which answered
 * the redirect to the thanks itself; any other outcome is rendered here from that submission.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
	const token = params.token ?? ''
	const early = context.linkSubmission
	const submission = early?.token === token ? early : submitLinkForm(token, Object.fromEntries(await request.formData()))
	return submissionReply(await submission.outcome, submission.form)
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

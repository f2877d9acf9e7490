import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'

import { requireUser } from '~/auth/guard.server'
import { PulseScreen } from '~/components/pulse-page'
import { pageTitle } from '~/i18n/react'
import { submitPulse } from '~/pulses/answering.server'
import { pulsePage, submissionReply } from '~/pulses/pulse-http.server'
import { pulseForUser } from '~/pulses/pulse-view.server'
import { errorResponse } from '~/utils/errors'
import { requireId } from '~/utils/http'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'pulse.title') }]

/** The same pulse for a signed-in person, reached from their home page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const pulse = await pulseForUser(org.id, user.id, requireId(params.waveId))
	if (!pulse) throw errorResponse('NOT_FOUND')
	return pulsePage(pulse)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request)
	const pulse = await pulseForUser(org.id, user.id, requireId(params.waveId))
	if (!pulse) throw errorResponse('NOT_FOUND')
	const form = Object.fromEntries(await request.formData())
	return submissionReply(await submitPulse(pulse, form), form, pulse.anonymityK)
}

export default function PulseForSignedIn() {
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

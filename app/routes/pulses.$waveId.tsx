import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import { requireUser } from '~/auth/guard.server'
import { pulseForUser, submitPulse } from '~/pulses/answering.server'
import { PulseScreen } from '~/components/pulse-page'
import { requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Pulse · State of Now' }]

/** The same pulse for a signed-in person, reached from their home page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const pulse = await pulseForUser(org.id, user.id, requireId(params.waveId))
	if (!pulse) throw new Response('Not found', { status: 404 })
	if (pulse.state !== 'open') return { state: pulse.state, pulse: { surveyName: pulse.surveyName, orgName: pulse.orgName, anonymityK: pulse.anonymityK } }
	return {
		state: 'open' as string,
		pulse: {
			surveyName: pulse.surveyName,
			orgName: pulse.orgName,
			anonymityK: pulse.anonymityK,
			items: pulse.items,
			closesLabel: DateTime.fromISO(pulse.closesAt, { zone: pulse.timeZone }).toFormat('cccc d LLL, HH:mm'),
		},
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, org } = await requireUser(request)
	const pulse = await pulseForUser(org.id, user.id, requireId(params.waveId))
	if (!pulse) throw new Response('Not found', { status: 404 })
	const form = Object.fromEntries(await request.formData())
	const outcome = await submitPulse(pulse, form)
	if (outcome.status === 'submitted') throw redirect(`/thanks?k=${pulse.anonymityK}`, 303)
	if (outcome.status === 'invalid') return data({ status: outcome.status, errors: outcome.errors, values: form as Record<string, string> }, { status: 422 })
	return data({ status: outcome.status, errors: {} as FieldErrors, values: {} }, { status: outcome.status === 'already-answered' ? 409 : 410 })
}

export default function PulseForSignedIn() {
	const { state, pulse } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	return <PulseScreen state={result && result.status !== 'invalid' ? result.status : state} pulse={pulse} errors={result?.errors ?? {}} values={(result?.values as Record<string, string>) ?? {}} />
}

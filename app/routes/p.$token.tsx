import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import { PulseScreen } from '~/components/pulse-page'
import { pulseForLink, submitByLink } from '~/pulses/answering.server'
import type { FieldErrors } from '~/utils/result'
import { orUnavailable } from '~/utils/unavailable.server'

export const meta: MetaFunction = () => [{ title: 'Pulse · State of Now' }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'no-referrer' }]

/** A link from an e-mail: no password needed, the token is the key (one person, one wave). */
export async function loader({ params }: LoaderFunctionArgs) {
	const pulse = await orUnavailable(() => pulseForLink(params.token ?? ''))
	if (!pulse) return data({ state: 'unknown' as const, pulse: null }, { status: 404 })
	if (pulse.state !== 'open') return data({ state: pulse.state, pulse: { surveyName: pulse.surveyName, orgName: pulse.orgName, anonymityK: pulse.anonymityK } }, { status: pulse.state === 'answered' ? 409 : 410 })
	return {
		state: 'open' as const,
		pulse: {
			surveyName: pulse.surveyName,
			orgName: pulse.orgName,
			anonymityK: pulse.anonymityK,
			items: pulse.items,
			closesLabel: DateTime.fromISO(pulse.closesAt, { zone: pulse.timeZone }).toFormat("cccc d LLL, HH:mm"),
		},
	}
}

/** A submission: normally one database statement that checks the link and stores the answers. */
export async function action({ request, params }: ActionFunctionArgs) {
	const form = Object.fromEntries(await request.formData())
	const outcome = await orUnavailable(() => submitByLink(params.token ?? '', form))
	if (outcome.status === 'submitted') throw redirect(`/thanks?k=${outcome.anonymityK}`, 303)
	if (outcome.status === 'unknown') return data({ status: outcome.status, errors: {} as FieldErrors, values: {} }, { status: 404 })
	if (outcome.status === 'invalid') return data({ status: outcome.status, errors: outcome.errors, values: form as Record<string, string> }, { status: 422 })
	return data({ status: outcome.status, errors: {} as FieldErrors, values: {} }, { status: outcome.status === 'already-answered' ? 409 : 410 })
}

export default function PulseByLink() {
	const { state, pulse } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	return <PulseScreen state={result && result.status !== 'invalid' ? result.status : state} pulse={pulse} errors={result?.errors ?? {}} values={(result?.values as Record<string, string>) ?? {}} />
}

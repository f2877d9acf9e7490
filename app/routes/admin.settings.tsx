import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { getOrganization, MIN_ANONYMITY_K, timeZones, updateOrganizationSettings } from '~/org/organizations.server'
import { invariantResponse } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Settings · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const full = await getOrganization(org.id)
	invariantResponse(full, 'Not found')
	return {
		// The floor is a server constant: the page gets it here, as a module ending in .server never reaches the browser.
		minK: MIN_ANONYMITY_K,
		name: full.name,
		slug: full.slug,
		timeZone: full.timeZone,
		anonymityK: full.anonymityK,
		retainAnswersMonths: full.retainAnswersMonths,
		retainEventsMonths: full.retainEventsMonths,
		retainAuditMonths: full.retainAuditMonths,
		timeZones: ['UTC', ...timeZones],
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const result = await updateOrganizationSettings(org.id, Object.fromEntries(await request.formData()), userActor(user, context))
	if (!result.ok) return data({ errors: result.errors, saved: false }, { status: 400 })
	return { errors: {} as FieldErrors, saved: true }
}

export default function Settings() {
	const s = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	return (
		<>
			<h1>Organisation settings</h1>
			<p className="muted">
				Address: <code>{s.slug}</code>
			</p>
			{result?.saved ? <Notice>Saved.</Notice> : null}
			<p>
				<Link to="/admin/report-settings">Report settings</Link>: index weights, targets, baseline period and comment threshold.
			</p>
			<p>
				<Link to="/admin/channels">Channels</Link>: pulses and results in Slack instead of e-mail.
				<Link to="/admin/identity">Identity</Link>: single sign-on through your identity provider, and provisioning people from it (SCIM).
			</p>
			<div className="card">
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<Field label="Name" name="name" defaultValue={s.name} required error={errors.name} />
					<SelectField
						label="Time zone"
						name="timeZone"
						defaultValue={s.timeZone}
						options={[...new Set(s.timeZones)].map((tz) => ({ value: tz, label: tz.replace(/_/g, ' ') }))}
						error={errors.timeZone}
					/>
					<Field
						label="Anonymity threshold (k)"
						name="anonymityK"
						type="number"
						min={s.minK}
						max={100}
						defaultValue={s.anonymityK}
						required
						hint={`No result is shown for a group with fewer than k respondents. Default 5, never below ${s.minK}.`}
						error={errors.anonymityK}
					/>
					<fieldset className="field">
						<legend>Retention</legend>
						<p className="hint">Older data is deleted every hour by the retention job; released figures of deleted weeks go with it.</p>
						<Field
							label="Keep survey answers (months)"
							name="retainAnswersMonths"
							type="number"
							min={1}
							max={240}
							defaultValue={s.retainAnswersMonths}
							required
							hint="By the opening time of their wave, with its invitations. Default 36."
							error={errors.retainAnswersMonths}
						/>
						<Field
							label="Keep response-time events (months)"
							name="retainEventsMonths"
							type="number"
							min={1}
							max={240}
							defaultValue={s.retainEventsMonths}
							required
							hint="By their start time. Default 24."
							error={errors.retainEventsMonths}
						/>
						<Field
							label="Keep the audit log (months)"
							name="retainAuditMonths"
							type="number"
							min={1}
							max={240}
							defaultValue={s.retainAuditMonths}
							required
							hint="Default 24."
							error={errors.retainAuditMonths}
						/>
					</fieldset>
					<SubmitButton pendingText="Saving…">Save settings</SubmitButton>
				</Form>
			</div>
		</>
	)
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { createConnector, listConnectors, MAX_CONNECTOR_NAME, providerChoices, webhookUrl } from '~/connectors/connectors.server'
import { listTeams } from '~/org/teams.server'
import { countOf } from '~/utils/plural'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Connectors · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const [connectors, teams] = await Promise.all([listConnectors(org.id), listTeams(org.id)])
	return {
		timeZone: org.timeZone,
		maxName: MAX_CONNECTOR_NAME,
		providers: providerChoices(),
		teams: teams.map((t) => ({ value: t.id, label: t.path })),
		connectors: connectors.map((c) => ({
			...c,
			createdAt: c.createdAt.toISOString(),
			lastDeliveryAt: c.lastDeliveryAt?.toISOString() ?? null,
			// Only a refusal after the last delivery taken is news: the connector is not working now.
			refusedLast: c.lastErrorAt !== null && (c.lastDeliveryAt === null || c.lastErrorAt > c.lastDeliveryAt),
			lastErrorAt: c.lastErrorAt?.toISOString() ?? null,
			disabledAt: c.disabledAt?.toISOString() ?? null,
		})),
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const form = await request.formData()
	const text = (name: string) => {
		const value = form.get(name)
		return typeof value === 'string' ? value : ''
	}
	if (form.get('intent') !== 'create') return data({ errors: { _form: 'That request was not understood.' } as FieldErrors, created: null }, { status: 400 })
	const result = await createConnector(
		org.id,
		{
			provider: text('provider'),
			name: text('name'),
			secret: text('secret'),
			includeBots: form.get('includeBots') === 'on',
			mapping: { source: text('source'), teamId: text('teamId') },
		},
		userActor(user, context),
	)
	if (!result.ok) return data({ errors: result.errors, created: null }, { status: 400 })
	return { errors: {} as FieldErrors, created: { ...result.value, url: webhookUrl(org.slug, result.value.id) } }
}

function when(iso: string | null, timeZone: string) {
	return iso ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)) : 'never'
}

export default function Connectors() {
	const { connectors, providers, teams, timeZone, maxName } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const [providerId, setProviderId] = useState(providers[0]!.id)
	const chosen = providers.find((p) => p.id === providerId) ?? providers[0]!
	return (
		<>
			<PageHead title="Connectors">
				Connect your help desk or tracker so first responses and approvals arrive by themselves, verified by the tool’s own signature. Nothing personal is stored: ids (hashed),
				times, team. Or send events yourself through <Link to="/admin/api-keys">the API</Link>.
			</PageHead>
			{result?.created ? (
				<Notice>
					<strong>Connector “{result.created.name}” added.</strong> Paste this webhook address into the tool:
					<pre className="mail-body" aria-label="Webhook address">
						{result.created.url}
					</pre>
					{result.created.secret ? (
						<>
							and this secret. Copy it now: it is shown only this once and cannot be recovered (rotate it to get a new one).
							<pre className="mail-body" aria-label="New connector secret">
								{result.created.secret}
							</pre>
						</>
					) : (
						'The signing secret you pasted is stored encrypted.'
					)}{' '}
					<Link to={`/admin/connectors/${result.created.id}`}>Set-up steps, team mapping and health</Link>.
				</Notice>
			) : null}
			<FormError error={errors._form} />
			<div className="card">
				<h2>Add a connector</h2>
				<Form method="post" className="form-row" noValidate>
					<SelectField
						label="Tool"
						name="provider"
						required
						value={providerId}
						onChange={(e) => setProviderId(e.currentTarget.value as typeof providerId)}
						options={providers.map((p) => ({ value: p.id, label: p.label }))}
						error={errors.provider}
					/>
					<Field label="Name" name="name" maxLength={maxName} placeholder={`e.g. ${chosen.label} support`} error={errors.name} />
					{chosen.secretFrom === 'provider' ? (
						<Field
							label="Signing secret"
							name="secret"
							type="password"
							autoComplete="off"
							required
							hint={`${chosen.label} makes this secret: copy it from its webhook settings.`}
							error={errors.secret}
						/>
					) : null}
					<Field label={`First mapping: ${chosen.sourceLabel}`} name="source" hint="Optional; more on the connector’s page." error={errors.source} />
					<SelectField label="…feeds the team" name="teamId" placeholder="No team yet" options={teams} error={errors.teamId} />
					<label className="checkbox">
						<input type="checkbox" name="includeBots" /> Count replies by bots and automations as a first response
					</label>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="create" pendingText="Adding…">
							Add connector
						</SubmitButton>
					</div>
				</Form>
				{chosen.secretFrom === 'generated' ? <p className="hint">We make the secret for {chosen.label} and show it once, when you add the connector.</p> : null}
			</div>
			{connectors.length === 0 ? (
				<EmptyState title="No connectors yet">Add one above: Zendesk, Intercom, Freshdesk, GitHub or Jira Service Management.</EmptyState>
			) : (
				<TableScroll label="Connectors" className="card" style={{ padding: 0 }}>
					<table>
						<caption className="sr-only">Connectors</caption>
						<thead>
							<tr>
								<th scope="col">Name</th>
								<th scope="col">Tool</th>
								<th scope="col">Last delivery</th>
								<th scope="col">Waiting for a team</th>
								<th scope="col">State</th>
							</tr>
						</thead>
						<tbody>
							{connectors.map((c) => (
								<tr key={c.id}>
									<td>
										<Link to={`/admin/connectors/${c.id}`}>{c.name}</Link>
									</td>
									<td>{providers.find((p) => p.id === c.provider)?.label ?? c.provider}</td>
									<td>{when(c.lastDeliveryAt, timeZone)}</td>
									<td>{c.unmapped ? countOf(c.unmapped, 'event', 'events') : '—'}</td>
									<td>
										{c.disabledAt ? (
											<span className="badge badge-danger">disabled</span>
										) : c.refusedLast ? (
											<span className="badge badge-danger">last delivery refused</span>
										) : (
											<span className="badge badge-ok">active</span>
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableScroll>
			)}
		</>
	)
}

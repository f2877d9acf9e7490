import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { BackLink, PageHead, TableScroll } from '~/components/page'
import {
	connectorHealth,
	deleteConnector,
	getConnector,
	HEALTH_DAYS,
	providerChoices,
	rotateSecret,
	ROTATION_GRACE_HOURS,
	setConnectorDisabled,
	setMapping,
	webhookUrl,
} from '~/connectors/connectors.server'
import { SETUP_STEPS } from '~/connectors/setup'
import { listTeams } from '~/org/teams.server'
import { invariantResponse, requireId } from '~/utils/http'
import { countOf } from '~/utils/plural'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.connector.name ?? 'Connector'} · State of Now` }]

const iso = (d: Date | null) => d?.toISOString() ?? null

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const health = await connectorHealth(org.id, requireId(params.connectorId))
	invariantResponse(health, 'Not found')
	const teams = await listTeams(org.id)
	const { connector } = health
	const provider = providerChoices().find((p) => p.id === connector.provider)!
	return {
		timeZone: org.timeZone,
		healthDays: HEALTH_DAYS,
		provider,
		url: webhookUrl(org.slug, connector.id),
		steps: SETUP_STEPS[connector.provider],
		teams: teams.map((t) => ({ value: t.id, label: t.path })),
		connector: {
			...connector,
			createdAt: connector.createdAt.toISOString(),
			secretSetAt: connector.secretSetAt.toISOString(),
			previousValidUntil: iso(connector.previousValidUntil),
			lastDeliveryAt: iso(connector.lastDeliveryAt),
			lastErrorAt: iso(connector.lastErrorAt),
			disabledAt: iso(connector.disabledAt),
		},
		days: health.days,
		unmapped: health.unmapped.map((u) => ({ ...u, lastReceivedAt: u.lastReceivedAt.toISOString() })),
		mappings: health.mappings,
		deliveries: health.deliveries.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
	}
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const connectorId = requireId(params.connectorId)
	invariantResponse(await getConnector(org.id, connectorId), 'Not found')
	const form = await request.formData()
	const text = (name: string) => {
		const value = form.get(name)
		return typeof value === 'string' ? value : ''
	}
	const actor = userActor(user, context)
	const fail = (intent: string, errors: FieldErrors) => data({ intent, errors, done: null, secret: null }, { status: 400 })
	const done = (intent: string, message: string, secret: string | null = null) => ({ intent, errors: {} as FieldErrors, done: message, secret })
	switch (form.get('intent')) {
		case 'map': {
			const r = await setMapping(org.id, connectorId, text('source'), text('teamId'), actor)
			if (!r.ok) return fail('map', r.errors)
			return done('map', text('teamId') ? `Mapped. ${r.value.released} events waiting for this group moved to the team.` : 'Mapping removed.')
		}
		case 'rotate': {
			const r = await rotateSecret(org.id, connectorId, text('secret'), actor)
			if (!r.ok) return fail('rotate', r.errors)
			return done('rotate', `Secret rotated. The previous one keeps working for ${ROTATION_GRACE_HOURS} hours, time to change it in the tool.`, r.value.secret)
		}
		case 'disable':
		case 'enable': {
			const disable = form.get('intent') === 'disable'
			const r = await setConnectorDisabled(org.id, connectorId, disable, actor)
			if (!r.ok) return fail('state', r.errors)
			return done('state', disable ? 'Disabled. Deliveries are refused (403) and nothing is stored until you enable it again.' : 'Enabled. Deliveries are taken again.')
		}
		case 'delete': {
			const r = await deleteConnector(org.id, connectorId, actor)
			if (!r.ok) return fail('delete', r.errors)
			throw redirect('/admin/connectors')
		}
		default:
			return fail('unknown', { _form: 'That request was not understood.' })
	}
}

function when(iso: string | null, timeZone: string) {
	return iso ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)) : 'never'
}

export default function Connector() {
	const { connector, provider, url, steps, teams, days, unmapped, mappings, deliveries, timeZone, healthDays } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const totals = days.reduce((t, d) => ({ stored: t.stored + d.stored, unmapped: t.unmapped + d.unmapped, rejected: t.rejected + d.rejected, replays: t.replays + d.replays }), {
		stored: 0,
		unmapped: 0,
		rejected: 0,
		replays: 0,
	})
	return (
		<>
			<BackLink to="/admin/connectors">Connectors</BackLink>
			<PageHead title={connector.name}>
				{provider.label} ·{' '}
				{connector.disabledAt ? <span className="badge badge-danger">disabled since {when(connector.disabledAt, timeZone)}</span> : <span className="badge badge-ok">active</span>}
			</PageHead>
			<Notice>{result?.done}</Notice>
			{result?.secret ? (
				<Notice>
					New secret — copy it now, it is shown only this once:
					<pre className="mail-body" aria-label="New connector secret">
						{result.secret}
					</pre>
				</Notice>
			) : null}
			<FormError error={errors._form} />
			<div className="card">
				<h2>Set-up in {provider.label}</h2>
				<p>Webhook address:</p>
				<pre className="mail-body" aria-label="Webhook address">
					{url}
				</pre>
				<ol>
					{steps.map((s) => (
						<li key={s}>{s}</li>
					))}
				</ol>
				<p>
					Full instructions: <Link to="/docs/api">the API documentation, “Connectors”</Link>.
				</p>
			</div>
			<div className="card">
				<h2>Health</h2>
				<ul>
					<li>Last delivery taken: {when(connector.lastDeliveryAt, timeZone)}</li>
					<li>Last refusal: {connector.lastError ? `${when(connector.lastErrorAt, timeZone)} — ${connector.lastError}` : 'none'}</li>
					<li>
						Over the last {healthDays} days: {countOf(totals.stored, 'event', 'events')} stored, {totals.unmapped} kept aside (no team),{' '}
						{countOf(totals.replays, 'repeated delivery', 'repeated deliveries')} ignored, {totals.rejected} refused (bad signature)
					</li>
					<li>
						Secret set {when(connector.secretSetAt, timeZone)}
						{connector.previousValidUntil ? `; the previous one works until ${when(connector.previousValidUntil, timeZone)}` : ''}
					</li>
				</ul>
				{unmapped.length ? (
					<>
						<h3>Waiting for a team</h3>
						<ul>
							{unmapped.map((u) => (
								<li key={u.source}>
									{countOf(u.events, 'event', 'events')} from {provider.sourceLabel} “{u.source}” are not mapped (last {when(u.lastReceivedAt, timeZone)}).
								</li>
							))}
						</ul>
					</>
				) : null}
				<h3>Last deliveries</h3>
				{deliveries.length ? (
					<TableScroll label="Last deliveries">
						<table>
							<thead>
								<tr>
									<th scope="col">Received</th>
									<th scope="col">Became</th>
								</tr>
							</thead>
							<tbody>
								{deliveries.map((d, i) => (
									<tr key={`${d.receivedAt}-${i}`}>
										<td>{when(d.receivedAt, timeZone)}</td>
										<td>{d.summary ?? '—'}</td>
									</tr>
								))}
							</tbody>
						</table>
					</TableScroll>
				) : (
					<p>No delivery taken yet.</p>
				)}
			</div>
			<div className="card">
				<h2>Team mapping</h2>
				{mappings.length ? (
					<ul>
						{mappings.map((m) => (
							<li key={m.source}>
								{provider.sourceLabel} “{m.source}” → {m.teamPath}
							</li>
						))}
					</ul>
				) : (
					<p>Nothing mapped yet: events are kept aside until their {provider.sourceLabel} has a team.</p>
				)}
				<Form method="post" className="form-row" noValidate>
					<Field label={provider.sourceLabel} name="source" required defaultValue={unmapped[0]?.source ?? ''} error={result?.intent === 'map' ? errors.source : undefined} />
					<SelectField label="Team" name="teamId" placeholder="No team (remove the mapping)" options={teams} error={result?.intent === 'map' ? errors.teamId : undefined} />
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="map" pendingText="Saving…">
							Save mapping
						</SubmitButton>
					</div>
				</Form>
			</div>
			<div className="card">
				<h2>Secret and state</h2>
				<Form method="post" className="form-row" noValidate>
					{provider.secretFrom === 'provider' ? (
						<Field
							label={`New signing secret from ${provider.label}`}
							name="secret"
							type="password"
							autoComplete="off"
							required
							error={result?.intent === 'rotate' ? errors.secret : undefined}
						/>
					) : null}
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="rotate" pendingText="Rotating…">
							Rotate secret
						</SubmitButton>
					</div>
				</Form>
				<Form method="post" className="form-row">
					<button type="submit" name="intent" value={connector.disabledAt ? 'enable' : 'disable'} className="button button-secondary">
						{connector.disabledAt ? 'Enable' : 'Disable'}
					</button>
					<button
						type="submit"
						name="intent"
						value="delete"
						className="button button-danger"
						onClick={(e) => {
							if (!confirm(`Remove “${connector.name}”? Events already stored stay; events waiting for a team are lost.`)) e.preventDefault()
						}}
					>
						Remove
					</button>
				</Form>
			</div>
		</>
	)
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { Moment, moment } from '~/components/moment'
import { BackLink, PageHead, TableScroll } from '~/components/page'
import { backfillForm, backfillStatuses, cancelBackfill, startBackfill } from '~/connectors/backfill.server'
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
import { sayConnectorProblem, sayDeliverySummary } from '~/connectors/delivery-words.server'
import { SETUP_STEPS } from '~/connectors/setup'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { localizeIntegrationProblem, localizeIntegrationProblems } from '~/i18n/integration-problems.server'
import { metaT } from '~/i18n/react'
import { listTeams } from '~/org/teams.server'
import { invariantResponse, requireId } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: data?.connector.name ?? t('connector.title', { ns: 'integrations' }) }) }]
}

const iso = (d: Date | null) => d?.toISOString() ?? null

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const health = await connectorHealth(org.id, requireId(params.connectorId))
	invariantResponse(health, 'Not found')
	const [teams, backfills] = await Promise.all([listTeams(org.id), backfillStatuses(org.id, health.connector.id)])
	const { connector } = health
	const backfill = backfills.get(connector.id)
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
			lastError: connector.lastError === null ? null : sayConnectorProblem(locale, connector.lastError),
			lastErrorAt: iso(connector.lastErrorAt),
			disabledAt: iso(connector.disabledAt),
		},
		days: health.days,
		unmapped: health.unmapped.map((u) => ({ ...u, lastReceivedAt: u.lastReceivedAt.toISOString() })),
		mappings: health.mappings,
		deliveries: health.deliveries.map((d) => ({
			receivedAt: d.receivedAt.toISOString(),
			summary: d.summary === null ? null : sayDeliverySummary(locale, d.summary),
		})),
		backfillForm: backfillForm(connector.provider),
		backfill: backfill
			? {
					state: backfill.state,
					since: backfill.since.toISOString().slice(0, 10),
					apiUrl: backfill.apiUrl,
					pages: backfill.pages,
					events: backfill.events,
					nextAttemptAt: backfill.nextAttemptAt.toISOString(),
					lastError: backfill.lastError ? localizeIntegrationProblem(locale, backfill.lastError) : null,
					lastErrorAt: iso(backfill.lastErrorAt),
					startedAt: backfill.startedAt.toISOString(),
					updatedAt: backfill.updatedAt.toISOString(),
					finishedAt: iso(backfill.finishedAt),
				}
			: null,
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
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'integrations')
	const fail = (intent: string, errors: FieldErrors) => data({ intent, errors: localizeIntegrationProblems(locale, errors), done: null, secret: null }, { status: 400 })
	const done = (intent: string, message: string, secret: string | null = null) => ({ intent, errors: {} as FieldErrors, done: message, secret })
	switch (form.get('intent')) {
		case 'map': {
			const r = await setMapping(org.id, connectorId, text('source'), text('teamId'), actor)
			if (!r.ok) return fail('map', r.errors)
			return done('map', text('teamId') ? t('connector.done.mapped', { count: r.value.released }) : t('connector.done.unmapped'))
		}
		case 'rotate': {
			const r = await rotateSecret(org.id, connectorId, text('secret'), actor)
			if (!r.ok) return fail('rotate', r.errors)
			return done('rotate', t('connector.done.rotated', { count: ROTATION_GRACE_HOURS }), r.value.secret)
		}
		case 'disable':
		case 'enable': {
			const disable = form.get('intent') === 'disable'
			const r = await setConnectorDisabled(org.id, connectorId, disable, actor)
			if (!r.ok) return fail('state', r.errors)
			return done('state', disable ? t('connector.done.disabled') : t('connector.done.enabled'))
		}
		case 'backfill': {
			const r = await startBackfill(org.id, connectorId, { since: text('since'), apiUrl: text('apiUrl'), user: text('apiUser'), token: text('apiToken') }, actor)
			if (!r.ok) return fail('backfill', r.errors)
			return done('backfill', t('connector.done.backfillStarted'))
		}
		case 'cancel-backfill': {
			const r = await cancelBackfill(org.id, connectorId, actor)
			if (!r.ok) return fail('backfill', r.errors)
			return done('backfill', t('connector.done.backfillStopped'))
		}
		case 'delete': {
			const r = await deleteConnector(org.id, connectorId, actor)
			if (!r.ok) return fail('delete', r.errors)
			throw redirect('/admin/connectors')
		}
		default:
			return data({ intent: 'unknown', errors: { _form: t('common.notUnderstood') } as FieldErrors, done: null, secret: null }, { status: 400 })
	}
}

const BACKFILL_BADGE = { running: 'badge-ok', done: 'badge-ok', failed: 'badge-danger', cancelled: 'badge-warn' } as const

export default function Connector() {
	const { connector, provider, url, steps, teams, days, unmapped, mappings, deliveries, timeZone, healthDays, backfill, backfillForm } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const totals = days.reduce((t, d) => ({ stored: t.stored + d.stored, unmapped: t.unmapped + d.unmapped, rejected: t.rejected + d.rejected, replays: t.replays + d.replays }), {
		stored: 0,
		unmapped: 0,
		rejected: 0,
		replays: 0,
	})
	const { t, i18n } = useTranslation('integrations')
	const when = (iso: string | null) => moment(iso, i18n.language, timeZone, t('common.never'))
	const sourceLabel = t(`connectors.source.${provider.id}`)
	const tool = provider.label
	return (
		<>
			<BackLink to="/admin/connectors">{t('connectors.title')}</BackLink>
			<PageHead title={connector.name}>
				{tool} ·{' '}
				{connector.disabledAt ? (
					<span className="badge badge-danger">{t('connector.disabledSince', { date: when(connector.disabledAt) })}</span>
				) : (
					<span className="badge badge-ok">{t('common.active')}</span>
				)}
			</PageHead>
			<Notice>{result?.done}</Notice>
			{result?.secret ? (
				<Notice>
					{t('connector.newSecretCopy')}
					<pre className="mail-body" aria-label={t('connectors.newSecret')}>
						{result.secret}
					</pre>
				</Notice>
			) : null}
			<FormError error={errors._form} />
			<div className="card">
				<h2>{t('connector.setup.heading', { tool })}</h2>
				<p>{t('connector.setup.address')}</p>
				<pre className="mail-body" aria-label={t('connectors.webhookAddress')}>
					{url}
				</pre>
				<ol>
					{Array.from({ length: steps }, (_, i) => (
						<li key={i}>{t(`connector.steps.${provider.id}.${i + 1}`)}</li>
					))}
				</ol>
				<p>
					<Trans t={t} i18nKey="connector.setup.docs" components={{ docs: <Link to="/docs/api" /> }} />
				</p>
			</div>
			<div className="card">
				<h2>{t('connector.health.heading')}</h2>
				<ul>
					<li>{t('connector.health.lastDelivery', { date: when(connector.lastDeliveryAt) })}</li>
					<li>{connector.lastError ? t('connector.health.lastRefusal', { date: when(connector.lastErrorAt), error: connector.lastError }) : t('connector.health.noRefusal')}</li>
					<li>
						{t('connector.health.totals', {
							count: healthDays,
							stored: t('connectors.events', { count: totals.stored }),
							unmapped: totals.unmapped,
							replays: t('connector.health.replays', { count: totals.replays }),
							rejected: totals.rejected,
						})}
					</li>
					<li>
						{connector.previousValidUntil
							? t('connector.health.secretSetPrevious', { date: when(connector.secretSetAt), until: when(connector.previousValidUntil) })
							: t('connector.health.secretSet', { date: when(connector.secretSetAt) })}
					</li>
				</ul>
				{unmapped.length ? (
					<>
						<h3>{t('connectors.list.waiting')}</h3>
						<ul>
							{unmapped.map((u) => (
								<li key={u.source}>{t('connector.health.unmapped', { count: u.events, source: sourceLabel, value: u.source, date: when(u.lastReceivedAt) })}</li>
							))}
						</ul>
					</>
				) : null}
				<h3>{t('connector.deliveries.heading')}</h3>
				{deliveries.length ? (
					<TableScroll label={t('connector.deliveries.heading')}>
						<table>
							<thead>
								<tr>
									<th scope="col">{t('connector.deliveries.received')}</th>
									<th scope="col">{t('connector.deliveries.became')}</th>
								</tr>
							</thead>
							<tbody>
								{deliveries.map((d, i) => (
									<tr key={`${d.receivedAt}-${i}`}>
										<td>
											<Moment iso={d.receivedAt} timeZone={timeZone} none={t('common.never')} />
										</td>
										<td>{d.summary ?? t('common.dash')}</td>
									</tr>
								))}
							</tbody>
						</table>
					</TableScroll>
				) : (
					<p>{t('connector.deliveries.none')}</p>
				)}
			</div>
			<div className="card">
				<h2>{t('connector.mapping.heading')}</h2>
				{mappings.length ? (
					<ul>
						{mappings.map((m) => (
							<li key={m.source}>{t('connector.mapping.line', { source: sourceLabel, value: m.source, team: m.teamPath })}</li>
						))}
					</ul>
				) : (
					<p>{t('connector.mapping.none', { source: sourceLabel })}</p>
				)}
				<Form method="post" className="form-row" noValidate>
					<Field label={sourceLabel} name="source" required defaultValue={unmapped[0]?.source ?? ''} error={result?.intent === 'map' ? errors.source : undefined} />
					<SelectField
						label={t('common.team')}
						name="teamId"
						placeholder={t('connector.mapping.noTeam')}
						options={teams}
						error={result?.intent === 'map' ? errors.teamId : undefined}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="map" pendingText={t('common.saving')}>
							{t('connector.mapping.save')}
						</SubmitButton>
					</div>
				</Form>
			</div>
			<div className="card">
				<h2>{t('connectors.list.backfill')}</h2>
				<p>{t('connector.backfill.intro', { tool })}</p>
				{backfill ? (
					<ul aria-label={t('connector.backfill.progressLabel')}>
						<li>
							{backfill.finishedAt ? (
								<Trans
									t={t}
									i18nKey="connector.backfill.stateEnded"
									values={{ state: t(`connectors.backfillState.${backfill.state}`), since: backfill.since, started: when(backfill.startedAt), ended: when(backfill.finishedAt) }}
									components={{ badge: <span className={`badge ${BACKFILL_BADGE[backfill.state]}`} /> }}
								/>
							) : (
								<Trans
									t={t}
									i18nKey="connector.backfill.state"
									values={{ state: t(`connectors.backfillState.${backfill.state}`), since: backfill.since, started: when(backfill.startedAt) }}
									components={{ badge: <span className={`badge ${BACKFILL_BADGE[backfill.state]}`} /> }}
								/>
							)}
						</li>
						<li>
							{t('connector.backfill.progress', {
								pages: t('connectors.pages', { count: backfill.pages }),
								events: t('connectors.events', { count: backfill.events }),
								date: when(backfill.updatedAt),
							})}
						</li>
						{backfill.state === 'running' && new Date(backfill.nextAttemptAt) > new Date(backfill.updatedAt) ? (
							<li>{t('connector.backfill.nextAttempt', { date: when(backfill.nextAttemptAt) })}</li>
						) : null}
						<li>{backfill.lastError ? t('connector.backfill.lastError', { date: when(backfill.lastErrorAt), error: backfill.lastError }) : t('connector.backfill.noError')}</li>
					</ul>
				) : (
					<p>{t('connector.backfill.none')}</p>
				)}
				<Form method="post" className="form-row" noValidate>
					<Field label={t('common.from')} name="since" type="date" required defaultValue={backfill?.since ?? ''} error={result?.intent === 'backfill' ? errors.since : undefined} />
					<Field
						label={t('connector.backfill.apiUrl')}
						name="apiUrl"
						type="url"
						required
						defaultValue={backfill?.apiUrl ?? backfillForm.defaultUrl ?? ''}
						placeholder={backfillForm.defaultUrl ?? t(`connector.urlHint.${provider.id}`)}
						hint={t(`connector.urlHint.${provider.id}`)}
						error={result?.intent === 'backfill' ? errors.apiUrl : undefined}
					/>
					{backfillForm.needsUser ? (
						<Field label={t('connector.backfill.apiUser')} name="apiUser" autoComplete="off" required error={result?.intent === 'backfill' ? errors.user : undefined} />
					) : null}
					<Field
						label={t('connector.backfill.apiToken')}
						name="apiToken"
						type="password"
						autoComplete="off"
						required={!backfill}
						hint={`${t(`connector.tokenHint.${provider.id}`)} ${backfill ? t('connector.backfill.tokenKept') : t('connector.backfill.tokenStored')}`}
						error={result?.intent === 'backfill' ? errors.token : undefined}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="backfill" pendingText={t('connector.backfill.starting')}>
							{backfill ? t('connector.backfill.restart') : t('connector.backfill.start')}
						</SubmitButton>
					</div>
				</Form>
				{backfill?.state === 'running' ? (
					<Form method="post">
						<button type="submit" name="intent" value="cancel-backfill" className="button button-secondary">
							{t('connector.backfill.stop')}
						</button>
					</Form>
				) : null}
			</div>
			<div className="card">
				<h2>{t('connector.secret.heading')}</h2>
				<Form method="post" className="form-row" noValidate>
					{provider.secretFrom === 'provider' ? (
						<Field
							label={t('connector.secret.new', { tool })}
							name="secret"
							type="password"
							autoComplete="off"
							required
							error={result?.intent === 'rotate' ? errors.secret : undefined}
						/>
					) : null}
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="rotate" pendingText={t('connector.secret.rotating')}>
							{t('connector.secret.rotate')}
						</SubmitButton>
					</div>
				</Form>
				<Form method="post" className="form-row">
					<button type="submit" name="intent" value={connector.disabledAt ? 'enable' : 'disable'} className="button button-secondary">
						{connector.disabledAt ? t('connector.secret.enable') : t('connector.secret.disable')}
					</button>
					<button
						type="submit"
						name="intent"
						value="delete"
						className="button button-danger"
						onClick={(e) => {
							if (!confirm(t('connector.secret.confirmRemove', { name: connector.name }))) e.preventDefault()
						}}
					>
						{t('connector.secret.remove')}
					</button>
				</Form>
			</div>
		</>
	)
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { Trans, useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { BackfillSummary } from '~/components/connector-words'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { Moment } from '~/components/moment'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { type BackfillStatus, backfillStatuses } from '~/connectors/backfill.server'
import { createConnector, listConnectors, MAX_CONNECTOR_NAME, providerChoices, webhookUrl } from '~/connectors/connectors.server'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { localizeIntegrationProblem, localizeIntegrationProblems } from '~/i18n/integration-problems.server'
import { metaT } from '~/i18n/react'
import { listTeams } from '~/org/teams.server'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('connectors.title', { ns: 'integrations' }) }) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const [connectors, teams, backfills] = await Promise.all([listConnectors(org.id), listTeams(org.id), backfillStatuses(org.id)])
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
			backfill: backfillLine(backfills.get(c.id), locale),
		})),
	}
}

/** What the list says of a connector's backfill: state, progress, and its error when it stopped or waits. */
function backfillLine(b: BackfillStatus | undefined, locale: string) {
	if (!b) return null
	const error = b.state === 'done' || !b.lastError ? null : localizeIntegrationProblem(locale, b.lastError)
	return { state: b.state, since: b.since.toISOString().slice(0, 10), pages: b.pages, events: b.events, error }
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const form = await request.formData()
	const text = (name: string) => {
		const value = form.get(name)
		return typeof value === 'string' ? value : ''
	}
	if (form.get('intent') !== 'create') return data({ errors: { _form: fixedT(locale, 'integrations')('common.notUnderstood') } as FieldErrors, created: null }, { status: 400 })
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
	if (!result.ok) return data({ errors: localizeIntegrationProblems(locale, result.errors), created: null }, { status: 400 })
	return { errors: {} as FieldErrors, created: { ...result.value, url: webhookUrl(org.slug, result.value.id) } }
}

export default function Connectors() {
	const { connectors, providers, teams, timeZone, maxName } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const [providerId, setProviderId] = useState(providers[0]!.id)
	const chosen = providers.find((p) => p.id === providerId) ?? providers[0]!
	const { t } = useTranslation('integrations')
	const sourceLabel = t(`connectors.source.${chosen.id}`)
	return (
		<>
			<PageHead title={t('connectors.title')}>
				<Trans t={t} i18nKey="connectors.intro" components={{ api: <Link to="/admin/api-keys" /> }} />
			</PageHead>
			{result?.created ? (
				<Notice>
					<strong>{t('connectors.added', { name: result.created.name })}</strong> {t('connectors.pasteAddress')}
					<pre className="mail-body" aria-label={t('connectors.webhookAddress')}>
						{result.created.url}
					</pre>
					{result.created.secret ? (
						<>
							{t('connectors.andSecret')}
							<pre className="mail-body" aria-label={t('connectors.newSecret')}>
								{result.created.secret}
							</pre>
						</>
					) : (
						t('connectors.pastedSecretStored')
					)}{' '}
					<Link to={`/admin/connectors/${result.created.id}`}>{t('connectors.setupLink')}</Link>
				</Notice>
			) : null}
			<FormError error={errors._form} />
			<div className="card">
				<h2>{t('connectors.add.heading')}</h2>
				<Form method="post" className="form-row" noValidate>
					<SelectField
						label={t('connectors.add.tool')}
						name="provider"
						required
						value={providerId}
						onChange={(e) => setProviderId(e.currentTarget.value as typeof providerId)}
						options={providers.map((p) => ({ value: p.id, label: p.label }))}
						error={errors.provider}
					/>
					<Field label={t('common.name')} name="name" maxLength={maxName} placeholder={t('connectors.add.nameExample', { tool: chosen.label })} error={errors.name} />
					{chosen.secretFrom === 'provider' ? (
						<Field
							label={t('connectors.add.secret')}
							name="secret"
							type="password"
							autoComplete="off"
							required
							hint={t('connectors.add.secretHint', { tool: chosen.label })}
							error={errors.secret}
						/>
					) : null}
					<Field label={t('connectors.add.firstMapping', { source: sourceLabel })} name="source" hint={t('connectors.add.mappingHint')} error={errors.source} />
					<SelectField label={t('connectors.add.feeds')} name="teamId" placeholder={t('connectors.add.noTeam')} options={teams} error={errors.teamId} />
					<label className="checkbox">
						<input type="checkbox" name="includeBots" /> {t('connectors.add.includeBots')}
					</label>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="create" pendingText={t('connectors.add.adding')}>
							{t('connectors.add.submit')}
						</SubmitButton>
					</div>
				</Form>
				{chosen.secretFrom === 'generated' ? <p className="hint">{t('connectors.add.generated', { tool: chosen.label })}</p> : null}
			</div>
			{connectors.length === 0 ? (
				<EmptyState title={t('connectors.empty.title')}>{t('connectors.empty.text')}</EmptyState>
			) : (
				<TableScroll label={t('connectors.title')} className="card" style={{ padding: 0 }}>
					<table>
						<caption className="sr-only">{t('connectors.title')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('common.name')}</th>
								<th scope="col">{t('connectors.add.tool')}</th>
								<th scope="col">{t('connectors.list.lastDelivery')}</th>
								<th scope="col">{t('connectors.list.waiting')}</th>
								<th scope="col">{t('connectors.list.backfill')}</th>
								<th scope="col">{t('common.state')}</th>
							</tr>
						</thead>
						<tbody>
							{connectors.map((c) => (
								<tr key={c.id}>
									<td>
										<Link to={`/admin/connectors/${c.id}`}>{c.name}</Link>
									</td>
									<td>{providers.find((p) => p.id === c.provider)?.label ?? c.provider}</td>
									<td>
										<Moment iso={c.lastDeliveryAt} timeZone={timeZone} none={t('common.never')} />
									</td>
									<td>{c.unmapped ? t('connectors.events', { count: c.unmapped }) : t('common.dash')}</td>
									<td>
										{c.backfill ? <BackfillSummary {...c.backfill} /> : t('common.dash')}
										{c.backfill?.error ? <p className="hint">{t('connectors.list.lastError', { error: c.backfill.error })}</p> : null}
									</td>
									<td>
										{c.disabledAt ? (
											<span className="badge badge-danger">{t('common.disabled')}</span>
										) : c.refusedLast ? (
											<span className="badge badge-danger">{t('connectors.list.refused')}</span>
										) : (
											<span className="badge badge-ok">{t('common.active')}</span>
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

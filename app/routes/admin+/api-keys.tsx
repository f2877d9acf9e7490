import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'
import { z } from 'zod'

import { KEY_PREFIX, MAX_KEY_NAME } from '~/api/api-key-format'
import { createApiKey, listApiKeys, revokeApiKey } from '~/api/api-keys.server'
import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { Moment, moment } from '~/components/moment'
import { EmptyState, PageHead, TableScroll } from '~/components/page'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { localizeIntegrationProblems } from '~/i18n/integration-problems.server'
import { metaT } from '~/i18n/react'
import type { FieldErrors } from '~/utils/result'
import { apiScopes } from '~db/enums'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('apiKeys.title', { ns: 'integrations' }) }) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const keys = await listApiKeys(org.id)
	return {
		timeZone: org.timeZone,
		now: new Date().toISOString(),
		keys: keys.map((k) => ({
			...k,
			createdAt: k.createdAt.toISOString(),
			expiresAt: k.expiresAt?.toISOString() ?? null,
			lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
			revokedAt: k.revokedAt?.toISOString() ?? null,
		})),
	}
}

const intentSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('create'), name: z.string(), scopes: z.array(z.string()), expiresOn: z.string().optional() }),
	z.object({ intent: z.literal('revoke'), keyId: z.string() }),
])

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'integrations')
	const form = await request.formData()
	// `scopes` is a group of checkboxes: every checked value, not just the last.
	const parsed = intentSchema.safeParse({ ...Object.fromEntries(form), scopes: form.getAll('scopes') })
	if (!parsed.success) return data({ intent: 'unknown', errors: { _form: t('common.notUnderstood') } as FieldErrors, created: null, done: null }, { status: 400 })
	if (parsed.data.intent === 'create') {
		const result = await createApiKey(org.id, parsed.data.name, { scopes: parsed.data.scopes, expiresOn: parsed.data.expiresOn ?? null, actor: userActor(user, context) })
		if (!result.ok) return data({ intent: 'create', errors: localizeIntegrationProblems(locale, result.errors), created: null, done: null }, { status: 400 })
		const { expiresAt, ...created } = result.value
		return { intent: 'create', errors: {} as FieldErrors, created: { ...created, expiresAt: expiresAt?.toISOString() ?? null }, done: null }
	}
	const result = await revokeApiKey(org.id, parsed.data.keyId, userActor(user, context))
	if (!result.ok) return data({ intent: 'revoke', errors: localizeIntegrationProblems(locale, result.errors), created: null, done: null }, { status: 404 })
	return { intent: 'revoke', errors: {} as FieldErrors, created: null, done: t('apiKeys.done.revoked') }
}

/** A scope's key in the catalogue (a colon would name a namespace there). */
const scopeKey = (scope: string) => scope.replace(':', '_')

export default function ApiKeys() {
	const { keys, timeZone, now } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const { t, i18n } = useTranslation('integrations')
	const when = (iso: string | null) => moment(iso, i18n.language, timeZone, t('common.never'))
	return (
		<>
			<PageHead title={t('apiKeys.title')}>
				<Trans t={t} i18nKey="apiKeys.intro" components={{ docs: <Link to="/docs/api" />, csv: <Link to="/admin/metrics/import" /> }} />
			</PageHead>
			{result?.created ? (
				<Notice>
					<strong>{t('apiKeys.created', { name: result.created.name })}</strong> {t('apiKeys.copyNow')}
					<pre className="mail-body" aria-label={t('apiKeys.newKey')}>
						{result.created.key}
					</pre>
				</Notice>
			) : null}
			<Notice>{result?.done}</Notice>
			{result?.intent !== 'create' ? <FormError error={errors._form} /> : null}
			<div className="card">
				<h2>{t('apiKeys.create.heading')}</h2>
				<Form method="post" className="form-row" noValidate>
					<Field
						label={t('common.name')}
						name="name"
						required
						maxLength={MAX_KEY_NAME}
						placeholder={t('apiKeys.create.nameExample')}
						error={result?.intent === 'create' ? errors.name : undefined}
					/>
					<fieldset
						className={`field${result?.intent === 'create' && errors.scopes ? ' has-error' : ''}`}
						aria-describedby={result?.intent === 'create' && errors.scopes ? 'scopes-error' : undefined}
					>
						<legend>
							{t('apiKeys.create.scopes')}
							<span className="required" aria-hidden="true">
								{' '}
								*
							</span>
						</legend>
						{apiScopes.map((scope) => (
							<label key={scope} className="checkbox">
								<input type="checkbox" name="scopes" value={scope} /> <code>{scope}</code>: {t(`apiKeys.scope.${scopeKey(scope)}`)}
							</label>
						))}
						{result?.intent === 'create' && errors.scopes ? (
							<p className="field-error" id="scopes-error">
								{errors.scopes}
							</p>
						) : null}
					</fieldset>
					<Field
						label={t('apiKeys.create.expiresOn')}
						name="expiresOn"
						type="date"
						hint={t('apiKeys.create.expiresHint', { zone: timeZone })}
						error={result?.intent === 'create' ? errors.expiresOn : undefined}
					/>
					<div className="field" style={{ alignSelf: 'end' }}>
						<SubmitButton name="intent" value="create" pendingText={t('common.creating')}>
							{t('apiKeys.create.submit')}
						</SubmitButton>
					</div>
				</Form>
			</div>
			{keys.length === 0 ? (
				<EmptyState title={t('apiKeys.empty.title')}>{t('apiKeys.empty.text')}</EmptyState>
			) : (
				<TableScroll label={t('apiKeys.title')} className="card" style={{ padding: 0 }}>
					<table>
						<caption className="sr-only">{t('apiKeys.title')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('common.name')}</th>
								<th scope="col">{t('apiKeys.list.key')}</th>
								<th scope="col">{t('apiKeys.list.scopes')}</th>
								<th scope="col">{t('apiKeys.list.expires')}</th>
								<th scope="col">{t('apiKeys.list.created')}</th>
								<th scope="col">{t('apiKeys.list.lastUsed')}</th>
								<th scope="col">{t('common.state')}</th>
								<th scope="col">
									<span className="sr-only">{t('apiKeys.list.actions')}</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{keys.map((k) => (
								<tr key={k.id}>
									<td>{k.name}</td>
									<td>
										{/* A key is son_<organisation>.<id>.<secret>: the organisation is the same in every key here, the id tells them apart. */}
										<code title={t('apiKeys.list.ownPart')}>
											{KEY_PREFIX}….{k.id.slice(0, 8)}…
										</code>
									</td>
									<td>
										{k.scopes.map((s) => (
											<code key={s} style={{ display: 'block' }}>
												{s}
											</code>
										))}
									</td>
									<td>
										<Moment iso={k.expiresAt} timeZone={timeZone} none={t('common.never')} />
									</td>
									<td>
										<Moment iso={k.createdAt} timeZone={timeZone} none={t('common.never')} />
									</td>
									<td>
										<Moment iso={k.lastUsedAt} timeZone={timeZone} none={t('common.never')} />
									</td>
									<td>
										{k.revokedAt ? (
											<span className="badge badge-danger">{t('apiKeys.list.revoked', { date: when(k.revokedAt) })}</span>
										) : k.expiresAt && k.expiresAt <= now ? (
											<span className="badge badge-danger">{t('apiKeys.list.expired')}</span>
										) : (
											<span className="badge badge-ok">{t('common.active')}</span>
										)}
									</td>
									<td>
										{k.revokedAt ? null : (
											<Form
												method="post"
												onSubmit={(e) => {
													if (!confirm(t('apiKeys.list.confirmRevoke', { name: k.name }))) e.preventDefault()
												}}
											>
												<input type="hidden" name="keyId" value={k.id} />
												<button
													type="submit"
													name="intent"
													value="revoke"
													className="button button-danger button-small"
													aria-label={t('apiKeys.list.revokeNamed', { name: k.name })}
												>
													{t('apiKeys.list.revoke')}
												</button>
											</Form>
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

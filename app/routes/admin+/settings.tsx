import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SelectField, SubmitButton } from '~/components/forms'
import { localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { personLocale } from '~/i18n/i18n.server'
import { LOCALE_NAMES, LOCALES } from '~/i18n/locales'
import { getOrganization, MIN_ANONYMITY_K, timeZones, updateOrganizationSettings } from '~/org/organizations.server'
import { invariantResponse } from '~/utils/http'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('orgSettings.title')) }]

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
		locale: full.locale,
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
	if (!result.ok) return data({ errors: localizeAdminProblems(personLocale(user, org), result.errors), saved: false }, { status: 400 })
	return { errors: {} as FieldErrors, saved: true }
}

export default function Settings() {
	const s = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const { t } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<>
			<h1>{t('orgSettings.heading')}</h1>
			<p className="muted">
				{t('orgSettings.address')} <code>{s.slug}</code>
			</p>
			{result?.saved ? <Notice>{tApp('forms.saved')}</Notice> : null}
			<p>
				{/* Not <link>: react-i18next parses it as HTML's empty link element, and the words fall outside the anchor. */}
				<Trans t={t} i18nKey="orgSettings.reportLink" components={{ page: <Link to="/admin/report-settings" /> }} />
			</p>
			<p>
				<Trans t={t} i18nKey="orgSettings.channelsLink" components={{ page: <Link to="/admin/channels" /> }} />{' '}
				<Trans t={t} i18nKey="orgSettings.identityLink" components={{ page: <Link to="/admin/identity" /> }} />
			</p>
			<div className="card">
				<Form method="post" noValidate>
					<FormError error={errors._form} />
					<Field label={t('people.name')} name="name" defaultValue={s.name} required error={errors.name} />
					<SelectField
						label={t('orgSettings.timeZone')}
						name="timeZone"
						defaultValue={s.timeZone}
						options={[...new Set(s.timeZones)].map((tz) => ({ value: tz, label: tz.replace(/_/g, ' ') }))}
						error={errors.timeZone}
					/>
					<SelectField
						label={t('orgSettings.language')}
						name="locale"
						defaultValue={s.locale}
						options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
						error={errors.locale}
					/>
					<Field
						label={t('orgSettings.k')}
						name="anonymityK"
						type="number"
						min={s.minK}
						max={100}
						defaultValue={s.anonymityK}
						required
						hint={t('orgSettings.kHint', { min: s.minK })}
						error={errors.anonymityK}
					/>
					<fieldset className="field">
						<legend>{t('orgSettings.retention')}</legend>
						<p className="hint">{t('orgSettings.retentionHint')}</p>
						<Field
							label={t('orgSettings.keepAnswers')}
							name="retainAnswersMonths"
							type="number"
							min={1}
							max={240}
							defaultValue={s.retainAnswersMonths}
							required
							hint={t('orgSettings.keepAnswersHint')}
							error={errors.retainAnswersMonths}
						/>
						<Field
							label={t('orgSettings.keepEvents')}
							name="retainEventsMonths"
							type="number"
							min={1}
							max={240}
							defaultValue={s.retainEventsMonths}
							required
							hint={t('orgSettings.keepEventsHint')}
							error={errors.retainEventsMonths}
						/>
						<Field
							label={t('orgSettings.keepAudit')}
							name="retainAuditMonths"
							type="number"
							min={1}
							max={240}
							defaultValue={s.retainAuditMonths}
							required
							hint={t('orgSettings.keepAuditHint')}
							error={errors.retainAuditMonths}
						/>
					</fieldset>
					<SubmitButton pendingText={tApp('forms.saving')}>{t('orgSettings.submit')}</SubmitButton>
				</Form>
			</div>
		</>
	)
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { BackLink } from '~/components/page'
import { localizeAdminProblems } from '~/i18n/admin-problems.server'
import { adminTitle } from '~/i18n/admin-title'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { saveReportSettings, settingsInput } from '~/reports/save-settings.server'
import { getReportSettings, WEIGHT_KEYS } from '~/reports/settings.server'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = ({ matches }) => [{ title: adminTitle(matches, (t) => t('reportSettings.title')) }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const s = await getReportSettings(org.id)
	return {
		weights: WEIGHT_KEYS.map((key) => ({ key, value: s.weights[key] ?? 0 })),
		targets: s.targets,
		baselineFrom: s.baselineFrom,
		baselineTo: s.baselineTo,
		commentK: s.commentK,
		k: s.k,
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const t = fixedT(locale, 'admin')
	const form = Object.fromEntries(await request.formData())
	const result = await saveReportSettings(org.id, settingsInput(form), { actor: userActor(user, context) })
	// What was typed comes back, so the form shows it again (also without JavaScript) beside its errors.
	const values = Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'))
	if (!result.ok) return data({ errors: localizeAdminProblems(locale, result.errors), saved: null, values }, { status: 400 })
	return {
		errors: {} as FieldErrors,
		values: null,
		saved: result.value.recomputing ? t('reportSettings.recomputing') : result.value.weightsChanged ? t('reportSettings.recomputed') : t('person.done.saved'),
	}
}

export default function ReportSettings() {
	const s = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const errors: FieldErrors = result?.errors ?? {}
	const typed: Record<string, string> | null = result?.values ?? null
	// After a refused save the fields show what was typed, not the stored settings.
	const shown = (name: string, stored: string | number | null) => typed?.[name] ?? stored ?? ''
	const total = s.weights.reduce((n, w) => n + w.value, 0)
	const { t } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<>
			<BackLink to="/admin/settings">{t('orgSettings.title')}</BackLink>
			<h1>{t('reportSettings.title')}</h1>
			<p className="muted">
				<Trans t={t} i18nKey="reportSettings.intro" components={{ method: <Link to="/docs/method" /> }} />
			</p>
			{result?.saved ? <Notice>{result.saved}</Notice> : null}
			<Form method="post" noValidate className="card builder" key={typed ? 'typed' : 'stored'}>
				<FormError error={errors._form} />
				{Object.keys(errors).length > 1 ? (
					<div className="alert alert-error" role="alert">
						{t('reportSettings.toCorrect', { count: Object.keys(errors).length })}
					</div>
				) : null}
				<fieldset className={`field${errors.weights ? ' has-error' : ''}`} aria-describedby={errors.weights ? 'weights-error' : undefined}>
					<legend>{t('reportSettings.weights', { total })}</legend>
					{errors.weights ? (
						<p className="field-error" id="weights-error">
							{errors.weights}
						</p>
					) : null}
					<div className="form-row">
						{s.weights.map((w) => (
							<Field
								key={w.key}
								label={t(`reportSettings.parts.${w.key}`)}
								name={`weight.${w.key}`}
								type="number"
								min={0}
								max={100}
								step={1}
								defaultValue={shown(`weight.${w.key}`, w.value)}
								error={errors[`weights.${w.key}`]}
							/>
						))}
					</div>
				</fieldset>
				<fieldset className="field">
					<legend>{t('reportSettings.targets')}</legend>
					<div className="form-row">
						<Field
							label={t('reportSettings.firstResponse')}
							name="firstResponseMinutes"
							type="number"
							min={1}
							defaultValue={shown('firstResponseMinutes', s.targets.firstResponseMinutes)}
							error={errors.firstResponseMinutes}
						/>
						<Field
							label={t('reportSettings.approvalCycle')}
							name="approvalCycleHours"
							type="number"
							min={1}
							defaultValue={shown('approvalCycleHours', s.targets.approvalCycleHours)}
							error={errors.approvalCycleHours}
						/>
						<Field label={t('reportSettings.rtmi')} name="rtmi" type="number" min={1} max={100} defaultValue={shown('rtmi', s.targets.rtmi)} error={errors.rtmi} />
					</div>
				</fieldset>
				<fieldset className="field">
					<legend>{t('reportSettings.baseline')}</legend>
					<div className="form-row">
						<Field label={t('reportSettings.from')} name="baselineFrom" type="date" defaultValue={shown('baselineFrom', s.baselineFrom)} error={errors.baselineFrom} />
						<Field label={t('reportSettings.to')} name="baselineTo" type="date" defaultValue={shown('baselineTo', s.baselineTo)} error={errors.baselineTo} />
					</div>
				</fieldset>
				<Field
					label={t('reportSettings.commentK')}
					name="commentK"
					type="number"
					min={s.k}
					defaultValue={shown('commentK', s.commentK)}
					hint={t('reportSettings.commentKHint', { k: s.k })}
					error={errors.commentK}
				/>
				<SubmitButton pendingText={tApp('forms.saving')}>{t('reportSettings.submit')}</SubmitButton>
			</Form>
		</>
	)
}

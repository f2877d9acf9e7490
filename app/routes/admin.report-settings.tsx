import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { Field, FormError, Notice, SubmitButton } from '~/components/forms'
import { BackLink } from '~/components/page'
import { REPORT_LABELS } from '~/reports/dimensions'
import { saveReportSettings, settingsInput } from '~/reports/save-settings.server'
import { getReportSettings, WEIGHT_KEYS } from '~/reports/settings.server'
import type { FieldErrors } from '~/utils/result'

export const meta: MetaFunction = () => [{ title: 'Report settings · State of Now' }]

const LABELS: Record<string, string> = { ...REPORT_LABELS, firstResponse: 'First response time (operational)', approvalCycle: 'Approval cycle time (operational)' }

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const s = await getReportSettings(org.id)
	return {
		weights: WEIGHT_KEYS.map((key) => ({ key, label: LABELS[key] ?? key, value: s.weights[key] ?? 0 })),
		targets: s.targets,
		baselineFrom: s.baselineFrom,
		baselineTo: s.baselineTo,
		commentK: s.commentK,
		k: s.k,
	}
}

export async function action({ request, context }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const form = Object.fromEntries(await request.formData())
	const result = await saveReportSettings(org.id, settingsInput(form), { actor: userActor(user, context) })
	// What was typed comes back, so the form shows it again (also without JavaScript) beside its errors.
	const values = Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'))
	if (!result.ok) return data({ errors: result.errors, saved: null, values }, { status: 400 })
	return {
		errors: {} as FieldErrors,
		values: null,
		saved: result.value.recomputing
			? 'Saved. The culture index is being recomputed with the new weights in the background (for an organisation this size it takes a minute or so); the dashboard says so until it is done.'
			: result.value.weightsChanged
				? 'Saved. The figures were recomputed with the new weights.'
				: 'Saved.',
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
	return (
		<>
			<BackLink to="/admin/settings">Settings</BackLink>
			<h1>Report settings</h1>
			<p className="muted">
				How the Real-Time Mindset Index is computed: the weights of its parts, the targets response times are scored against, and the baseline that progress is measured from. The
				method is written out, rule by rule, in <Link to="/docs/method">how every figure is computed</Link>.
			</p>
			{result?.saved ? <Notice>{result.saved}</Notice> : null}
			<Form method="post" noValidate className="card builder" key={typed ? 'typed' : 'stored'}>
				<FormError error={errors._form} />
				{Object.keys(errors).length > 1 ? (
					<div className="alert alert-error" role="alert">
						{Object.keys(errors).length} things to correct; each is said beside its field.
					</div>
				) : null}
				<fieldset className={`field${errors.weights ? ' has-error' : ''}`} aria-describedby={errors.weights ? 'weights-error' : undefined}>
					<legend>Weights (relative; saved now: {total} in all)</legend>
					{errors.weights ? (
						<p className="field-error" id="weights-error">
							{errors.weights}
						</p>
					) : null}
					<div className="form-row">
						{s.weights.map((w) => (
							<Field
								key={w.key}
								label={w.label}
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
					<legend>Targets</legend>
					<div className="form-row">
						<Field
							label="Median first response (minutes)"
							name="firstResponseMinutes"
							type="number"
							min={1}
							defaultValue={shown('firstResponseMinutes', s.targets.firstResponseMinutes)}
							error={errors.firstResponseMinutes}
						/>
						<Field
							label="Median approval cycle (hours)"
							name="approvalCycleHours"
							type="number"
							min={1}
							defaultValue={shown('approvalCycleHours', s.targets.approvalCycleHours)}
							error={errors.approvalCycleHours}
						/>
						<Field label="Index target (0–100)" name="rtmi" type="number" min={1} max={100} defaultValue={shown('rtmi', s.targets.rtmi)} error={errors.rtmi} />
					</div>
				</fieldset>
				<fieldset className="field">
					<legend>Baseline period (empty: the first weeks shown)</legend>
					<div className="form-row">
						<Field label="From" name="baselineFrom" type="date" defaultValue={shown('baselineFrom', s.baselineFrom)} error={errors.baselineFrom} />
						<Field label="To" name="baselineTo" type="date" defaultValue={shown('baselineTo', s.baselineTo)} error={errors.baselineTo} />
					</div>
				</fieldset>
				<Field
					label="Comment threshold"
					name="commentK"
					type="number"
					min={s.k}
					defaultValue={shown('commentK', s.commentK)}
					hint={`Comments are shown only for groups with at least this many respondents; never below the anonymity threshold (${s.k}).`}
					error={errors.commentK}
				/>
				<SubmitButton pendingText="Saving…">Save report settings</SubmitButton>
			</Form>
		</>
	)
}

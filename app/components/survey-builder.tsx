import { Form } from '@remix-run/react'
import { useState } from 'react'

import { DIMENSION_LABELS, KIND_LABELS, MAX_PULSE_ITEMS, MIN_PULSE_ITEMS } from '~/surveys/question-bank'
import { WEEKDAYS } from '~/surveys/schedule'
import type { AnswerKind, Dimension } from '~db/schema'

import { Field, FormError, SelectField, SubmitButton } from './forms'

export interface BuilderValues {
	name: string
	itemIds: string[]
	audience: 'everyone' | 'teams'
	teamIds: string[]
	cadence: string
	weekday: number
	sendTime: string
	openDays: number
	reminderDaysBeforeClose: number
	anonymityK: number
}

export interface BankItemView {
	id: string
	dimension: Dimension
	kind: AnswerKind
	text: string
	reverse: boolean
	custom: boolean
}

/** The survey builder: items from the bank, audience, schedule, threshold. */
export function SurveyBuilder({
	values,
	errors,
	bank,
	teams,
	timeZone,
	submitLabel,
	headingLevel = 3,
}: {
	values: BuilderValues
	errors: Record<string, string | undefined>
	bank: BankItemView[]
	teams: { id: string; path: string; depth: number }[]
	timeZone: string
	submitLabel: string
	/** The level of the dimension headings: one below the page's heading above the builder (no skipped level). */
	headingLevel?: 2 | 3
}) {
	const GroupHeading = headingLevel === 2 ? 'h2' : 'h3'
	const [picked, setPicked] = useState(() => new Set(values.itemIds))
	const [audience, setAudience] = useState(values.audience)
	const n = picked.size
	const countState = n < MIN_PULSE_ITEMS || n > MAX_PULSE_ITEMS ? 'badge-warn' : 'badge-ok'
	const groups = [...new Set(bank.map((b) => b.dimension))]
	return (
		<Form method="post" noValidate className="builder">
			<FormError error={errors._form} />
			<input type="hidden" name="intent" value="save" />
			<Field label="Name" name="name" defaultValue={values.name} required placeholder="e.g. Weekly pulse: autonomy and speed" error={errors.name} />

			<fieldset className="field" aria-describedby="items-count">
				<legend>
					Items{' '}
					<span id="items-count" className={`badge ${countState}`} aria-live="polite">
						{n} picked · a pulse has {MIN_PULSE_ITEMS}–{MAX_PULSE_ITEMS}
					</span>
				</legend>
				{errors.itemIds ? <p className="field-error">{errors.itemIds}</p> : null}
				{groups.map((d) => (
					<div key={d} className="item-group">
						<GroupHeading>{DIMENSION_LABELS[d]}</GroupHeading>
						{bank
							.filter((b) => b.dimension === d)
							.map((b) => (
								<label key={b.id} className="checkbox item-choice">
									<input
										type="checkbox"
										name="itemIds"
										value={b.id}
										checked={picked.has(b.id)}
										onChange={(e) => {
											const next = new Set(picked)
											if (e.target.checked) next.add(b.id)
											else next.delete(b.id)
											setPicked(next)
										}}
									/>
									<span>
										{b.text}
										<span className="item-meta">
											{KIND_LABELS[b.kind]}
											{b.reverse ? ' · reverse-scored' : ''}
											{b.custom ? ' · your own' : ''}
										</span>
									</span>
								</label>
							))}
					</div>
				))}
			</fieldset>

			<fieldset className="field">
				<legend>Who receives it</legend>
				<label className="checkbox">
					<input type="radio" name="audience" value="everyone" checked={audience === 'everyone'} onChange={() => setAudience('everyone')} /> Everyone in the organisation
				</label>
				<label className="checkbox">
					<input type="radio" name="audience" value="teams" checked={audience === 'teams'} onChange={() => setAudience('teams')} /> Chosen teams (with their sub-teams)
				</label>
				{audience === 'teams' ? (
					<div className="team-picks">
						{errors.teamIds ? <p className="field-error">{errors.teamIds}</p> : null}
						{teams.map((t) => (
							<label key={t.id} className="checkbox" style={{ paddingLeft: `${t.depth * 1.25}rem` }}>
								<input type="checkbox" name="teamIds" value={t.id} defaultChecked={values.teamIds.includes(t.id)} /> {t.path.split('/').pop()}
							</label>
						))}
					</div>
				) : null}
			</fieldset>

			<fieldset className="field">
				<legend>When (time zone {timeZone})</legend>
				<div className="form-row">
					<SelectField
						label="How often"
						name="cadence"
						defaultValue={values.cadence}
						options={[
							{ value: 'weekly', label: 'Every week' },
							{ value: 'biweekly', label: 'Every two weeks' },
							{ value: 'monthly', label: 'Every month (first such weekday)' },
						]}
						error={errors.cadence}
					/>
					<SelectField
						label="Day"
						name="weekday"
						defaultValue={String(values.weekday)}
						options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))}
						error={errors.weekday}
					/>
					<Field label="Local time" name="sendTime" type="time" defaultValue={values.sendTime} required error={errors.sendTime} />
				</div>
				<div className="form-row">
					<Field label="Open for (days)" name="openDays" type="number" min={1} max={28} defaultValue={values.openDays} required error={errors.openDays} />
					<Field
						label="Reminder (days before closing, 0 = none)"
						name="reminderDaysBeforeClose"
						type="number"
						min={0}
						defaultValue={values.reminderDaysBeforeClose}
						required
						error={errors.reminderDaysBeforeClose}
					/>
					<Field
						label="Anonymity threshold k"
						name="anonymityK"
						type="number"
						min={3}
						defaultValue={values.anonymityK}
						required
						hint="No result for a group of fewer respondents. Never below 3."
						error={errors.anonymityK}
					/>
				</div>
			</fieldset>
			<SubmitButton name="intent" value="save" pendingText="Saving…">
				{submitLabel}
			</SubmitButton>
		</Form>
	)
}

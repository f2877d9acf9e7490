import { Form } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { weekdayName } from '~/i18n/weekdays'
import { MAX_PULSE_ITEMS, MIN_PULSE_ITEMS } from '~/surveys/question-bank'
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
	const { t, i18n } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<Form method="post" noValidate className="builder">
			<FormError error={errors._form} />
			<input type="hidden" name="intent" value="save" />
			<Field label={t('people.name')} name="name" defaultValue={values.name} required placeholder={t('builder.namePlaceholder')} error={errors.name} />

			<fieldset className="field" aria-describedby="items-count">
				<legend>
					{t('builder.items')}{' '}
					<span id="items-count" className={`badge ${countState}`} aria-live="polite">
						{t('builder.picked', { count: n, min: MIN_PULSE_ITEMS, max: MAX_PULSE_ITEMS })}
					</span>
				</legend>
				{errors.itemIds ? <p className="field-error">{errors.itemIds}</p> : null}
				{groups.map((d) => (
					<div key={d} className="item-group">
						<GroupHeading>{t(`dimensions.${d}`)}</GroupHeading>
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
											{t(`kinds.${b.kind}`)}
											{b.reverse ? ` · ${t('items.reverseScored')}` : ''}
											{b.custom ? ` · ${t('items.yourOwn')}` : ''}
										</span>
									</span>
								</label>
							))}
					</div>
				))}
			</fieldset>

			<fieldset className="field">
				<legend>{t('builder.audience')}</legend>
				<label className="checkbox">
					<input type="radio" name="audience" value="everyone" checked={audience === 'everyone'} onChange={() => setAudience('everyone')} /> {t('builder.everyone')}
				</label>
				<label className="checkbox">
					<input type="radio" name="audience" value="teams" checked={audience === 'teams'} onChange={() => setAudience('teams')} /> {t('builder.teams')}
				</label>
				{audience === 'teams' ? (
					<div className="team-picks">
						{errors.teamIds ? <p className="field-error">{errors.teamIds}</p> : null}
						{teams.map((team) => (
							<label key={team.id} className="checkbox" style={{ paddingLeft: `${team.depth * 1.25}rem` }}>
								<input type="checkbox" name="teamIds" value={team.id} defaultChecked={values.teamIds.includes(team.id)} /> {team.path.split('/').pop()}
							</label>
						))}
					</div>
				) : null}
			</fieldset>

			<fieldset className="field">
				<legend>{t('builder.when', { zone: timeZone })}</legend>
				<div className="form-row">
					<SelectField
						label={t('builder.cadence')}
						name="cadence"
						defaultValue={values.cadence}
						options={[
							{ value: 'weekly', label: t('builder.weekly') },
							{ value: 'biweekly', label: t('builder.biweekly') },
							{ value: 'monthly', label: t('builder.monthly') },
						]}
						error={errors.cadence}
					/>
					<SelectField
						label={t('builder.day')}
						name="weekday"
						defaultValue={String(values.weekday)}
						options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t('builder.weekday', { day: weekdayName(i18n.language, d) }) }))}
						error={errors.weekday}
					/>
					<Field label={t('builder.time')} name="sendTime" type="time" defaultValue={values.sendTime} required error={errors.sendTime} />
				</div>
				<div className="form-row">
					<Field label={t('builder.openDays')} name="openDays" type="number" min={1} max={28} defaultValue={values.openDays} required error={errors.openDays} />
					<Field
						label={t('builder.reminder')}
						name="reminderDaysBeforeClose"
						type="number"
						min={0}
						defaultValue={values.reminderDaysBeforeClose}
						required
						error={errors.reminderDaysBeforeClose}
					/>
					<Field label={t('builder.k')} name="anonymityK" type="number" min={3} defaultValue={values.anonymityK} required hint={t('builder.kHint')} error={errors.anonymityK} />
				</div>
			</fieldset>
			<SubmitButton name="intent" value="save" pendingText={tApp('forms.saving')}>
				{submitLabel}
			</SubmitButton>
		</Form>
	)
}

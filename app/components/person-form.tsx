import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { LOCALE_NAMES, LOCALES } from '~/i18n/locales'
import { teamLabel } from '~/org/team-path'
import { levels, roles } from '~db/enums'

import { Field, FormError, SelectField, SubmitButton } from './forms'

export interface PersonFormValues {
	email: string
	name: string
	role: string
	level: string
	teamId: string | null
	managerId: string | null
	locale?: string | null
}

/** The add/edit form for a person; the same fields and messages in both places. */
export function PersonForm({
	values,
	errors,
	teams,
	managers,
	submitLabel,
}: {
	values?: PersonFormValues
	errors: Record<string, string | undefined>
	teams: { id: string; path: string }[]
	managers: { id: string; name: string; email: string }[]
	submitLabel: string
}) {
	const { t } = useTranslation('admin')
	const { t: tApp } = useTranslation('app')
	return (
		<Form method="post" noValidate>
			<FormError error={errors._form} />
			<input type="hidden" name="intent" value="save" />
			<div className="form-row">
				<Field label={t('people.name')} name="name" required autoComplete="off" defaultValue={values?.name} error={errors.name} />
				<Field label={tApp('fields.email')} name="email" type="email" required autoComplete="off" defaultValue={values?.email} error={errors.email} />
			</div>
			<div className="form-row">
				<SelectField
					label={t('people.role')}
					name="role"
					defaultValue={values?.role ?? 'employee'}
					options={roles.map((r) => ({ value: r, label: tApp(`roles.${r}`) }))}
					error={errors.role}
				/>
				<SelectField
					label={t('people.level')}
					name="level"
					defaultValue={values?.level ?? 'frontline'}
					options={levels.map((l) => ({ value: l, label: t(`people.levels.${l}`) }))}
					error={errors.level}
				/>
			</div>
			<div className="form-row">
				<SelectField
					label={t('people.team')}
					name="teamId"
					placeholder={t('personForm.noTeam')}
					defaultValue={values?.teamId ?? ''}
					options={teams.map((t) => ({ value: t.id, label: teamLabel(t.path) }))}
					error={errors.teamId}
				/>
				<SelectField
					label={t('people.manager')}
					name="managerId"
					placeholder={t('personForm.noManager')}
					defaultValue={values?.managerId ?? ''}
					options={managers.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))}
					error={errors.managerId}
				/>
			</div>
			<div className="form-row">
				<SelectField
					label={t('personForm.language')}
					name="locale"
					placeholder={t('personForm.asOrganisation')}
					defaultValue={values?.locale ?? ''}
					options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
					error={errors.locale}
				/>
			</div>
			<SubmitButton name="intent" value="save" pendingText={tApp('forms.saving')}>
				{submitLabel}
			</SubmitButton>
		</Form>
	)
}

import { Form } from '@remix-run/react'

import { levelLabels, roleLabels } from '~/org/person-schema'
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
	return (
		<Form method="post" noValidate>
			<FormError error={errors._form} />
			<input type="hidden" name="intent" value="save" />
			<div className="form-row">
				<Field label="Name" name="name" required autoComplete="off" defaultValue={values?.name} error={errors.name} />
				<Field label="E-mail" name="email" type="email" required autoComplete="off" defaultValue={values?.email} error={errors.email} />
			</div>
			<div className="form-row">
				<SelectField label="Role" name="role" defaultValue={values?.role ?? 'employee'} options={roles.map((r) => ({ value: r, label: roleLabels[r] }))} error={errors.role} />
				<SelectField
					label="Level"
					name="level"
					defaultValue={values?.level ?? 'frontline'}
					options={levels.map((l) => ({ value: l, label: levelLabels[l] }))}
					error={errors.level}
				/>
			</div>
			<div className="form-row">
				<SelectField
					label="Team"
					name="teamId"
					placeholder="— no team —"
					defaultValue={values?.teamId ?? ''}
					options={teams.map((t) => ({ value: t.id, label: teamLabel(t.path) }))}
					error={errors.teamId}
				/>
				<SelectField
					label="Manager"
					name="managerId"
					placeholder="— none —"
					defaultValue={values?.managerId ?? ''}
					options={managers.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))}
					error={errors.managerId}
				/>
			</div>
			<SubmitButton name="intent" value="save" pendingText="Saving…">
				{submitLabel}
			</SubmitButton>
		</Form>
	)
}

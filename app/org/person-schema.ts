/** What makes a valid person, shared by the form, the CSV import and the API. */
import { z } from 'zod'

import { textSchema } from '~/utils/text'
import { levels, roles } from '~db/enums'

export const emailSchema = textSchema({ required_error: 'Enter an e-mail address.' })
	.trim()
	.min(1, 'Enter an e-mail address.')
	.max(254, 'An e-mail address has at most 254 characters.')
	.email('This is not a valid e-mail address.')
	.transform((e) => e.toLowerCase())

export const personNameSchema = textSchema({ required_error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120, 'A name has at most 120 characters.')

export const roleSchema = z.enum(roles, {
	errorMap: () => ({ message: `Role must be one of: ${roles.join(', ')}.` }),
})
export const levelSchema = z.enum(levels, {
	errorMap: () => ({ message: `Level must be one of: ${levels.join(', ')}.` }),
})

export const roleLabels: Record<(typeof roles)[number], string> = {
	admin: 'Admin (HR / people team)',
	executive: 'Executive',
	manager: 'Manager',
	employee: 'Employee',
}
export const levelLabels: Record<(typeof levels)[number], string> = {
	frontline: 'Front line',
	manager: 'Manager',
	leader: 'Leader',
}

/** "Employee · front line level"; a manager at manager level is "Manager", not "Manager · Manager". */
export function roleAndLevel(role: (typeof roles)[number], level: (typeof levels)[number]): string {
	const roleLabel = roleLabels[role]
	return roleLabel === levelLabels[level] ? roleLabel : `${roleLabel} · ${levelLabels[level].toLowerCase()} level`
}

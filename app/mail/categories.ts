/**
 * What a person may choose not to receive. Each message kind names one category; the account
 * and pulse categories cannot be turned off (a password link, an invitation to answer), the
 * others can, from the settings page or a one-click link in the message itself.
 */
export const MAIL_CATEGORIES = {
	account: { label: 'Account', description: 'Invitations to the app and password links.', optional: false },
	pulses: { label: 'Pulse invitations', description: 'The link to answer a pulse when it opens.', optional: false },
	reminders: { label: 'Pulse reminders', description: 'A reminder before a pulse you have not answered closes.', optional: true },
	results: { label: 'Results are in', description: 'A short note when your team’s results of a week are shared.', optional: true, roles: ['employee'] },
	digests: {
		label: 'Weekly digest',
		description: 'What changed in the released week for your teams, what is hidden and why, actions.',
		optional: true,
		roles: ['manager', 'executive'],
	},
	alerts: { label: 'Alerts', description: 'When a team’s index falls by more than its interval.', optional: true, roles: ['manager', 'executive'] },
} as const

export type MailCategory = keyof typeof MAIL_CATEGORIES

export const mailCategoryKeys = Object.keys(MAIL_CATEGORIES) as MailCategory[]
export const optionalCategories = mailCategoryKeys.filter((c) => MAIL_CATEGORIES[c].optional)

export const isMailCategory = (value: unknown): value is MailCategory => typeof value === 'string' && value in MAIL_CATEGORIES

/**
 * What each role may do, in the words the rest of the app uses instead of comparing role names,
 * so a new or changed role is decided here and in `permissions.server.ts` (which teams a person
 * reaches) only. Pure, because pages use it in the browser too (the navigation, the buttons).
 */
import { MAIL_CATEGORIES, type MailCategory } from '~/mail/categories'
import type { Role } from '~db/enums'

/** Whether the role is one of `roles`: the guard's check of a page's roles. */
export const hasOneOf = (role: Role, roles: readonly Role[]): boolean => roles.includes(role)

/** Admins run the organisation: its settings, people, moderation; the last one cannot go. */
export const isAdmin = (role: Role): boolean => role === 'admin'

/** Admins and executives reach every team and the whole organisation's figures (the API's in the browser too). */
export const reachesEveryTeam = (role: Role): boolean => role === 'admin' || role === 'executive'

/** Managers reach their own team and everything below it. */
export const reachesOwnSubtree = (role: Role): boolean => role === 'manager'

/** Everyone but employees leads: the dashboard, actions and comments are theirs. */
export const leads = (role: Role): boolean => role !== 'employee'

/** A manager at manager level: the role's name says the level too (the home page names it once). */
export const roleNamesItsLevel = (role: Role, level: string): boolean => role === 'manager' && level === 'manager'

/** Whether people of this role ever receive the mail category (the settings page shows only those). */
export function receivesCategory(role: Role, category: MailCategory): boolean {
	const c = MAIL_CATEGORIES[category]
	return !('roles' in c) || hasOneOf(role, c.roles)
}

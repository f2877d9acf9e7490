/**
 * The `<title>` of an admin's page: its words from the `admin` catalogue inside the app's
 * "… · State of Now" (`meta.title` of `app`), in the reader's language.
 */
import { metaT } from './react'

export type AdminT = (key: string, options?: Record<string, unknown>) => string

export function adminTitle(matches: readonly { id: string; data: unknown }[], page: (t: AdminT) => string): string {
	const app = metaT(matches)
	const t: AdminT = (key, options) => app(key, { ...options, ns: 'admin' })
	return app('meta.title', { page: page(t) })
}

/**
 * The message kinds the app sends, registered by the modules that own them (auth, org, pulses,
 * digests): mail/ imports none of its owners, so the pipeline (enqueue, deliver, layout,
 * transport) is a leaf. Registration happens in one place, `app/notifications/kinds.server.ts`,
 * which every delivery entry point (server runtime, scheduler script, tests) goes through.
 */
import type { MailMessage } from '~db/schema'

import type { MailCategory } from './categories'
import type { MessageContent } from './content'

export interface RenderContext {
	orgName: string
	userName: string | null
	now: Date
	/** The public address of the app, for links. */
	appUrl: string
	/** The recipient's language (their own, else their organisation's); English when not given. */
	locale?: string
	/** The organisation's time zone (IANA), for the dates a message names; UTC when not given. */
	timeZone?: string
}

export interface MailKind {
	kind: string
	/** How the Outbox page names it. */
	label: string
	category: MailCategory
	/**
	 * The message may turn out to be no longer needed at sending (a pulse already answered, a
	 * wave closed): its renderer then throws MailNoLongerNeeded and the message is `skipped`.
	 */
	skippable: boolean
	/**
	 * Whether the Outbox page must not show who the message is for (a pulse reminder goes only to
	 * those who have not answered, so its recipients would say who has).
	 */
	privateRecipient: boolean
	/** What the message says; secrets (link tokens) are minted here, at sending, never stored in the outbox. */
	render(message: MailMessage, context: RenderContext): Promise<MessageContent>
}

/** Thrown by a renderer when a message no longer has a reason to go out (wave closed, already answered). */
export class MailNoLongerNeeded extends Error {
	override name = 'MailNoLongerNeeded'
}

const kinds = new Map<string, MailKind>()

export function registerMailKind(kind: MailKind) {
	const existing = kinds.get(kind.kind)
	if (existing && existing !== kind) throw new Error(`Mail kind "${kind.kind}" is registered twice.`)
	kinds.set(kind.kind, kind)
}

export function mailKind(kind: string): MailKind | undefined {
	return kinds.get(kind)
}

export function registeredMailKinds(): string[] {
	return [...kinds.keys()].sort()
}

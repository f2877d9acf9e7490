/**
 * What the health page keeps of a delivery and of a refusal, as codes and counts, never as
 * sentences: stored as JSON in the text columns `connector_deliveries.summary` and
 * `connectors.last_error`, and said in the admin's language by `delivery-words.server.ts`. Rows
 * written before this shape (English, e.g. "1 stored; ignored: internal note") come back as
 * `recorded` text, shown as written and marked; delivery rows are pruned after a week anyway.
 */
import type { IgnoredReason, Refusal } from './provider'

/** What one delivery became: counts and the provider module's reason, nothing from the body. */
export interface DeliverySummary {
	stored: number
	unmapped: number
	ignored: IgnoredReason | null
}

/** The last thing that went wrong with a connector's deliveries. */
export type ConnectorProblem = { code: 'refused'; refusal: Refusal } | { code: 'notJson' }

export type Stored<T> = { ok: true; value: T } | { ok: false; recorded: string }

export const encodeRecord = (value: DeliverySummary | ConnectorProblem): string => JSON.stringify(value)

function decode(text: string): unknown {
	if (!text.startsWith('{')) return null
	try {
		return JSON.parse(text) as unknown
	} catch {
		return null
	}
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function decodeSummary(text: string): Stored<DeliverySummary> {
	const v = decode(text)
	if (isObject(v) && typeof v.stored === 'number' && typeof v.unmapped === 'number' && (v.ignored === null || (isObject(v.ignored) && typeof v.ignored.code === 'string')))
		return { ok: true, value: v as unknown as DeliverySummary }
	return { ok: false, recorded: text }
}

export function decodeProblem(text: string): Stored<ConnectorProblem> {
	const v = decode(text)
	if (isObject(v) && (v.code === 'notJson' || (v.code === 'refused' && isObject(v.refusal) && typeof v.refusal.code === 'string')))
		return { ok: true, value: v as unknown as ConnectorProblem }
	return { ok: false, recorded: text }
}

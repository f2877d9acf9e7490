import { CULTURE_KEYS } from './stats'

/** The seven culture dimensions of the Real-Time Mindset model, in display order (defined with the method in stats.ts). */
export const CULTURE_DIMENSIONS = CULTURE_KEYS
export type CultureDimension = (typeof CULTURE_DIMENSIONS)[number]

/**
 * Names for reports, where every score is oriented so that higher is better (reverse items are
 * flipped before scoring): a high "approval" score means little approval friction.
 */
export const REPORT_LABELS: Record<CultureDimension, string> = {
	autonomy: 'Decision autonomy',
	approval: 'Low approval friction',
	speed: 'Response speed',
	voice: 'Bottom-up flow',
	collaboration: 'Working across silos',
	safety: 'Safe to try',
	closeness: 'Close to customers',
}

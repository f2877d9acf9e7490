/** The seven culture dimensions of the Real-Time Mindset model, in display order. */
export const CULTURE_DIMENSIONS = ['autonomy', 'approval', 'speed', 'voice', 'collaboration', 'safety', 'closeness'] as const
export type CultureDimension = (typeof CULTURE_DIMENSIONS)[number]
export const OPERATIONAL_KEYS = ['firstResponse', 'approvalCycle'] as const

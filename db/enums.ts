/** Value lists shared by the schema and the browser bundle (which must not load drizzle). */
export const roles = ['admin', 'executive', 'manager', 'employee'] as const
export const levels = ['frontline', 'manager', 'leader'] as const
export type Role = (typeof roles)[number]
export type Level = (typeof levels)[number]
export const dimensions = ['autonomy', 'approval', 'speed', 'voice', 'collaboration', 'safety', 'closeness', 'enps', 'comment'] as const
export const answerKinds = ['likert', 'scale10', 'count', 'hours', 'text'] as const
export type Dimension = (typeof dimensions)[number]
export type AnswerKind = (typeof answerKinds)[number]

/** Value lists shared by the schema and the browser bundle (which must not load drizzle). */
export const roles = ['admin', 'executive', 'manager', 'employee'] as const
export const levels = ['frontline', 'manager', 'leader'] as const
export type Role = (typeof roles)[number]
export type Level = (typeof levels)[number]

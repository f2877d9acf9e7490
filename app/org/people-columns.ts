/** The columns of a people file, in order; shared with the browser, so nothing else here. */
export const PEOPLE_COLUMNS = ['email', 'name', 'team', 'role', 'level', 'manager_email'] as const

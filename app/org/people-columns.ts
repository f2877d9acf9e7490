/** The columns of a people file, in order; shared with the browser, so nothing else here. */
export const PEOPLE_COLUMNS = ['email', 'name', 'team', 'role', 'level', 'manager_email'] as const
/** Columns a file may have or leave out: `locale` (en, de, fr, es, ja; empty follows the organisation; left out, unchanged). */
export const OPTIONAL_PEOPLE_COLUMNS = ['locale'] as const

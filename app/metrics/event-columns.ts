/** The fields of an event, as JSON keys and CSV columns; shared with the browser, so nothing else here. */
export const EVENT_COLUMNS = ['id', 'type', 'team', 'startedAt', 'endedAt', 'channel', 'approvals', 'outcome'] as const
export type EventColumn = (typeof EVENT_COLUMNS)[number]

export const MAX_EVENTS_PER_REQUEST = 5000
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024
export const MAX_CSV_BYTES = 64 * 1024 * 1024
export const MAX_CSV_ROWS = 500_000

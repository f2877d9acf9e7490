/**
 * The parts of an API key's format that the API keys page shows in the browser too: a `.server`
 * module gives the browser bundle nothing, so these cannot live in api-keys.server.ts alone.
 */
export const KEY_PREFIX = 'son_'
export const MAX_KEY_NAME = 80

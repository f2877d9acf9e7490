/**
 * Lets the server answer the requests that arrived meanwhile. The embedded database (PGlite)
 * runs on the server's own thread, so a long job made only of queries (seeding the demo) would
 * hold every request until it ends; called between its steps, a health check or a page asked for
 * during the seed is answered ("starting") instead of hanging.
 */
export const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve))

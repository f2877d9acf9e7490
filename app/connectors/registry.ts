/** The providers, by the id stored on a connector. */
import type { ConnectorProvider } from '~db/schema'

import type { Provider } from './provider'
import { zendesk } from './providers/zendesk'

export const PROVIDERS: Partial<Record<ConnectorProvider, Provider>> = { zendesk }

export function providerFor(id: string): Provider | undefined {
	return (PROVIDERS as Record<string, Provider | undefined>)[id]
}

/** The providers, by the id stored on a connector. */
import type { ConnectorProvider } from '~db/schema'

import type { Provider } from './provider'
import { freshdesk } from './providers/freshdesk'
import { github } from './providers/github'
import { intercom } from './providers/intercom'
import { jira } from './providers/jira'
import { zendesk } from './providers/zendesk'

export const PROVIDERS: Record<ConnectorProvider, Provider> = { zendesk, intercom, freshdesk, github, jira }

export function providerFor(id: string): Provider | undefined {
	return (PROVIDERS as Record<string, Provider | undefined>)[id]
}

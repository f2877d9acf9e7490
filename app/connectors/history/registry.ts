/** The history readers, by provider. */
import type { ConnectorProvider } from '~db/schema'

import { freshdeskHistory } from './freshdesk'
import { githubHistory } from './github'
import type { History } from './history'
import { intercomHistory } from './intercom'
import { jiraHistory } from './jira'
import { zendeskHistory } from './zendesk'

export const HISTORIES: Record<ConnectorProvider, History> = {
	zendesk: zendeskHistory,
	intercom: intercomHistory,
	freshdesk: freshdeskHistory,
	github: githubHistory,
	jira: jiraHistory,
}

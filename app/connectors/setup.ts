/**
 * How many steps, in each provider, the admin follows to paste the webhook address and the secret
 * (shown on the connector's page; docs/operations.md says the same at length). The steps' words
 * are in the `integrations` catalogue, `connector.steps.<provider>.<n>`, in every language.
 */
import type { ConnectorProvider } from '~db/schema'

export const SETUP_STEPS: Record<ConnectorProvider, number> = { zendesk: 4, intercom: 4, freshdesk: 5, github: 3, jira: 3 }

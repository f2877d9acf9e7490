/**
 * Where, in each provider, the admin pastes the webhook address and the secret (shown on the
 * connector's page; docs/operations.md says the same at length). Plain data: the page renders it.
 */
import type { ConnectorProvider } from '~db/schema'

export const SETUP_STEPS: Record<ConnectorProvider, string[]> = {
	zendesk: [
		'Admin Center › Apps and integrations › Webhooks › Create webhook › “Zendesk events”, subscribed to Ticket created and Comment added (ticket events).',
		'Endpoint URL: the webhook address shown here; request method POST, format JSON, authentication none.',
		'After creating it, open the webhook, “Reveal secret” under Signing secret, and paste it here (Rotate secret here when you reset it there).',
		'Map each Zendesk group id (the number in Admin Center › People › Groups) to a team.',
	],
	intercom: [
		'Developer Hub › your app › Webhooks: Endpoint URL = the webhook address shown here.',
		'Topics: conversation.user.created, conversation.user.replied, conversation.admin.replied, conversation.admin.closed.',
		'The signing secret is the app’s Client secret (Developer Hub › Basic information): paste it here.',
		'Map each Intercom team id (team_assignee_id) to a team.',
	],
	freshdesk: [
		'Admin › Workflows › Automations: one rule under “Ticket creation” and one under “Ticket updates” (event: Reply is sent, performed by an agent).',
		'Action “Trigger webhook”: POST to the webhook address shown here, encoding JSON, content Advanced, with the JSON given in the documentation.',
		'Custom header X-Connector-Secret with the secret shown once here (or “Requires authentication” with any user name and the secret as password).',
		'Freshdesk does not sign webhooks: the secret travels with each request, so keep the address on HTTPS and rotate the secret if it leaks.',
		'Map each Freshdesk group name to a team.',
	],
	github: [
		'Repository or organisation Settings › Webhooks › Add webhook: Payload URL = the webhook address shown here, content type application/json.',
		'Secret: the secret shown once here. Events: “Pull requests” and “Pull request reviews”.',
		'Map each repository (owner/name) to a team.',
	],
	jira: [
		'Jira settings › System › WebHooks › Create a WebHook: URL = the webhook address shown here, Secret = the secret shown once here.',
		'Events: Issue created, Issue updated, Comment created; JQL such as project = ITS to keep other projects out.',
		'Map each project key to a team. Approvals: requests entering and leaving the “Waiting for approval” status.',
	],
}

/** Slack's Web API client (`@slack/web-api`), pointed at SLACK_API_URL so tests talk to a loopback stub. */
import { LogLevel, WebClient } from '@slack/web-api'

import { env } from '~/utils/env.server'

export function slackClient(token?: string) {
	return new WebClient(token, {
		slackApiUrl: env().SLACK_API_URL,
		logLevel: LogLevel.ERROR,
		// The outbox retries a failed message with its own backoff; the client does not retry on its own.
		retryConfig: { retries: 0 },
		rejectRateLimitedCalls: true,
	})
}

export function slackConfigured(): boolean {
	const e = env()
	return Boolean(e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_SIGNING_SECRET)
}

/** The bot scopes we ask for, and nothing more (the issue and docs/security.md list why each). */
export const SLACK_SCOPES = ['chat:write', 'im:write', 'users:read', 'users:read.email'] as const

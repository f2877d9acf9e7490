import { type LoaderFunctionArgs, redirect } from '@remix-run/node'

import { requireAdmin } from '~/auth/guard.server'
import { slackInstallUrl } from '~/channels/slack/installations.server'

// GET /admin/channels/slack/install: to Slack's "Add to Slack" page, with a state only this admin can bring back.
export async function loader({ request }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const url = slackInstallUrl(org.id, user.id)
	throw redirect(url ?? '/admin/channels')
}

export default function SlackInstall() {
	return null
}

import { type LoaderFunctionArgs, redirect } from '@remix-run/node'

import { userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { checkInstallState, completeSlackInstall } from '~/channels/slack/installations.server'

// GET /admin/channels/slack/callback?code&state: where Slack sends the admin back after "Allow" (or "Cancel").
export async function loader({ request, context }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const url = new URL(request.url)
	const back = (params: Record<string, string>) => redirect(`/admin/channels?${new URLSearchParams(params)}`)
	if (url.searchParams.get('error')) throw back({ problem: 'Slack was not connected: the installation was cancelled in Slack.' })
	if (!checkInstallState(url.searchParams.get('state'), org.id, user.id))
		throw back({ problem: 'That Slack link has expired or was started by someone else. Start again with “Add to Slack”.' })
	const code = url.searchParams.get('code')
	if (!code) throw back({ problem: 'Slack sent no installation code. Start again with “Add to Slack”.' })
	const result = await completeSlackInstall(org.id, userActor(user, context), code)
	if (!result.ok) throw back({ problem: result.errors._form ?? 'Slack was not connected.' })
	throw back({ connected: result.value.workspaceName })
}

export default function SlackCallback() {
	return null
}

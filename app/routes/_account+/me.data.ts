import type { LoaderFunctionArgs } from '@remix-run/node'

import { userActor } from '~/audit/audit.server'
import { requireUser } from '~/auth/guard.server'
import { personalData } from '~/org/personal-data.server'
import { invariantResponse } from '~/utils/http'

/** GET /me/data: what the organisation holds about the signed-in person, as JSON (GDPR Art. 15). */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const { user, org } = await requireUser(request)
	const body = await personalData(org.id, user.id, userActor(user, context))
	invariantResponse(body, 'Not found')
	return new Response(JSON.stringify(body, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${org.slug}-my-data.json"`,
			'Cache-Control': 'no-store',
		},
	})
}

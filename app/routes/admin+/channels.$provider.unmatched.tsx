import type { LoaderFunctionArgs } from '@remix-run/node'

import { requireAdmin } from '~/auth/guard.server'
import { chatProviderNamed, unmatchedPeopleCsv } from '~/channels/matching.server'
import { errorResponse } from '~/utils/errors'

/** Everyone not found in Slack or Teams (they keep e-mail), as a CSV in the people import's columns. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	const provider = chatProviderNamed(params.provider)
	const csv = provider ? await unmatchedPeopleCsv(org.id, provider) : null
	if (!provider || csv === null) throw errorResponse('NOT_FOUND')
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${org.slug}-not-in-${provider}.csv"`,
			'Cache-Control': 'no-store',
		},
	})
}

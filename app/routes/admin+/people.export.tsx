import type { LoaderFunctionArgs } from '@remix-run/node'

import { requireAdmin } from '~/auth/guard.server'
import { exportPeopleCsv } from '~/org/people-import.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const { org } = await requireAdmin(request)
	return new Response(await exportPeopleCsv(org.id), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${org.slug}-people.csv"`,
			'Cache-Control': 'no-store',
		},
	})
}

import type { LoaderFunctionArgs } from '@remix-run/node'

import { auditCsv, auditFilterFrom, userActor } from '~/audit/audit.server'
import { requireAdmin } from '~/auth/guard.server'
import { personLocale } from '~/i18n/i18n.server'

/** The audit log under the page's filters, as formula-safe CSV in the admin's language (column names stay English, for scripts); the export is recorded in the log. */
export async function loader({ request, context }: LoaderFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const filter = auditFilterFrom(new URL(request.url).searchParams)
	return new Response(await auditCsv(org.id, org.timeZone, filter, userActor(user, context), personLocale(user, org)), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${org.slug}-audit.csv"`,
			'Cache-Control': 'no-store',
		},
	})
}

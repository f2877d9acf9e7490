import type { LoaderFunctionArgs } from '@remix-run/node'

import { apiKeyActor, type AuditActor, recordAuditNow, userActor } from '~/audit/audit.server'
import { getCurrentUser } from '~/auth/guard.server'
import { apiHandler, json, jsonError, requireApiKey } from '~/metrics/api-http.server'
import { reportFromParams, weeklyRows } from '~/reports/mindset-query.server'

const SESSION_ROLES = new Set(['admin', 'executive'])

// GET /api/v1/reports/mindset: with an API key, or from the browser of a signed-in admin or executive.
export async function loader({ request, context }: LoaderFunctionArgs) {
	return apiHandler(async () => {
		let orgId: string
		let actor: AuditActor
		if (request.headers.has('Authorization')) {
			const caller = await requireApiKey(request, 'reports:read')
			orgId = caller.orgId
			actor = apiKeyActor(caller.keyId, context)
		} else {
			const current = await getCurrentUser(request)
			if (!current)
				return jsonError(401, 'Send an API key ("Authorization: Bearer son_…"), or sign in as an admin or executive.', { 'WWW-Authenticate': 'Bearer realm="State of Now"' })
			if (!SESSION_ROLES.has(current.user.role)) return jsonError(403, 'Only admins and executives can read these figures.')
			orgId = current.org.id
			actor = userActor(current.user, context)
		}
		const r = await reportFromParams(orgId, new URL(request.url).searchParams)
		if (!r.ok) return json({ errors: r.errors }, r.status)
		const { report } = r
		await recordAuditNow(orgId, {
			actor,
			action: 'report.api_read',
			target: 'GET /api/v1/reports/mindset',
			detail: { from: report.from, to: report.to, team: report.selected.path ?? null, level: report.level ?? null },
		})
		return json({
			from: report.from,
			to: report.to,
			team: report.selected.path,
			level: report.level,
			timeZone: report.timeZone,
			k: report.k,
			weeks: weeklyRows(report),
			// The windows under their own names: `baseline` and `rtmi` are the RTMI then and now.
			progress: { ...report.headline, baselineWindow: report.baseline, latestWindow: report.latest },
			correlations: report.correlations.map((c) => ({ dimension: c.dimension, metric: 'first_response_minutes', lags: c.lags, topVsBottomQuartile: c.contrast })),
			correlationTest: report.correlationTest,
			drivers: report.drivers,
			findings: report.findings,
		})
	})
}

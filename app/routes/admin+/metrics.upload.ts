import type { ActionFunctionArgs } from '@remix-run/node'

import { requireAdmin } from '~/auth/guard.server'
import { fixedT, personLocale } from '~/i18n/i18n.server'
import { localizeImportOutcome } from '~/i18n/integration-problems.server'
import { importEventsCsv } from '~/metrics/csv-import.server'
import { MAX_CSV_BYTES } from '~/metrics/event-columns'
import { errorResponse } from '~/utils/errors'

/**
 * The import page's script sends the CSV here as the raw body and reads the answer as it comes:
 * one JSON object per line, progress first, the outcome last (NDJSON). The file is parsed
 * while it arrives. `no-transform` keeps the compression middleware from buffering the lines.
 */
export async function action({ request }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	const headers = { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store, no-transform' }
	const tooLarge = JSON.stringify({
		type: 'result',
		outcome: localizeImportOutcome(locale, { ok: false, problems: [{ line: 0, message: 'The file is larger than 64 MB. Split it into several files.' }], more: 0 }),
	})
	if (Number(request.headers.get('Content-Length') ?? 0) > MAX_CSV_BYTES) return new Response(`${tooLarge}\n`, { status: 413, headers })
	const body = request.body
	if (!body)
		return new Response(
			`${JSON.stringify({ type: 'result', outcome: localizeImportOutcome(locale, { ok: false, problems: [{ line: 0, message: 'Choose a CSV file to import.' }], more: 0 }) })}\n`,
			{
				status: 400,
				headers,
			},
		)
	const encoder = new TextEncoder()
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (message: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`))
			try {
				const outcome = await importEventsCsv(org.id, body as unknown as AsyncIterable<Uint8Array>, { onProgress: (p) => send({ type: 'progress', ...p }) })
				send({ type: 'result', outcome: localizeImportOutcome(locale, outcome) })
			} catch (error) {
				console.error(error)
				send({ type: 'failed', message: fixedT(locale, 'integrations')('metricsImport.unexpected') })
			} finally {
				controller.close()
			}
		},
	})
	return new Response(stream, { headers })
}

export async function loader() {
	return errorResponse('NOT_FOUND')
}

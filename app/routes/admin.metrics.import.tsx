import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { type FormEvent, useState } from 'react'

import { requireAdmin } from '~/auth/guard.server'
import { Notice, SubmitButton } from '~/components/forms'
import { ImportProblems } from '~/components/import-problems'
import { BackLink } from '~/components/page'
import { type CsvImportOutcome, importEventsCsv } from '~/metrics/csv-import.server'
import { EVENT_COLUMNS, MAX_CSV_BYTES } from '~/metrics/event-columns'

export const meta: MetaFunction = () => [{ title: 'Import events · State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAdmin(request)
	return null
}

const failure = (message: string): CsvImportOutcome => ({ ok: false, problems: [{ line: 0, message }], more: 0 })

// Without JavaScript the form posts here; with it, the page streams the file to
// /admin/metrics/upload instead and shows progress. Both end in the same outcome.
export async function action({ request }: ActionFunctionArgs) {
	const { org } = await requireAdmin(request)
	if (Number(request.headers.get('Content-Length') ?? 0) > MAX_CSV_BYTES + 64 * 1024)
		return data(failure('The file is larger than 64 MB. Split it into several files.'), { status: 413 })
	const file = (await request.formData()).get('file')
	if (!(file instanceof File) || file.size === 0) return data(failure('Choose a CSV file to import.'), { status: 400 })
	const outcome = await importEventsCsv(org.id, file.stream() as unknown as AsyncIterable<Uint8Array>)
	return outcome.ok ? outcome : data(outcome, { status: 422 })
}

type Progress = { label: string; value: number | null }

/** Sends the file as the raw body and reads the NDJSON answer line by line as it arrives. */
function streamUpload(file: File, onProgress: (p: Progress) => void): Promise<CsvImportOutcome> {
	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest()
		xhr.open('POST', '/admin/metrics/upload')
		xhr.setRequestHeader('Content-Type', 'text/csv')
		let consumed = 0
		let outcome: CsvImportOutcome | null = null
		const read = () => {
			const text = xhr.responseText
			for (let nl = text.indexOf('\n', consumed); nl >= 0; nl = text.indexOf('\n', consumed)) {
				const line = text.slice(consumed, nl)
				consumed = nl + 1
				let message: { type: string; [k: string]: unknown }
				try {
					message = JSON.parse(line)
				} catch {
					continue
				}
				if (message.type === 'progress' && message.phase === 'checking')
					onProgress({ label: `Checking: ${Number(message.rows).toLocaleString('en')} rows read`, value: Number(message.bytes) / file.size })
				else if (message.type === 'progress' && message.phase === 'saving')
					onProgress({
						label: `Saving: ${Number(message.saved).toLocaleString('en')} of ${Number(message.total).toLocaleString('en')} events`,
						value: Number(message.saved) / Math.max(1, Number(message.total)),
					})
				else if (message.type === 'result') outcome = message.outcome as CsvImportOutcome
				else if (message.type === 'failed') outcome = failure(String(message.message))
			}
		}
		xhr.upload.onprogress = (e) => onProgress({ label: 'Uploading', value: e.lengthComputable ? e.loaded / e.total : null })
		xhr.upload.onload = () => onProgress({ label: 'Checking', value: 0 })
		xhr.onprogress = read
		xhr.onload = () => {
			read()
			if (!outcome && !(xhr.getResponseHeader('Content-Type') ?? '').includes('ndjson')) outcome = failure('Your session has ended. Sign in again, then upload the file.')
			resolve(outcome ?? failure('The server stopped answering before the import finished. Nothing was imported; try again.'))
		}
		xhr.onerror = () => resolve(failure('The upload failed: the connection was lost. Nothing was imported; try again.'))
		xhr.send(file)
	})
}

const EXAMPLE = `${EVENT_COLUMNS.join(',')}
zd-48213,customer_response,Customer Care/Social,2026-03-02T09:15:00Z,2026-03-02T09:41:00Z,twitter,,
zd-48214,customer_response,Customer Care/Social,2026-03-02T10:02:00+01:00,,facebook,,
ap-7731,approval,Marketing,2026-03-02T08:00:00Z,2026-03-03T16:30:00Z,,3,approved`

export default function ImportEvents() {
	const actionResult = useActionData<typeof action>()
	const [streamed, setStreamed] = useState<CsvImportOutcome | null>(null)
	const [progress, setProgress] = useState<Progress | null>(null)
	const result = streamed ?? actionResult ?? null

	async function onSubmit(event: FormEvent<HTMLFormElement>) {
		const file = new FormData(event.currentTarget).get('file')
		if (!(file instanceof File) || file.size === 0) return
		event.preventDefault()
		setStreamed(null)
		setProgress({ label: 'Uploading', value: 0 })
		const outcome = await streamUpload(file, setProgress)
		setProgress(null)
		setStreamed(outcome)
	}

	return (
		<>
			<BackLink to="/admin/metrics">Response times</BackLink>
			<h1>Import events from CSV</h1>
			<p className="muted">
				All or nothing: if any line has a problem, nothing is imported and the problems are listed with their line numbers. Events are matched by their id, so importing a file
				again updates the events in it and never duplicates them.
			</p>
			{result?.ok ? (
				<Notice>
					<strong>Import complete.</strong> {result.rows.toLocaleString('en')} events: {result.counts.inserted.toLocaleString('en')} new,{' '}
					{result.counts.updated.toLocaleString('en')} already known (updated). See <Link to="/admin/metrics">response times</Link>.
				</Notice>
			) : null}
			{result && !result.ok ? <ImportProblems problems={result.problems} more={result.more} /> : null}
			<div className="card">
				<Form method="post" encType="multipart/form-data" onSubmit={onSubmit}>
					<div className="field">
						<label htmlFor="file">CSV file (UTF-8, at most 64 MB or 500,000 events)</label>
						<input id="file" name="file" type="file" accept=".csv,text/csv" required disabled={progress !== null} />
					</div>
					{progress ? (
						<div className="field" role="status" aria-live="polite">
							<label htmlFor="import-progress">{progress.label}…</label>
							<progress id="import-progress" max={1} value={progress.value ?? undefined} style={{ width: '100%' }} />
						</div>
					) : null}
					<SubmitButton pendingText="Importing…">{progress ? 'Importing…' : 'Import'}</SubmitButton>
				</Form>
			</div>
			<div className="card">
				<h2>The file</h2>
				<p>
					The first line names the columns: <code>{EVENT_COLUMNS.join(',')}</code> (<code>endedAt</code>, <code>channel</code>, <code>approvals</code> and <code>outcome</code> may
					be left out). <code>type</code> is <code>customer_response</code> or <code>approval</code>; <code>team</code> a path of an existing team such as{' '}
					<code>Marketing/Social</code>. Times carry a zone: <code>2026-03-02T09:15:00Z</code> or <code>2026-03-02T10:15:00+01:00</code>. Leave <code>endedAt</code> empty while a
					customer waits for an answer or an approval is pending. <code>approvals</code> (sign-offs needed, at least 1) and <code>outcome</code> (approved or rejected) are for
					approvals only.
				</p>
				<pre className="mail-body">{EXAMPLE}</pre>
			</div>
		</>
	)
}

import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { type FormEvent, useState } from 'react'
import { Trans, useTranslation } from 'react-i18next'

import { requireAdmin } from '~/auth/guard.server'
import { Notice, SubmitButton } from '~/components/forms'
import { ImportProblems } from '~/components/import-problems'
import { BackLink } from '~/components/page'
import { formatNumber } from '~/i18n/format'
import { personLocale } from '~/i18n/i18n.server'
import { localizeImportOutcome } from '~/i18n/integration-problems.server'
import { metaT } from '~/i18n/react'
import { type CsvImportOutcome, importEventsCsv } from '~/metrics/csv-import.server'
import { EVENT_COLUMNS, MAX_CSV_BYTES, MAX_CSV_ROWS } from '~/metrics/event-columns'

export const meta: MetaFunction = ({ matches }) => {
	const t = metaT(matches)
	return [{ title: t('meta.title', { page: t('metricsImport.title', { ns: 'integrations' }) }) }]
}

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAdmin(request)
	return null
}

const failure = (message: string): CsvImportOutcome => ({ ok: false, problems: [{ line: 0, message }], more: 0 })

// Without JavaScript the form posts here; with it, the page streams the file to
// /admin/metrics/upload instead and shows progress. Both end in the same outcome.
export async function action({ request }: ActionFunctionArgs) {
	const { org, user } = await requireAdmin(request)
	const locale = personLocale(user, org)
	if (Number(request.headers.get('Content-Length') ?? 0) > MAX_CSV_BYTES + 64 * 1024)
		return data(localizeImportOutcome(locale, failure('The file is larger than 64 MB. Split it into several files.')), { status: 413 })
	const file = (await request.formData()).get('file')
	if (!(file instanceof File) || file.size === 0) return data(localizeImportOutcome(locale, failure('Choose a CSV file to import.')), { status: 400 })
	const outcome = await importEventsCsv(org.id, file.stream() as unknown as AsyncIterable<Uint8Array>)
	return outcome.ok ? outcome : data(localizeImportOutcome(locale, outcome), { status: 422 })
}

type Progress = { label: string; value: number | null }

/** Sends the file as the raw body and reads the NDJSON answer line by line as it arrives. */
function streamUpload(file: File, onProgress: (p: Progress) => void, t: TFunction, locale: string): Promise<CsvImportOutcome> {
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
					onProgress({
						label: t('metricsImport.progress.checkingRows', { count: Number(message.rows), rows: formatNumber(Number(message.rows), locale) }),
						value: Number(message.bytes) / file.size,
					})
				else if (message.type === 'progress' && message.phase === 'saving')
					onProgress({
						label: t('metricsImport.progress.saving', {
							count: Number(message.total),
							saved: formatNumber(Number(message.saved), locale),
							total: formatNumber(Number(message.total), locale),
						}),
						value: Number(message.saved) / Math.max(1, Number(message.total)),
					})
				else if (message.type === 'result') outcome = message.outcome as CsvImportOutcome
				else if (message.type === 'failed') outcome = failure(String(message.message))
			}
		}
		xhr.upload.onprogress = (e) => onProgress({ label: t('metricsImport.progress.uploading'), value: e.lengthComputable ? e.loaded / e.total : null })
		xhr.upload.onload = () => onProgress({ label: t('metricsImport.progress.checking'), value: 0 })
		xhr.onprogress = read
		xhr.onload = () => {
			read()
			if (!outcome && !(xhr.getResponseHeader('Content-Type') ?? '').includes('ndjson')) outcome = failure(t('metricsImport.sessionEnded'))
			resolve(outcome ?? failure(t('metricsImport.serverStopped')))
		}
		xhr.onerror = () => resolve(failure(t('metricsImport.connectionLost')))
		xhr.send(file)
	})
}

/** The values a column's help names, as they are written in the file (in every language). */
const COLUMN_VALUES = {
	response: 'customer_response',
	approval: 'approval',
	approved: 'approved',
	rejected: 'rejected',
	team: 'Marketing/Social',
	utc: '2026-03-02T09:15:00Z',
	offset: '2026-03-02T10:15:00+01:00',
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
	const { t, i18n } = useTranslation('integrations')
	const locale = i18n.language
	const number = (n: number) => formatNumber(n, locale)

	async function onSubmit(event: FormEvent<HTMLFormElement>) {
		const file = new FormData(event.currentTarget).get('file')
		if (!(file instanceof File) || file.size === 0) return
		event.preventDefault()
		setStreamed(null)
		setProgress({ label: t('metricsImport.progress.uploading'), value: 0 })
		const outcome = await streamUpload(file, setProgress, t, locale)
		setProgress(null)
		setStreamed(outcome)
	}

	return (
		<>
			<BackLink to="/admin/metrics">{t('metrics.title')}</BackLink>
			<h1>{t('metricsImport.heading')}</h1>
			<p className="muted">{t('metricsImport.intro')}</p>
			{result?.ok ? (
				<Notice>
					<strong>{t('metricsImport.complete')}</strong>{' '}
					<Trans
						t={t}
						i18nKey="metricsImport.counts"
						count={result.rows}
						values={{ rows: number(result.rows), inserted: number(result.counts.inserted), updated: number(result.counts.updated) }}
						components={{ metrics: <Link to="/admin/metrics" /> }}
					/>
				</Notice>
			) : null}
			{result && !result.ok ? <ImportProblems problems={result.problems} more={result.more} /> : null}
			<div className="card">
				<Form method="post" encType="multipart/form-data" onSubmit={onSubmit}>
					<div className="field">
						<label htmlFor="file">{t('metricsImport.file', { mb: MAX_CSV_BYTES / 1024 / 1024, events: number(MAX_CSV_ROWS) })}</label>
						<input id="file" name="file" type="file" accept=".csv,text/csv" required disabled={progress !== null} />
					</div>
					{progress ? (
						<div className="field" role="status" aria-live="polite">
							<label htmlFor="import-progress">{progress.label}…</label>
							<progress id="import-progress" max={1} value={progress.value ?? undefined} style={{ width: '100%' }} />
						</div>
					) : null}
					<SubmitButton pendingText={t('metricsImport.importing')}>{progress ? t('metricsImport.importing') : t('metricsImport.import')}</SubmitButton>
				</Form>
			</div>
			<div className="card">
				<h2>{t('metricsImport.help.heading')}</h2>
				<p>
					<Trans t={t} i18nKey="metricsImport.help.header" values={{ columns: EVENT_COLUMNS.join(',') }} components={{ code: <code /> }} />
				</p>
				<dl>
					{EVENT_COLUMNS.map((column) => (
						<div key={column}>
							<dt>
								<code>{column}</code>
							</dt>
							<dd>{t(`metricsImport.help.column.${column}`, COLUMN_VALUES)}</dd>
						</div>
					))}
				</dl>
				<p>{t('metricsImport.help.example')}</p>
				<pre className="mail-body">{EXAMPLE}</pre>
			</div>
		</>
	)
}

import type { TFunction } from 'i18next'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { intlLocale } from '~/i18n/format'

import { forgetReplyKey, keptReplyKeys, replyKeyKeptOn } from './reply-keys'

interface Thread {
	comment: string | null
	commentHidden: boolean
	messages: { fromAuthor: boolean; leaderName: string | null; body: string; writtenOn: string }[]
}

/** `thread` null with `status` 404: the key finds nothing; any other status: it could not be asked now. */
type Loaded = { key: string; thread: Thread | null; status: number }

// A comment is found by its key only once its week's results are released: after every pulse of
// that week has closed (a pulse stays open a week at most) and a short settle time. A key kept
// more recently than this is waiting, not broken.
const RELEASE_WAIT_DAYS = 14

type Answer = { status: number; json: { thread?: Thread; error?: string; errors?: Record<string, string> } }

/**
 * Asks for a thread with the key alone: no cookie goes with it, so the request names nobody. A
 * network failure is status 0, so every caller has one answer to read.
 */
async function post(body: Record<string, string>): Promise<Answer> {
	try {
		const response = await fetch('/replies/thread', { method: 'POST', credentials: 'omit', body: new URLSearchParams(body) })
		return { status: response.status, json: await response.json().catch(() => ({})) }
	} catch {
		return { status: 0, json: {} }
	}
}

/** What to say when an answer was not taken; the text the author wrote stays in the box. */
export function answerRefusal({ status, json }: Answer, t: TFunction): string {
	if (status === 422) return json.errors?.body ?? json.errors?._form ?? t('replies.refused.invalid')
	if (status === 404) return t('replies.refused.unknown')
	if (status === 429 && json.error) return json.error
	if (status === 0) return t('replies.refused.network')
	return t('replies.refused.later')
}

/** The threads of the reply keys this browser keeps, with a form to answer each (home page and /replies). */
export function ReplyThreads({ emptyText }: { emptyText: string }) {
	const { t } = useTranslation()
	const [threads, setThreads] = useState<Loaded[] | null>(null)
	const load = useCallback(async () => {
		const keys = keptReplyKeys()
		const loaded = await Promise.all(
			keys.map(async (key) => {
				const r = await post({ intent: 'read', key })
				return { key, thread: r.json.thread ?? null, status: r.status }
			}),
		)
		setThreads(loaded)
	}, [])
	useEffect(() => {
		void load()
	}, [load])
	if (threads === null) return <p className="muted small">{t('replies.looking')}</p>
	if (!threads.length) return <p className="muted small">{emptyText}</p>
	return (
		<ul className="reply-threads">
			{threads.map((t) => (
				<li key={t.key}>{t.thread ? <ThreadView replyKey={t.key} thread={t.thread} onChange={load} /> : <UnknownKey replyKey={t.key} status={t.status} onForget={load} />}</li>
			))}
		</ul>
	)
}

function UnknownKey({ replyKey, status, onForget }: { replyKey: string; status: number; onForget: () => void }) {
	const { t, i18n } = useTranslation()
	const keptOn = replyKeyKeptOn(replyKey)
	const day = (withYear: boolean) =>
		keptOn === null ? '' : new Date(keptOn).toLocaleDateString(intlLocale(i18n.language), { day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}) })
	const waiting = keptOn === null || Date.now() - keptOn < RELEASE_WAIT_DAYS * 86_400_000
	const forget = (
		<button
			type="button"
			className="link-button"
			onClick={() => {
				forgetReplyKey(replyKey)
				onForget()
			}}
		>
			{t('replies.forget')}
		</button>
	)
	// Only a 404 means "no comment for this key (yet)"; anything else is the server or the network.
	if (status !== 404) return <p className="small muted">{t('replies.lookupFailed')}</p>
	if (waiting)
		return (
			<p className="small muted" data-testid="reply-waiting">
				{keptOn === null ? t('replies.waitingUndated') : t('replies.waiting', { date: day(false) })}
				{keptOn === null ? <> {forget}</> : null}
			</p>
		)
	return (
		<p className="small muted">
			{t('replies.notFound', { date: day(true) })} {forget}
		</p>
	)
}

function ThreadView({ replyKey, thread, onChange }: { replyKey: string; thread: Thread; onChange: () => void }) {
	const { t } = useTranslation()
	const [error, setError] = useState<string | null>(null)
	const [sending, setSending] = useState(false)
	const leaderReplied = thread.messages.some((m) => !m.fromAuthor)
	return (
		<article className="thread" data-testid="reply-thread">
			<blockquote className="comment">{thread.commentHidden ? <em>{t('replies.hidden')}</em> : thread.comment}</blockquote>
			{thread.messages.length ? (
				<ol className="thread-messages">
					{thread.messages.map((m, i) => (
						<li key={i} className={m.fromAuthor ? 'from-author' : 'from-leader'}>
							<span className="small muted">
								{m.fromAuthor ? t('replies.you') : (m.leaderName ?? t('replies.formerLeader'))} · {m.writtenOn}
							</span>
							<p>{m.body}</p>
						</li>
					))}
				</ol>
			) : (
				<p className="muted small">{t('replies.none')}</p>
			)}
			{leaderReplied ? (
				<form
					onSubmit={async (e) => {
						e.preventDefault()
						const form = e.currentTarget
						const body = new FormData(form).get('body')
						setSending(true)
						const r = await post({ intent: 'answer', key: replyKey, body: typeof body === 'string' ? body : '' })
						setSending(false)
						// Only a taken answer empties the box: a refused one keeps the author's text to fix or resend.
						if (r.status === 200) {
							form.reset()
							setError(null)
							onChange()
						} else setError(answerRefusal(r, t))
					}}
				>
					<label>
						{t('replies.answer')}
						<textarea name="body" rows={3} maxLength={2000} aria-invalid={error ? true : undefined} />
					</label>
					{error ? (
						<p className="field-error" role="alert">
							{error}
						</p>
					) : null}
					<button type="submit" className="button" disabled={sending}>
						{sending ? t('forms.sending') : t('replies.send')}
					</button>
				</form>
			) : null}
		</article>
	)
}

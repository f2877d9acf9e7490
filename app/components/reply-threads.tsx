import { useCallback, useEffect, useState } from 'react'

import { forgetReplyKey, keptReplyKeys } from './reply-keys'

interface Thread {
	comment: string | null
	commentHidden: boolean
	messages: { fromAuthor: boolean; leaderName: string | null; body: string; writtenOn: string }[]
}

/** `thread` null with `status` 404: the key finds nothing; any other status: it could not be asked now. */
type Loaded = { key: string; thread: Thread | null; status: number }

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
export function answerRefusal({ status, json }: Answer): string {
	if (status === 422) return json.errors?.body ?? json.errors?._form ?? 'Your answer could not be sent.'
	if (status === 404) return 'This key no longer finds its thread, so your answer could not be sent.'
	if (status === 429 && json.error) return json.error
	if (status === 0) return 'Your answer could not be sent: the connection failed. Try again.'
	return 'Your answer could not be sent just now. Try again in a few minutes.'
}

/** The threads of the reply keys this browser keeps, with a form to answer each (home page and /replies). */
export function ReplyThreads({ emptyText }: { emptyText: string }) {
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
	if (threads === null) return <p className="muted small">Looking for replies to your comments…</p>
	if (!threads.length) return <p className="muted small">{emptyText}</p>
	return (
		<ul className="reply-threads">
			{threads.map((t) => (
				<li key={t.key}>
					{t.thread ? (
						<ThreadView replyKey={t.key} thread={t.thread} onChange={load} />
					) : t.status === 404 ? (
						<UnknownKey replyKey={t.key} onForget={load} />
					) : (
						// Refused (429) or unreachable: the key may be fine, so it is not offered to be forgotten.
						<p className="small muted">The replies to a comment of yours could not be loaded just now. Try again in a few minutes.</p>
					)}
				</li>
			))}
		</ul>
	)
}

function UnknownKey({ replyKey, onForget }: { replyKey: string; onForget: () => void }) {
	return (
		<p className="small muted">
			A comment of yours is not released yet, or its key no longer works: replies appear once the pulse’s results are released.{' '}
			<button
				type="button"
				className="link-button"
				onClick={() => {
					forgetReplyKey(replyKey)
					onForget()
				}}
			>
				Forget this key
			</button>
		</p>
	)
}

function ThreadView({ replyKey, thread, onChange }: { replyKey: string; thread: Thread; onChange: () => void }) {
	const [error, setError] = useState<string | null>(null)
	const [sending, setSending] = useState(false)
	const leaderReplied = thread.messages.some((m) => !m.fromAuthor)
	return (
		<article className="thread" data-testid="reply-thread">
			<blockquote className="comment">{thread.commentHidden ? <em>Your comment was hidden by an admin.</em> : thread.comment}</blockquote>
			{thread.messages.length ? (
				<ol className="thread-messages">
					{thread.messages.map((m, i) => (
						<li key={i} className={m.fromAuthor ? 'from-author' : 'from-leader'}>
							<span className="small muted">
								{m.fromAuthor ? 'You' : m.leaderName} · {m.writtenOn}
							</span>
							<p>{m.body}</p>
						</li>
					))}
				</ol>
			) : (
				<p className="muted small">No reply yet.</p>
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
						} else setError(answerRefusal(r))
					}}
				>
					<label>
						Answer anonymously
						<textarea name="body" rows={3} maxLength={2000} aria-invalid={error ? true : undefined} />
					</label>
					{error ? (
						<p className="field-error" role="alert">
							{error}
						</p>
					) : null}
					<button type="submit" className="button" disabled={sending}>
						{sending ? 'Sending…' : 'Send'}
					</button>
				</form>
			) : null}
		</article>
	)
}

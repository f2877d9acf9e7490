import { useCallback, useEffect, useState } from 'react'

import { forgetReplyKey, keptReplyKeys } from './reply-keys'

interface Thread {
	comment: string | null
	commentHidden: boolean
	messages: { fromAuthor: boolean; leaderName: string | null; body: string; writtenOn: string }[]
}

type Loaded = { key: string; thread: Thread | null }

/** Asks for a thread with the key alone: no cookie goes with it, so the request names nobody. */
async function post(body: Record<string, string>): Promise<{ status: number; json: { thread?: Thread; errors?: Record<string, string> } }> {
	const response = await fetch('/replies/thread', { method: 'POST', credentials: 'omit', body: new URLSearchParams(body) })
	return { status: response.status, json: await response.json().catch(() => ({})) }
}

/** The threads of the reply keys this browser keeps, with a form to answer each (home page and /replies). */
export function ReplyThreads({ emptyText }: { emptyText: string }) {
	const [threads, setThreads] = useState<Loaded[] | null>(null)
	const load = useCallback(async () => {
		const keys = keptReplyKeys()
		const loaded = await Promise.all(keys.map(async (key) => ({ key, thread: (await post({ intent: 'read', key })).json.thread ?? null })))
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
				<li key={t.key}>{t.thread ? <ThreadView replyKey={t.key} thread={t.thread} onChange={load} /> : <UnknownKey replyKey={t.key} onForget={load} />}</li>
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
						if (r.status === 200) {
							form.reset()
							setError(null)
							onChange()
						} else setError(r.json.errors?.body ?? r.json.errors?._form ?? 'Your answer could not be sent.')
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

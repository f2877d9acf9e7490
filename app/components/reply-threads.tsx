import { useCallback, useEffect, useState } from 'react'

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
				<li key={t.key}>{t.thread ? <ThreadView replyKey={t.key} thread={t.thread} onChange={load} /> : <UnknownKey replyKey={t.key} status={t.status} onForget={load} />}</li>
			))}
		</ul>
	)
}

function UnknownKey({ replyKey, status, onForget }: { replyKey: string; status: number; onForget: () => void }) {
	const keptOn = replyKeyKeptOn(replyKey)
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
			Forget this key
		</button>
	)
	// Only a 404 means "no comment for this key (yet)"; anything else is the server or the network.
	if (status !== 404) return <p className="small muted">Replies to one of your comments could not be looked up just now. They will be here when you come back.</p>
	if (waiting)
		return (
			<p className="small muted" data-testid="reply-waiting">
				{keptOn === null ? 'A comment of yours' : `Your comment of ${new Date(keptOn).toLocaleDateString('en-GB', { day: 'numeric', month: 'long' })}`} is waiting for its week’s
				results to be released (once every pulse of that week has closed). Leaders can read and reply to it after that, and their replies appear here.
				{keptOn === null ? <> {forget}</> : null}
			</p>
		)
	return (
		<p className="small muted">
			No comment is found for a reply key kept on {new Date(keptOn).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}: its week’s results are still
			not released, or the comment has been deleted since (answers are kept for a limited time). {forget}
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

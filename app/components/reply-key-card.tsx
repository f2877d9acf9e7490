import { useEffect, useState } from 'react'

import { keepReplyKey } from './reply-keys'

/**
 * The reply key, shown once after a comment: the browser keeps it at once, and the person may
 * copy the link or e-mail it to themselves from their own mail program (the app sends nothing:
 * an e-mail queued by the app would be a row saying who asked for a key).
 */
export function ReplyKeyCard({ replyKey }: { replyKey: string }) {
	const [kept, setKept] = useState(false)
	const [origin, setOrigin] = useState('')
	useEffect(() => {
		setKept(keepReplyKey(replyKey))
		setOrigin(window.location.origin)
	}, [replyKey])
	const link = `${origin}/replies#${replyKey}`
	const mailto = `mailto:?subject=${encodeURIComponent('My State of Now reply key')}&body=${encodeURIComponent(
		`Open this link to read leaders' replies to my comment (keep it to myself):\n${link}`,
	)}`
	return (
		<div className="card reply-key" data-testid="reply-key">
			<h2>Your reply key</h2>
			<p>
				Leaders can now reply to your comment without ever learning who wrote it. Their replies appear on your home page in this browser
				{kept ? ' (this browser has kept your key)' : ''}. To read them elsewhere, keep this link:
			</p>
			<p>
				<code className="break">{origin ? link : replyKey}</code>
			</p>
			<p className="small">
				<a href={mailto}>E-mail it to myself</a> <span className="muted">(opens your own mail program; State of Now sends nothing and keeps no record)</span>
			</p>
			<p className="small muted">The key is shown only this once and stored nowhere but in your browser. Whoever holds it can read and answer the replies.</p>
		</div>
	)
}

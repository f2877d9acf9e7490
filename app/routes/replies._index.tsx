import type { MetaFunction } from '@remix-run/node'
import { useEffect, useState } from 'react'

import { PageHead } from '~/components/page'
import { isReplyKey, keepReplyKey } from '~/components/reply-keys'
import { ReplyThreads } from '~/components/reply-threads'

export const meta: MetaFunction = () => [{ title: 'Replies to your comments · State of Now' }, { name: 'robots', content: 'noindex' }, { name: 'referrer', content: 'no-referrer' }]

/**
 * /replies#r_…: the link a comment's author kept. The key is in the fragment, which the browser
 * never sends to the server; this page keeps it in the browser and shows the threads. No sign-in.
 */
export default function Replies() {
	const [ready, setReady] = useState(false)
	useEffect(() => {
		const key = window.location.hash.slice(1)
		if (isReplyKey(key)) keepReplyKey(key)
		if (window.location.hash) window.history.replaceState(null, '', window.location.pathname)
		setReady(true)
	}, [])
	return (
		<>
			<PageHead title="Replies to your comments">Leaders’ replies to the comments you left with a reply key. Nobody can tell these comments are yours.</PageHead>
			<div className="card">{ready ? <ReplyThreads emptyText="This browser keeps no reply key. Open the link you kept when you left your comment." /> : null}</div>
		</>
	)
}

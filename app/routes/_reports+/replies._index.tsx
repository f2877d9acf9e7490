import type { MetaFunction } from '@remix-run/node'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { PageHead } from '~/components/page'
import { isReplyKey, keepReplyKey } from '~/components/reply-keys'
import { ReplyThreads } from '~/components/reply-threads'
import { pageTitle } from '~/i18n/react'

export const meta: MetaFunction = ({ matches }) => [
	{ title: pageTitle(matches, 'home.replies') },
	{ name: 'robots', content: 'noindex' },
	{ name: 'referrer', content: 'no-referrer' },
]

/**
 * /replies#r_…: the link a comment's author kept. The key is in the fragment, which the browser
 * never sends to the server; this page keeps it in the browser and shows the threads. No sign-in.
 */
export default function Replies() {
	const { t } = useTranslation()
	const [ready, setReady] = useState(false)
	useEffect(() => {
		const key = window.location.hash.slice(1)
		if (isReplyKey(key)) keepReplyKey(key)
		if (window.location.hash) window.history.replaceState(null, '', window.location.pathname)
		setReady(true)
	}, [])
	return (
		<>
			<PageHead title={t('home.replies')}>{t('replies.intro')}</PageHead>
			<div className="card">{ready ? <ReplyThreads emptyText={t('replies.noKey')} /> : null}</div>
		</>
	)
}

import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { keepReplyKey } from './reply-keys'

/**
 * The reply key, shown once after a comment: the browser keeps it at once, and the person may
 * copy the link or e-mail it to themselves from their own mail program (the app sends nothing:
 * an e-mail queued by the app would be a row saying who asked for a key).
 */
export function ReplyKeyCard({ replyKey }: { replyKey: string }) {
	const { t } = useTranslation()
	const [kept, setKept] = useState(false)
	const [origin, setOrigin] = useState('')
	useEffect(() => {
		setKept(keepReplyKey(replyKey))
		setOrigin(window.location.origin)
	}, [replyKey])
	const link = `${origin}/replies#${replyKey}`
	const mailto = `mailto:?subject=${encodeURIComponent(t('replyKey.mailSubject'))}&body=${encodeURIComponent(t('replyKey.mailBody', { link }))}`
	return (
		<div className="card reply-key" data-testid="reply-key">
			<h2>{t('replyKey.title')}</h2>
			<p>{kept ? t('replyKey.textKept') : t('replyKey.text')}</p>
			<p>
				<code className="break">{origin ? link : replyKey}</code>
			</p>
			<p className="small">
				<a href={mailto}>{t('replyKey.mailIt')}</a> <span className="muted">{t('replyKey.mailItNote')}</span>
			</p>
			<p className="small muted">{t('replyKey.once')}</p>
		</div>
	)
}

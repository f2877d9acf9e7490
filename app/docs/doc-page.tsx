/**
 * A served doc as a page in the reader's language (decision 0031): the page's own words from the
 * `app` catalogue, the doc's summary in the reader's language, then the full reference in English,
 * marked `lang="en"` so a screen reader reads it as English while the page stays the reader's.
 */
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { contents, inline, Markdown } from './markdown'

export interface DocPageProps {
	title: string
	back: { to: string; label: string } | null
	summary: { source: string; english: boolean }
	reference: string
	/** Says, in the reader's language, that the reference is English; null for an English reader. */
	englishNote: string | null
}

export function DocPage({ title, back, summary, reference, englishNote }: DocPageProps) {
	const { t } = useTranslation()
	return (
		<article className="card doc">
			{back ? (
				<p className="small">
					<Link to={back.to}>
						<span aria-hidden="true">← </span>
						{back.label}
					</Link>
				</p>
			) : null}
			<h1>{title}</h1>
			<p className="small">
				<a href="#reference">{t('docs.toReference')}</a>
			</p>
			<div className="doc-summary" lang={summary.english ? 'en' : undefined}>
				<Markdown source={summary.source} />
			</div>
			<section className="doc-reference" aria-labelledby="reference">
				<h2 id="reference">{t('docs.reference')}</h2>
				{englishNote ? <p className="alert alert-info">{englishNote}</p> : null}
				<nav className="doc-contents" aria-labelledby="contents">
					<h3 id="contents">{t('docs.contents')}</h3>
					{/* A list without numbers: the sections number themselves ("7. Anonymity rules"). */}
					<ul lang="en">
						{contents(reference).map((h) => (
							<li key={h.id}>
								<a href={`#${h.id}`}>{inline(h.text)}</a>
							</li>
						))}
					</ul>
				</nav>
				<div lang="en">
					<Markdown source={reference} withoutTitle shift={1} />
				</div>
			</section>
		</article>
	)
}

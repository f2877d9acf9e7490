import { Link, useSearchParams } from '@remix-run/react'
import type { CSSProperties, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** A page's heading: its title, a line saying what the page is for, and its main buttons. */
export function PageHead({ title, actions, children }: { title: ReactNode; actions?: ReactNode; children?: ReactNode }) {
	return (
		<div className="page-head">
			<div>
				<h1>{title}</h1>
				{children ? <p>{children}</p> : null}
			</div>
			{actions ? <div className="actions">{actions}</div> : null}
		</div>
	)
}

/** The "← Parent page" link above a page's heading. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
	return (
		<p className="small">
			<Link to={to}>← {children}</Link>
		</p>
	)
}

/** What a list shows when it has nothing yet: what is missing, and how to get some. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
	return (
		<div className="card empty">
			<strong>{title}</strong>
			{children}
		</div>
	)
}

/** Previous / next links for a paged list, keeping the page's other search parameters. */
export function Pager({ page, pages }: { page: number; pages: number }) {
	const [params] = useSearchParams()
	// Only the admin's lists are paged: their words are in the admin's catalogue.
	const { t } = useTranslation('admin')
	if (pages <= 1) return null
	const pageLink = (p: number) => {
		const next = new URLSearchParams(params)
		next.set('page', String(p))
		return `?${next}`
	}
	return (
		<nav className="pager" aria-label={t('pager.label')}>
			{page > 1 ? <Link to={pageLink(page - 1)}>← {t('pager.previous')}</Link> : <span />}
			<span className="muted">{t('pager.page', { page, pages })}</span>
			{page < pages ? <Link to={pageLink(page + 1)}>{t('pager.next')} →</Link> : <span />}
		</nav>
	)
}

/**
 * A wide table's scrolling box. It can scroll sideways on a narrow screen, so it takes keyboard
 * focus and carries a name: a keyboard user can reach and scroll it (WCAG 2.1.1, axe's
 * scrollable-region-focusable), and a screen reader says what the region is.
 */
export function TableScroll({ label, children, className, style }: { label: string; children: ReactNode; className?: string; style?: CSSProperties }) {
	return (
		<div className={className ? `table-wrap ${className}` : 'table-wrap'} role="region" aria-label={label} tabIndex={0} style={style}>
			{children}
		</div>
	)
}

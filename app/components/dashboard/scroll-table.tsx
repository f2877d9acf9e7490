/** A table that may scroll sideways on a phone: the scrolling box is focusable and named, so a keyboard can reach it. */
import type { ReactNode } from 'react'

export function ScrollTable({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
	return (
		<div className={`table-wrap${className ? ` ${className}` : ''}`} tabIndex={0} role="region" aria-label={label}>
			{children}
		</div>
	)
}

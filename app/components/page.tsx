import type { ReactNode } from 'react'

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

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData } from '@remix-run/react'
import { type ReactNode, useEffect, useState } from 'react'

import { getCurrentUser } from '~/auth/guard.server'
import { isAdmin, leads } from '~/auth/roles'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { useNonce } from '~/components/nonce'
import styles from '~/styles/app.css'
import { useHydrated } from '~/utils/use-hydrated'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: styles },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'State of Now' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await getCurrentUser(request)
	return {
		user: current ? { name: current.user.name, email: current.user.email, role: current.user.role } : null,
		org: current ? { name: current.org.name, slug: current.org.slug } : null,
	}
}

export function useOptionalUser() {
	return useRouteLoaderData<typeof loader>('root')?.user ?? null
}

function Header() {
	const data = useRouteLoaderData<typeof loader>('root')
	const user = data?.user
	const hydrated = useHydrated()
	const [open, setOpen] = useState(false)
	const { pathname } = useLocation()
	// A page chosen from the menu closes it.
	useEffect(() => setOpen(false), [pathname])
	// On a phone the links and the account fold behind one "Menu" button, so the header is one row.
	// Before the browser has taken over (or without JavaScript) they stay visible, as on a desktop.
	return (
		<header className="site-header">
			<div className="site-header-inner">
				<NavLink to="/" className="brand" aria-label="State of Now, home">
					<span className="brand-mark" aria-hidden="true" />
					State of Now
				</NavLink>
				{user ? (
					<button type="button" className="button button-quiet menu-button" aria-expanded={open} aria-controls="site-menu" onClick={() => setOpen(!open)}>
						Menu
					</button>
				) : null}
				{user ? (
					<div id="site-menu" className={`site-menu${hydrated && !open ? ' folded' : ''}`}>
						<nav aria-label="Main" className="main-nav">
							<NavLink to="/home">Home</NavLink>
							<NavLink to="/results">Results</NavLink>
							{leads(user.role) ? <NavLink to="/dashboard">Dashboard</NavLink> : null}
							{leads(user.role) ? <NavLink to="/actions">Actions</NavLink> : null}
							{leads(user.role) ? <NavLink to="/comments">Comments</NavLink> : null}
							{isAdmin(user.role) ? (
								<>
									<NavLink to="/admin/surveys">Surveys</NavLink>
									<NavLink to="/admin/people">People</NavLink>
									<NavLink to="/admin/teams">Teams</NavLink>
									<NavLink to="/admin/metrics">Metrics</NavLink>
									<NavLink to="/admin/outbox">Outbox</NavLink>
									<NavLink to="/admin/audit">Audit log</NavLink>
									<NavLink to="/admin/settings">Settings</NavLink>
								</>
							) : null}
						</nav>
						<div className="account">
							<span className="account-name" title={`${user.name} · ${user.email} · ${data?.org?.name ?? ''}`}>
								{user.name}
								<span className="account-org">{data?.org?.name}</span>
							</span>
							<Form method="post" action="/logout">
								<button type="submit" className="button button-quiet">
									Sign out
								</button>
							</Form>
						</div>
					</div>
				) : null}
			</div>
		</header>
	)
}

export function Layout({ children }: { children: ReactNode }) {
	const nonce = useNonce()
	return (
		<html lang="en">
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				<a href="#main" className="skip-link">
					Skip to content
				</a>
				<Header />
				<main id="main" className="page">
					{children}
				</main>
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

export default function App() {
	return <Outlet />
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}

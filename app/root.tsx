import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, type ShouldRevalidateFunction, useLocation, useMatches, useRouteLoaderData } from '@remix-run/react'
import { type ReactNode, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { getCurrentUser } from '~/auth/guard.server'
import { isAdmin, leads } from '~/auth/roles'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { useNonce } from '~/components/nonce'
import { browserMessages, personLocale, requestLocale } from '~/i18n/i18n.server'
import { pageArea } from '~/i18n/locales'
import { I18nProvider, localeOf, metaT, pageLanguage } from '~/i18n/react'
import styles from '~/styles/app.css'
import { useHydrated } from '~/utils/use-hydrated'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: styles },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('meta.app') }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await getCurrentUser(request)
	// The locale comes from here, never from the browser, so the server's page and the browser's
	// hydration are in the same language.
	const locale = current ? personLocale(current.user, current.org) : await requestLocale(request)
	return {
		user: current ? { name: current.user.name, email: current.user.email, role: current.user.role } : null,
		org: current ? { name: current.org.name, slug: current.org.slug } : null,
		locale,
		messages: browserMessages(locale, { pathname: new URL(request.url).pathname, signedIn: Boolean(current) }),
	}
}

/** Each area's words come with its pages (`browserNamespaces`): moving to another area reloads the root's messages. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
	defaultShouldRevalidate || pageArea(currentUrl.pathname) !== pageArea(nextUrl.pathname)

export function useOptionalUser() {
	return useRouteLoaderData<typeof loader>('root')?.user ?? null
}

function Header() {
	const data = useRouteLoaderData<typeof loader>('root')
	const user = data?.user
	const hydrated = useHydrated()
	const [open, setOpen] = useState(false)
	const { pathname } = useLocation()
	const { t } = useTranslation()
	// A page chosen from the menu closes it.
	useEffect(() => setOpen(false), [pathname])
	// On a phone the links and the account fold behind one "Menu" button, so the header is one row.
	// Before the browser has taken over (or without JavaScript) they stay visible, as on a desktop.
	return (
		<header className="site-header">
			<div className="site-header-inner">
				<NavLink to="/" className="brand" aria-label={t('nav.brandHome')}>
					<span className="brand-mark" aria-hidden="true" />
					{t('meta.app')}
				</NavLink>
				{user ? (
					<button type="button" className="button button-quiet menu-button" aria-expanded={open} aria-controls="site-menu" onClick={() => setOpen(!open)}>
						{t('nav.menu')}
					</button>
				) : null}
				{user ? (
					<div id="site-menu" className={`site-menu${hydrated && !open ? ' folded' : ''}`}>
						<nav aria-label={t('nav.main')} className="main-nav">
							<NavLink to="/home">{t('nav.home')}</NavLink>
							<NavLink to="/results">{t('nav.results')}</NavLink>
							{leads(user.role) ? <NavLink to="/dashboard">{t('nav.dashboard')}</NavLink> : null}
							{leads(user.role) ? <NavLink to="/actions">{t('nav.actions')}</NavLink> : null}
							{leads(user.role) ? <NavLink to="/comments">{t('nav.comments')}</NavLink> : null}
							{isAdmin(user.role) ? (
								<>
									<NavLink to="/admin/surveys">{t('nav.surveys')}</NavLink>
									<NavLink to="/admin/people">{t('nav.people')}</NavLink>
									<NavLink to="/admin/teams">{t('nav.teams')}</NavLink>
									<NavLink to="/admin/metrics">{t('nav.metrics')}</NavLink>
									<NavLink to="/admin/outbox">{t('nav.outbox')}</NavLink>
									<NavLink to="/admin/audit">{t('nav.audit')}</NavLink>
									<NavLink to="/admin/settings">{t('nav.settings')}</NavLink>
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
									{t('nav.signOut')}
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
	// The root's language, unless the page is someone else's (a pulse link is in its invitee's).
	const data = pageLanguage(useMatches())
	return (
		<html lang={localeOf(data)}>
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				<I18nProvider data={data}>
					<SkipLink />
					<Header />
					<main id="main" className="page">
						{children}
					</main>
				</I18nProvider>
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

function SkipLink() {
	const { t } = useTranslation()
	return (
		<a href="#main" className="skip-link">
			{t('nav.skip')}
		</a>
	)
}

export default function App() {
	return <Outlet />
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}

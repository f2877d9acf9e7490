/**
 * A route's page as HTML, rendered on the server with the data its loader answered: what a
 * browser would receive for that page (without the root layout around it).
 */
import { type ComponentType, createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'

import { browserMessages } from '~/i18n/i18n.server'
import { I18nProvider } from '~/i18n/react'

/** `actionData`: what the page's action answered, for the page as it is shown after a form was posted. */
export async function renderPage(Component: ComponentType, url: string, loaderData: unknown, actionData?: unknown): Promise<string> {
	const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => loaderData as object | null, Component }])
	const context = await handler.query(new Request(new URL(url, 'http://localhost:3000')))
	if (context instanceof Response) throw new Error(`Rendering ${url} answered ${context.status}`)
	if (actionData !== undefined) context.actionData = { page: actionData }
	const router = createStaticRouter(handler.dataRoutes, context)
	// In English, with the catalogues the root sends a signed-in person on this path (an admin's page reads `admin` and `integrations` too).
	const language = { locale: 'en', messages: browserMessages('en', { pathname: new URL(url, 'http://localhost:3000').pathname, signedIn: true }) }
	return renderToString(createElement(I18nProvider, { data: language }, createElement(StaticRouterProvider, { router, context, hydrate: false })))
}

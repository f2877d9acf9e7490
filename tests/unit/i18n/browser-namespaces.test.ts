/**
 * Which catalogues a page carries to the browser: only its area's (every page holds its messages in
 * its HTML, and the root sends them again after each form), and the root reloads them when a
 * navigation changes area.
 */
import { describe, expect, it } from 'vitest'

import { browserMessages } from '~/i18n/i18n.server'
import { browserNamespaces, pageArea } from '~/i18n/locales'

describe('the catalogues a page gets', () => {
	it('a signed-out page, a pulse link included, gets only the app’s words; the single sign-on page also the identity settings’', () => {
		expect(browserNamespaces('/p/some-link', false)).toEqual(['app'])
		expect(browserNamespaces('/login', false)).toEqual(['app'])
		expect(browserNamespaces('/sso', false)).toEqual(['app', 'integrations'])
	})

	it('a signed-in reading page gets the reports’ words and no admin’s; an admin page the admin’s and no reports’', () => {
		expect(browserNamespaces('/dashboard', true)).toEqual(['app', 'reports'])
		expect(browserNamespaces('/pulses/abc', true)).toEqual(['app', 'reports'])
		expect(browserNamespaces('/admin/people', true)).toEqual(['app', 'admin'])
		expect(browserNamespaces('/admin', true)).toEqual(['app', 'admin'])
	})

	it('the integration pages, and the people import that shares their problem panel, also get `integrations`', () => {
		for (const path of ['/admin/identity', '/admin/channels', '/admin/connectors/abc', '/admin/metrics/import', '/admin/api-keys', '/admin/people/import'])
			expect(browserNamespaces(path, true), path).toEqual(['app', 'admin', 'integrations'])
		// A prefix is a whole path segment: /admin/identityx is no integration page.
		expect(pageArea('/admin/identityx')).toBe('admin')
		expect(pageArea('/administer')).toBe('reading')
	})

	it('the messages sent are those namespaces of the locale, no more', () => {
		expect(Object.keys(browserMessages('de', { pathname: '/admin/teams', signedIn: true })).sort()).toEqual(['admin', 'app'])
		expect(Object.keys(browserMessages('de')).sort()).toEqual(['app'])
	})

	it('moving between areas changes the area the root reloads on', () => {
		expect(pageArea('/home')).toBe(pageArea('/pulses/abc'))
		expect(pageArea('/home')).not.toBe(pageArea('/admin/teams'))
		expect(pageArea('/admin/teams')).not.toBe(pageArea('/admin/identity'))
	})
})

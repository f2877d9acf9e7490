import { describe, expect, it } from 'vitest'

import { undeliveredMailWarning } from '~/mail/transport.server'

describe('undeliveredMailWarning', () => {
	it('warns in production with no SMTP_URL: e-mails go to DATA_DIR/mail and reach nobody', () => {
		const warning = undeliveredMailWarning({ NODE_ENV: 'production', SMTP_URL: undefined, DATA_DIR: '/srv/son' })
		expect(warning).toContain('SMTP_URL is not set')
		expect(warning).toContain('not delivered')
		expect(warning).toContain('/srv/son/mail')
	})

	it('says nothing when an SMTP server is set, or outside production', () => {
		expect(undeliveredMailWarning({ NODE_ENV: 'production', SMTP_URL: 'smtps://u:p@smtp.example.com', DATA_DIR: '/srv/son' })).toBeNull()
		expect(undeliveredMailWarning({ NODE_ENV: 'development', SMTP_URL: undefined, DATA_DIR: '/srv/son' })).toBeNull()
		expect(undeliveredMailWarning({ NODE_ENV: 'test', SMTP_URL: undefined, DATA_DIR: '/srv/son' })).toBeNull()
	})
})

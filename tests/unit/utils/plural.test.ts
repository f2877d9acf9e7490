import { describe, expect, test } from 'vitest'

import { countOf } from '~/utils/plural'

describe('countOf', () => {
	test('says one thing in the singular and anything else in the plural', () => {
		expect(countOf(1, 'new team', 'new teams')).toBe('1 new team')
		expect(countOf(0, 'new team', 'new teams')).toBe('0 new teams')
		expect(countOf(2, 'invitation', 'invitations')).toBe('2 invitations')
	})
})

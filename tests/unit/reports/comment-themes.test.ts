/** A comment's theme comes from its words alone; each of the seven themes is recognised, and anything else is "Other". */
import { describe, expect, test } from 'vitest'

import { commentTheme } from '~/reports/sections/comment-themes'

describe('comment themes', () => {
	test.each([
		['Every refund over £20 still needs a team leader to sign it off, so customers wait while we chase one.', 'approval'],
		['Replies go out in minutes now instead of waiting for a sign-off.', 'approval'],
		['Still a lot of layers for anything that mentions prices.', 'approval'],
		['Please let us fix simple problems ourselves.', 'autonomy'],
		['We want to help customers; we are just not allowed to.', 'autonomy'],
		['What happened to the ideas we sent up last month? We never heard back.', 'voice'],
		['Nobody upstairs seems to read what we send them.', 'voice'],
		['Mistakes get pointed at, so everyone escalates everything just to be safe.', 'safety'],
		['The scripts make us sound like robots, and customers notice.', 'closeness'],
		['Head office and the shop floor do not always tell each other what is going on.', 'voice'],
		['Stock information would help us answer customers much faster.', 'collaboration'],
		['The backlog keeps growing.', 'speed'],
		['Good team and a supportive manager.', 'other'],
	])('%s → %s', (text, theme) => {
		expect(commentTheme(text)).toBe(theme)
	})
})

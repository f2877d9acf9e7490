import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'

import { Markdown, parseMarkdown } from '~/docs/markdown'

describe('the docs Markdown subset', () => {
	test('headings, paragraphs, lists with continued lines, fenced code and tables', () => {
		const blocks = parseMarkdown(
			'# Title\n\nSome `code` and **bold**\nacross lines.\n\n- one\n  more of one\n- two\n\n```\ncurl -X POST\n```\n\n| scope | allows |\n|---|---|\n| `events:write` | POST |\n',
		)
		expect(blocks).toEqual([
			{ kind: 'heading', level: 1, text: 'Title' },
			{ kind: 'paragraph', text: 'Some `code` and **bold** across lines.' },
			{ kind: 'list', items: ['one more of one', 'two'] },
			{ kind: 'code', text: 'curl -X POST' },
			{ kind: 'table', head: ['scope', 'allows'], rows: [['`events:write`', 'POST']] },
		])
	})

	test('renders elements, never raw HTML from the doc; only http(s) links become links', () => {
		const html = renderToStaticMarkup(
			createElement(Markdown, { source: 'A <script>alert(1)</script> and [x](javascript:alert(1)) and [site](https://example.com) and [doc](security.md)' }),
		)
		expect(html).toContain('&lt;script&gt;')
		expect(html).not.toContain('<script>')
		expect(html).not.toContain('javascript:')
		expect(html).toContain('<a href="https://example.com">site</a>')
		expect(html).toContain('and doc')
	})
})

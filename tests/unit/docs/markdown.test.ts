import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'

import { contents, Markdown, parseMarkdown } from '~/docs/markdown'

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

	test('METHOD.md as it is written: indented formulas, numbered lists that keep their number, emphasis, headings that links land on', () => {
		const blocks = parseMarkdown('Intro:\n\n    score = (v − 1) / 4 × 100\n\n    z = 1.96\n\nThen:\n\n2. second\n   more of it\n3. third\n')
		expect(blocks).toEqual([
			{ kind: 'paragraph', text: 'Intro:' },
			{ kind: 'code', text: 'score = (v − 1) / 4 × 100\n\nz = 1.96' },
			{ kind: 'paragraph', text: 'Then:' },
			{ kind: 'list', items: ['second more of it', 'third'], start: 2 },
		])
		const html = renderToStaticMarkup(
			createElement(Markdown, {
				source:
					'## 9. Measuring an action\n\nThe *x* series; see [the example](#worked-example), [§9](METHOD.md#9-measuring-an-action), [keys](api.md) and [security](security.md).\n\n2. two\n',
			}),
		)
		expect(html).toContain('<h2 id="9-measuring-an-action">9. Measuring an action</h2>')
		expect(html).toContain('The <em>x</em> series')
		expect(html).toContain('<a href="#worked-example">the example</a>')
		expect(html).toContain('<a href="/docs/method#9-measuring-an-action">§9</a>')
		expect(html).toContain('<a href="/docs/api">keys</a>')
		// A doc this server does not serve stays plain text.
		expect(html).toContain('and security.')
		expect(html).toContain('<ol start="2"><li>two</li></ol>')
	})

	test('a summary heading keeps its own anchor; the reference without its title, its headings one level down, and its contents', () => {
		expect(parseMarkdown('## Was jede Kennzahl bedeutet {#figures}')).toEqual([{ kind: 'heading', level: 2, text: 'Was jede Kennzahl bedeutet', id: 'figures' }])
		const source = '# Method\n\nIntro.\n\n## 1. Answers\n\n### Who the attacker is\n\n## Worked example\n'
		const html = renderToStaticMarkup(createElement(Markdown, { source, withoutTitle: true, shift: 1 }))
		expect(html).toBe('<p>Intro.</p><h3 id="1-answers">1. Answers</h3><h4 id="who-the-attacker-is">Who the attacker is</h4><h3 id="worked-example">Worked example</h3>')
		expect(contents(source)).toEqual([
			{ text: '1. Answers', id: '1-answers' },
			{ text: 'Worked example', id: 'worked-example' },
		])
	})
})

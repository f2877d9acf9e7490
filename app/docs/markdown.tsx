/**
 * The small part of Markdown our docs use — headings, paragraphs, lists (bulleted and numbered),
 * fenced and indented code, tables, `code`, **bold**, *emphasis* and [links](…) — turned into
 * React elements (never raw HTML, so nothing in a doc can inject markup). Enough to serve
 * docs/api.md and docs/METHOD.md to a deployed server's users as pages; the files stay the one source.
 */
import type { ReactNode } from 'react'

import { TableScroll } from '~/components/page'

type Block =
	| { kind: 'heading'; level: number; text: string; id?: string }
	| { kind: 'paragraph'; text: string }
	| { kind: 'list'; items: string[]; start?: number }
	| { kind: 'code'; text: string }
	| { kind: 'table'; head: string[]; rows: string[][] }

const cells = (line: string) =>
	line
		.trim()
		.replace(/^\||\|$/g, '')
		.split('|')
		.map((c) => c.trim())

export function parseMarkdown(source: string): Block[] {
	const lines = source.replace(/\r\n/g, '\n').split('\n')
	const blocks: Block[] = []
	for (let i = 0; i < lines.length;) {
		const line = lines[i]!
		if (!line.trim()) {
			i++
		} else if (line.startsWith('```')) {
			const body: string[] = []
			for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!)
			blocks.push({ kind: 'code', text: body.join('\n') })
			i++
		} else if (/^#{1,6} /.test(line)) {
			const [, hashes, text, id] = line.match(/^(#{1,6}) (.*?)(?:\s*\{#([\w-]+)\})?$/)!
			// `## Title {#id}`: a summary in another language keeps the English summary's anchors.
			blocks.push(id ? { kind: 'heading', level: hashes!.length, text: text!, id } : { kind: 'heading', level: hashes!.length, text: text! })
			i++
		} else if (line.trim().startsWith('|') && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
			const head = cells(line)
			const rows: string[][] = []
			for (i += 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) rows.push(cells(lines[i]!))
			blocks.push({ kind: 'table', head, rows })
		} else if (/^\s*([-*]|\d+\.) /.test(line)) {
			const ordered = /^\s*\d+\. /.test(line)
			const marker = ordered ? /^\s*\d+\. / : /^\s*[-*] /
			const items: string[] = []
			for (; i < lines.length && lines[i]!.trim() && !lines[i]!.startsWith('```'); i++) {
				if (marker.test(lines[i]!)) items.push(lines[i]!.replace(marker, ''))
				else items[items.length - 1] += ` ${lines[i]!.trim()}`
			}
			// A numbered list keeps its first number: the docs split some lists with a paragraph between.
			blocks.push(ordered ? { kind: 'list', items, start: Number(line.trim().split('.')[0]) } : { kind: 'list', items })
		} else if (line.startsWith('    ')) {
			// An indented code block (METHOD.md writes its formulas so), blank lines inside kept.
			const body: string[] = []
			for (; i < lines.length && (lines[i]!.startsWith('    ') || (!lines[i]!.trim() && lines[i + 1]?.startsWith('    '))); i++) body.push(lines[i]!.slice(4))
			blocks.push({ kind: 'code', text: body.join('\n') })
		} else {
			const text: string[] = []
			for (; i < lines.length && lines[i]!.trim() && !/^(#{1,6} |```|\s*[-*] |\d+\. |\s*\|)/.test(lines[i]!); i++) text.push(lines[i]!.trim())
			if (text.length === 0) text.push(lines[i++]!.trim())
			blocks.push({ kind: 'paragraph', text: text.join(' ') })
		}
	}
	return blocks
}

/** The id GitHub gives a heading, so that links such as `METHOD.md#9-measuring-an-action` land on it. */
export function headingId(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.trim()
		.replace(/\s/g, '-')
}

// The docs this server serves as pages; a link to any other doc (`x.md`) becomes plain text.
const SERVED_DOCS: Record<string, string> = { 'METHOD.md': '/docs/method', 'api.md': '/docs/api' }

function href(target: string): string | null {
	if (/^https?:\/\//.test(target) || /^#[\w-]+$/.test(target)) return target
	const [file, anchor] = target.split('#')
	const page = SERVED_DOCS[file!]
	return page ? `${page}${anchor ? `#${anchor}` : ''}` : null
}

/** `code`, **bold**, *emphasis* and [text](href): web links, anchors and links to the served docs become links. */
export function inline(text: string): ReactNode[] {
	const out: ReactNode[] = []
	const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*?)\*/g
	let last = 0
	for (const m of text.matchAll(pattern)) {
		if (m.index > last) out.push(text.slice(last, m.index))
		const key = out.length
		if (m[1] !== undefined) out.push(<code key={key}>{m[1]}</code>)
		else if (m[2] !== undefined) out.push(<strong key={key}>{m[2]}</strong>)
		else if (m[5] !== undefined) out.push(<em key={key}>{m[5]}</em>)
		else if (href(m[4]!))
			out.push(
				<a key={key} href={href(m[4]!)!}>
					{m[3]}
				</a>,
			)
		else out.push(m[3])
		last = m.index + m[0].length
	}
	if (last < text.length) out.push(text.slice(last))
	return out
}

/** The doc's sections (its `##` headings) with the ids they land on: a page's table of contents. */
export function contents(source: string): { text: string; id: string }[] {
	return parseMarkdown(source).flatMap((b) => (b.kind === 'heading' && b.level === 2 ? [{ text: b.text, id: b.id ?? headingId(b.text) }] : []))
}

/**
 * A doc as elements. `withoutTitle` leaves out its "# title" (the page says it in its own h1) and
 * `shift` moves every heading down (`##` as h3 under the page's own h2); ids stay as GitHub gives them.
 */
export function Markdown({ source, withoutTitle = false, shift = 0 }: { source: string; withoutTitle?: boolean; shift?: number }) {
	const blocks = parseMarkdown(source)
	return (
		<>
			{(withoutTitle && blocks[0]?.kind === 'heading' && blocks[0].level === 1 ? blocks.slice(1) : blocks).map((b, i) => {
				switch (b.kind) {
					case 'heading': {
						const Tag = `h${Math.min(6, b.level + shift)}` as 'h2'
						return (
							<Tag key={i} id={b.id ?? headingId(b.text)}>
								{inline(b.text)}
							</Tag>
						)
					}
					case 'paragraph':
						return <p key={i}>{inline(b.text)}</p>
					case 'list': {
						const List = b.start === undefined ? 'ul' : 'ol'
						return (
							<List key={i} start={b.start}>
								{b.items.map((item, j) => (
									<li key={j}>{inline(item)}</li>
								))}
							</List>
						)
					}
					case 'code':
						return (
							<pre key={i} className="mail-body">
								{b.text}
							</pre>
						)
					case 'table':
						return (
							<TableScroll key={i} label={`Table: ${b.head.filter(Boolean).join(', ')}`}>
								<table>
									<thead>
										<tr>
											{b.head.map((h, j) =>
												// A column the doc left without a heading is not a header cell (an empty one says nothing).
												h ? (
													<th key={j} scope="col">
														{inline(h)}
													</th>
												) : (
													<td key={j} />
												),
											)}
										</tr>
									</thead>
									<tbody>
										{b.rows.map((row, j) => (
											<tr key={j}>
												{row.map((c, k) => (
													<td key={k}>{inline(c)}</td>
												))}
											</tr>
										))}
									</tbody>
								</table>
							</TableScroll>
						)
				}
			})}
		</>
	)
}

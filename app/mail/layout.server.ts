/**
 * The e-mail channel's layout: a message's blocks as plain text and as HTML, with the same
 * words in both, and a footer with the unsubscribe link when the person may turn the category off.
 */
import type { TFunction } from 'i18next'

import { fixedT } from '~/i18n/i18n.server'

import type { Block, MessageContent } from './content'

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export interface EmailBody {
	subject: string
	text: string
	html: string
}

export interface Footer {
	/** One-click unsubscribe address of the message's category, when it can be turned off. */
	unsubscribe?: { href: string; category: string; key?: string }
	/** The person's settings page. */
	settings?: string
}

function textOf(block: Block): string {
	switch (block.type) {
		case 'paragraph':
			return block.text
		case 'heading':
			return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 60))}`
		case 'list':
			return block.items.map((i) => `- ${i}`).join('\n')
		case 'table': {
			const widths = block.head.map((h, c) => Math.max(h.length, ...block.rows.map((r) => (r[c] ?? '').length)))
			const line = (cells: string[]) =>
				cells
					.map((x, c) => x.padEnd(widths[c]!))
					.join('  ')
					.trimEnd()
			return [line(block.head), ...block.rows.map(line)].join('\n')
		}
		case 'button':
			return `${block.label}: ${block.href}`
		case 'note':
			return block.text
	}
}

const BUTTON = 'display:inline-block;padding:10px 16px;background:#0f5c4d;color:#fff;border-radius:6px;text-decoration:none'
const MUTED = 'color:#5b6776;font-size:13px'

function htmlOf(block: Block, t: TFunction): string {
	switch (block.type) {
		case 'paragraph':
			return `<p>${escapeHtml(block.text)}</p>`
		case 'heading':
			return `<h2 style="font-size:17px;margin:20px 0 6px">${escapeHtml(block.text)}</h2>`
		case 'list':
			return `<ul>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
		case 'table':
			return `<table style="border-collapse:collapse;font-size:14px"><thead><tr>${block.head.map((h) => `<th style="text-align:left;padding:4px 10px 4px 0;border-bottom:1px solid #d5dbe1">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${block.rows
				.map((r) => `<tr>${r.map((x) => `<td style="padding:4px 10px 4px 0">${escapeHtml(x)}</td>`).join('')}</tr>`)
				.join('')}</tbody></table>`
		case 'button':
			return `<p><a href="${escapeHtml(block.href)}" style="${BUTTON}">${escapeHtml(block.label)}</a></p>\n<p style="${MUTED}">${escapeHtml(t('layout.paste', { href: block.href }))}</p>`
		case 'note':
			return `<p style="${MUTED}">${escapeHtml(block.text)}</p>`
	}
}

export function layoutEmail(content: MessageContent, footer: Footer = {}): EmailBody {
	const locale = content.locale ?? 'en'
	const t = fixedT(locale, 'mail')
	const foot: string[] = []
	const footHtml: string[] = []
	if (footer.unsubscribe) {
		const category = t(`categories.${footer.unsubscribe.key}`, { defaultValue: footer.unsubscribe.category })
		foot.push(`${t('layout.because', { category: `"${category}"` })} ${t('layout.unsubscribe')}: ${footer.unsubscribe.href}`)
		footHtml.push(`${escapeHtml(t('layout.because', { category: `“${category}”` }))} <a href="${escapeHtml(footer.unsubscribe.href)}">${escapeHtml(t('layout.unsubscribe'))}</a>`)
	}
	if (footer.settings) {
		foot.push(`${t('layout.choose')}: ${footer.settings}`)
		footHtml.push(`<a href="${escapeHtml(footer.settings)}">${escapeHtml(t('layout.choose'))}</a>`)
	}
	const text = `${content.blocks.map(textOf).join('\n\n')}\n${foot.length ? `\n--\n${foot.join('\n')}\n` : ''}`
	const html = `<!doctype html><html lang="${escapeHtml(locale)}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1c2530">
${content.blocks.map((b) => htmlOf(b, t)).join('\n')}
${footHtml.length ? `<hr style="border:0;border-top:1px solid #d5dbe1;margin-top:24px"><p style="${MUTED}">${footHtml.join(' · ')}</p>` : ''}
</body></html>`
	return { subject: content.subject, text, html }
}

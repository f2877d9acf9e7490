/**
 * The theme of a comment, read from its own words only (never from who wrote it, their team,
 * level or week): grouping by theme tells a reader nothing about authors that the text does not.
 * Themes follow the seven dimensions; the first whose words appear wins, in the order below
 * (approvals before speed: "waiting for a sign-off" is about approvals).
 */
import { type CultureDimension, REPORT_LABELS } from '../dimensions'

export type CommentTheme = CultureDimension | 'other'

const WORDS: [CultureDimension, RegExp][] = [
	['approval', /\b(approv\w*|sign[- ]?offs?|signed off|sign it off|authori[sz]\w*|layers?|bottleneck|red tape|permission)\b/i],
	['autonomy', /\b(ourselves|myself|freedom|trusted|decide\w*|decision\w*|allowed|on the spot|limits?|empower\w*)\b/i],
	['voice', /\b(hear(d|ing)? back|leadership|upstairs|head office|ideas?|feedback|listen\w*|reached the top|opinion|say in)\b/i],
	['safety', /\b(mistakes?|blame\w*|punish\w*|safe|afraid|fear)\b/i],
	['closeness', /\b(robots?|scripts?|tone|sound like|voice guide|human|as people)\b/i],
	['collaboration', /\b(other (teams|departments)|silos?|across teams|stock information|tell each other)\b/i],
	['speed', /\b(wait\w*|slow\w*|quick\w*|fast\w*|minutes|hours?|days?|backlog|chase|delay\w*|staffing|shift)\b/i],
]

export function commentTheme(text: string): CommentTheme {
	return WORDS.find(([, re]) => re.test(text))?.[0] ?? 'other'
}

export const THEME_LABELS: Record<CommentTheme, string> = { ...REPORT_LABELS, approval: 'Approvals and sign-offs', other: 'Other' }

/** Every theme, in the order the filters list them (their names are the catalogue's `themes.*`). */
export const COMMENT_THEMES = Object.keys(THEME_LABELS) as CommentTheme[]

/**
 * The culture × speed scatter's points as the page carries them. A large organisation has
 * thousands of team-weeks (4,680 at 180 teams over 26 weeks): sent as an object each they were
 * most of the dashboard's data, and encoding them cost the server more than any section of the
 * report. So they travel as one JSON string of columns — each team and week named once, then
 * four numbers per point — and the page reads them back exactly (JSON keeps every double as it
 * was: the same figures).
 */
export interface ScatterPoint {
	/** The team's path (a stable key). */
	team: string
	week: string
	autonomy: number
	firstReplyMinutes: number
}

/** The points as one string: `{"t": teams, "w": weeks, "p": [team index, week index, autonomy, minutes, …]}`. */
export type PackedScatter = string

export function packScatter(points: readonly ScatterPoint[]): PackedScatter {
	const teams = new Map<string, number>()
	const weeks = new Map<string, number>()
	const index = (m: Map<string, number>, key: string) => {
		let i = m.get(key)
		if (i === undefined) m.set(key, (i = m.size))
		return i
	}
	const p: number[] = []
	for (const x of points) p.push(index(teams, x.team), index(weeks, x.week), x.autonomy, x.firstReplyMinutes)
	return JSON.stringify({ t: [...teams.keys()], w: [...weeks.keys()], p })
}

export function unpackScatter(packed: PackedScatter): ScatterPoint[] {
	const { t, w, p } = JSON.parse(packed) as { t: string[]; w: string[]; p: number[] }
	const out: ScatterPoint[] = []
	for (let i = 0; i < p.length; i += 4) out.push({ team: t[p[i]!]!, week: w[p[i + 1]!]!, autonomy: p[i + 2]!, firstReplyMinutes: p[i + 3]! })
	return out
}

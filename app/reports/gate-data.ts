/**
 * What the gate works on, in memory: the figures of released weeks (as stored at release) and
 * the participation of weeks still open. Shared by its three parts — load (gate-load.server.ts
 * reads them), decide (gate-decide.ts says what may be shown) and read (gate.server.ts).
 */
import { type Level, levels, type ReleasedCube } from '~db/schema'

import type { PeopleCounts } from './cube'
import { CULTURE_DIMENSIONS } from './dimensions'
import type { RespondentAnswers, RespondentRow } from './drivers'
import type { CellParticipation, WaveCounts } from './participation'
import type { Sums } from './stats'

export const METRICS = [...CULTURE_DIMENSIONS, 'culture', 'enps'] as const
export type Metric = (typeof METRICS)[number]

export interface Agg {
	n: number
	sum: number
	sumsq: number
	answers: number
	favourable: number
	detractors: number
}
export const emptyAgg = (): Agg => ({ n: 0, sum: 0, sumsq: 0, answers: 0, favourable: 0, detractors: 0 })
export const addAgg = (a: Agg, b: Agg) => {
	a.n += b.n
	a.sum += b.sum
	a.sumsq += b.sumsq
	a.answers += b.answers
	a.favourable += b.favourable
	a.detractors += b.detractors
}
export const sums = (a: Agg): Sums => ({ n: a.n, sum: a.sum, sumsq: a.sumsq })

export type SubtreeSums = { metrics: Map<Metric, Agg>; invited: number; answered: number }

/** A week's comment as read once per process: its order key computed once. */
/** `locale`: the language it was written in, where release kept it (at least k comments of its wave and team share it); else null. */
export type StoredComment = { ref: string; teamId: string | null; text: string; key: string; replyable: boolean; locale: string | null }

export interface ReleasedData {
	week: string
	waveIds: string[]
	cube: ReleasedCube
	k: number
	commentK: number
	children: Map<string, string[]>
	/** Direct figures per cell (node, and node|level) from the rollups. */
	direct: Map<string, { metrics: Map<Metric, Agg>; invited: number; answered: number }>
	/** Each wave's own participation per node and level (participation is decided wave by wave, see participation.ts). */
	waveCounts: Map<string, WaveCounts>
	metrics: Set<Metric>
	/** Decisions under a stricter threshold than at release, by threshold. */
	stricter: Map<string, string[]>
	/**
	 * What requests derive from this week and its stored decision, kept with it (a released week
	 * never changes): hidden cells by k, people and invited totals, subtree sums by level and node,
	 * week scores and comments.
	 */
	derived: {
		hidden: Map<number, Set<string>>
		people?: Map<string, number>
		participation: Map<number, (cell: string) => CellParticipation>
		subtree: Map<string, SubtreeSums>
		scores: Map<string, Record<string, number | null>>
		/** The week's responses for respondent-level analysis, read on first use. */
		respondents?: { teamId: string | null; level: string; row: RespondentAnswers }[]
		/** The rows given per cell, the same array each time (so analyses of it can be remembered by it). */
		respondentRows: Map<string, RespondentRow[]>
		/** The week's comments with their order key, read on first use. */
		comments?: StoredComment[]
	}
}

export interface OpenData {
	week: string
	nodes: { id: string; parentId: string | null; key?: string }[]
	children: Map<string, string[]>
	invitedPeople: PeopleCounts
	waveCounts: WaveCounts[]
}

/** The weeks of one window, as loaded. */
export interface LoadedWeeks {
	orgId: string
	weeks: string[]
	released: Map<string, ReleasedData>
	open: Map<string, OpenData>
}

export const isLevel = (l: string): l is Level => (levels as readonly string[]).includes(l)

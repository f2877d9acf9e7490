/** The report as the dashboard's components receive it (figures only come from here, through the gate). */
import type { MindsetReport } from '~/reports/mindset.server'

/** The mindset report without its scatter's points, which the page carries packed (scatter-points.ts). */
export type Report = Omit<MindsetReport, 'scatter'>
export type Headline = Report['headline']
export type ShownHeadline = Extract<Headline, { suppressed: false }>

/** The report as the dashboard's components receive it (figures only come from here, through the gate). */
import type { MindsetReport } from '~/reports/mindset.server'

export type Report = MindsetReport
export type Headline = Report['headline']
export type ShownHeadline = Extract<Headline, { suppressed: false }>

/**
 * `npm run sim:coverage [-- --replicates 2000]`: the coverage of the progress interval and the
 * rate of progress sentences when nothing changed, for 5, 8, 12 and 30 teams of unequal sizes
 * (scripts/sim/coverage.ts). Seeded: the same table every run. Prints a Markdown table for
 * docs/METHOD.md.
 */
import { actionCoverage, controlCoverage, progressCoverage } from './sim/coverage'

const arg = process.argv.indexOf('--replicates')
const replicates = arg > 0 ? Number(process.argv[arg + 1]) : 2000
if (!Number.isInteger(replicates) || replicates < 1) throw new Error('--replicates takes a whole number ≥ 1')

const pct = (x: number) => x.toFixed(3)
console.log(`Progress, nothing changed: ${replicates} organisations per row (seed state-of-now/sim-coverage/v1/<teams>).\n`)
console.log('| teams | 95% interval covers (CR2, Bell–McCaffrey df) | mean df | CR1 on G − 1 df (before) | any "improved/fell most" sentence | without multiplicity control |')
console.log('|---|---|---|---|---|---|')
for (const teams of [5, 8, 12, 30]) {
	const r = progressCoverage({ teams, replicates, seed: `state-of-now/sim-coverage/v1/${teams}` })
	console.log(`| ${teams} | ${pct(r.coverage)} | ${r.meanDf.toFixed(1)} | ${pct(r.coverageCr1)} | ${pct(r.nullSentences)} | ${pct(r.nullSentencesUncontrolled)} |`)
}

console.log(`\nAn action's effect, nothing changed: one team of 8, 4 weeks before and 8 since, weeks as clusters; ${replicates} replicates per row.\n`)
console.log('The control-team design (not yet used by the product): the action team against the other teams of an organisation of 6 or 12.\n')
console.log('| weekly autocorrelation of the team’s mood | weeks as clusters (the product today) | control teams, 6 teams (5 controls) | control teams, 12 teams (11 controls) |')
console.log('|---|---|---|---|')
for (const autocorrelation of [0, 0.6, 0.9]) {
	const r = actionCoverage({ autocorrelation, replicates, seed: `state-of-now/sim-coverage/v1/action/${autocorrelation}` })
	const c6 = controlCoverage({ teams: 6, autocorrelation, replicates, seed: `state-of-now/sim-coverage/v1/controls/6/${autocorrelation}` })
	const c12 = controlCoverage({ teams: 12, autocorrelation, replicates, seed: `state-of-now/sim-coverage/v1/controls/12/${autocorrelation}` })
	console.log(`| ${autocorrelation} | ${pct(r.coverage)} | ${pct(c6.coverage)} | ${pct(c12.coverage)} |`)
}

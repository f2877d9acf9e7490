/** A finding without its statistics in brackets ("(ρ = −0.87, 72 team-weeks)"): those are under "How this was computed". */
export const plainFinding = (f: string) => f.replace(/\s*\([^()]*(ρ|p [<=]|team-weeks)[^()]*\)/g, '')

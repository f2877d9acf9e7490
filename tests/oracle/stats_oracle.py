#!/usr/bin/python3
"""
An independent recomputation of State of Now's statistics with statsmodels and SciPy, from raw
answers and raw response-time events (never from the app's rollups or its code). Called by
tests/integration/reports/oracle.test.ts with Debian's /usr/bin/python3; reads one JSON
document on stdin, writes one on stdout. What each number is: docs/METHOD.md §5, §6, §8.

Input:
  weights      {dimension: weight} of the culture index
  responses    [{team, week, answers: [{dimension, kind, reverse, value}]}]
  events       [{team, week, minutes}]   first-response events (minutes from message to reply)
  baseline, latest   lists of ISO Mondays
  lags         [0, 1, …]
  driversWeek  the ISO Monday of the drivers' week (clusters: the nearest team shown that week)
  sampled      optional: {teams: [..], rows: [{team, week, x, y}]} rows for the sampled-plan check
  action       optional: {team, dimension, before: [weeks], since: [weeks]} an action's effect
               against control teams (METHOD §9), recomputed from the raw answers: the control
               of a response is the nearest team at or above its own that is shown in every week
               of both sides (or in which nobody in it answered), unless that team is the action's
               team, inside it or above it
  k            optional: the anonymity threshold. Team paths are "Parent/Child"; a team is shown in
               a week when at least k people answered in its subtree (the test's tree is built so
               that no complementary suppression is needed), and then the cluster rule of
               METHOD §5 applies: each response counts in the nearest team at or above its own
               that is shown in every week of both periods; correlations use teams without
               sub-teams and x only in weeks where the team is shown (§6).
"""
import itertools
import json
import math
import sys
from collections import defaultdict
from datetime import date

import numpy as np
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests

EXACT_MAX = 5040
SAMPLED = 1999
SEED = "state-of-now/team-permutations/v1"
CULTURE = ["autonomy", "approval", "speed", "voice", "collaboration", "safety", "closeness"]


def respondent_scores(answers):
    """Likert 1..5 → 0..100 (reverse flipped), mean per dimension; the eNPS answer as is."""
    acc = defaultdict(list)
    enps = None
    for a in answers:
        if a["value"] is None:
            continue
        if a["kind"] == "likert":
            v = 6 - a["value"] if a["reverse"] else a["value"]
            acc[a["dimension"]].append((v - 1) / 4 * 100)
        elif a["kind"] == "scale10" and a["dimension"] == "enps":
            enps = a["value"]
    return {d: float(np.mean(v)) for d, v in acc.items()}, enps


def culture_index(scores, weights, leave_out=None):
    num = den = 0.0
    for d, s in scores.items():
        w = weights.get(d, 0)
        if d == leave_out or w <= 0:
            continue
        num += w * s
        den += w
    return num / den if den > 0 else None


def inv_sqrt_psd(a):
    """(A)^(−½) of a symmetric positive semi-definite matrix, a pseudo-inverse on its null space."""
    vals, vecs = np.linalg.eigh(a)
    inv = np.array([1 / math.sqrt(v) if v > 1e-12 else 0.0 for v in vals])
    return (vecs * inv) @ vecs.T


def clustered_change(ys, latest_flags, groups):
    """
    OLS of y on a latest-period indicator (statsmodels) with the CR2 cluster-robust variance and
    Bell–McCaffrey degrees of freedom, from the textbook matrices with NumPy (statsmodels has
    neither): Bell & McCaffrey (2002), Imbens & Kolesár (2016) §4, Pustejovsky & Tipton (2018),
    under the working model Ω of one shared effect per cluster and period (a block of ones for
    the responses of one cluster in one period, METHOD §5).

        A_g = (I − H_gg)^(−½)          V = M (Σ_g X_g' A_g e_g e_g' A_g X_g) M,  M = (X'X)⁻¹
        G_g = (I − H)_{·,g} A_g X_g M ℓ                  df = tr(G'ΩG)² / tr((G'ΩG)²)
    """
    y = np.asarray(ys, float)
    X = sm.add_constant(np.asarray(latest_flags, float))
    g = np.unique(np.asarray(groups), return_inverse=True)[1]
    fit = sm.OLS(y, X).fit()
    e = fit.resid
    M = np.linalg.inv(X.T @ X)
    ell = np.array([0.0, 1.0])
    n = len(y)
    I_H = np.eye(n) - X @ M @ X.T
    meat = np.zeros((2, 2))
    cols = []
    for c in range(g.max() + 1):
        idx = np.flatnonzero(g == c)
        Xg = X[idx]
        Ag = inv_sqrt_psd(np.eye(len(idx)) - Xg @ M @ Xg.T)
        u = Xg.T @ Ag @ e[idx]
        meat += np.outer(u, u)
        cols.append(I_H[:, idx] @ (Ag @ Xg @ M @ ell))
    V = M @ meat @ M
    se = math.sqrt(V[1, 1])
    G = np.column_stack(cols)
    cell = g * 2 + X[:, 1].astype(int)
    Omega = (cell[:, None] == cell[None, :]).astype(float)
    GG = G.T @ Omega @ G
    df = float(np.trace(GG) ** 2 / np.trace(GG @ GG))
    q = stats.t.ppf(0.975, df)
    delta = float(fit.params[1])
    return {"delta": delta, "se": se, "low": delta - q * se, "high": delta + q * se, "df": df, "clusters": int(g.max() + 1)}


def mulberry32(seed):
    h = (1779033703 ^ len(seed)) & 0xFFFFFFFF
    for ch in seed:
        h = imul(h ^ ord(ch), 3432918353)
        h = ((h << 13) | (h >> 19)) & 0xFFFFFFFF
    state = [h]

    def nxt():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        a = state[0]
        t = imul(a ^ (a >> 15), 1 | a)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def imul(a, b):
    return (a * b) & 0xFFFFFFFF


def plan(g):
    if math.factorial(g) <= EXACT_MAX:
        return True, [list(p) for p in itertools.permutations(range(g))]
    nxt = mulberry32(SEED)
    perms = []
    for _ in range(SAMPLED):
        p = list(range(g))
        for i in range(g - 1, 0, -1):
            j = int(math.floor(nxt() * (i + 1)))
            p[i], p[j] = p[j], p[i]
        perms.append(p)
    return False, perms


def week_no(iso):
    return date.fromisoformat(iso).toordinal() // 7


def team_tests(rows, lags, perms_override=None):
    """Spearman ρ per lag on the pairs, and the whole-team permutation p (ranks once over all values)."""
    xs = {(r["team"], week_no(r["week"])): r["x"] for r in rows if r["x"] is not None}
    ys = {(r["team"], week_no(r["week"])): r["y"] for r in rows if r["y"] is not None}
    teams = sorted({t for t, _ in xs} & {t for t, _ in ys})
    exact, perms = plan(len(teams)) if perms_override is None else perms_override
    xkeys = [k for k in xs if k[0] in teams]
    ykeys = [k for k in ys if k[0] in teams]
    rx = dict(zip(xkeys, stats.rankdata([xs[k] for k in xkeys])))
    ry = dict(zip(ykeys, stats.rankdata([ys[k] for k in ykeys])))
    rx_by_team = defaultdict(list)
    for (t, w), r in rx.items():
        rx_by_team[t].append((w, r))
    out = []
    for lag in lags:
        pairs = [(xs[(t, w)], ys[(t, w + lag)]) for (t, w) in xs if (t, w + lag) in ys]
        rho = None
        if len(pairs) >= 4:
            a, b = zip(*pairs)
            if len(set(a)) > 1 and len(set(b)) > 1:
                rho = float(stats.spearmanr(a, b).correlation)

        def stat(perm):
            px, py = [], []
            for i, t in enumerate(teams):
                u = teams[perm[i]]
                for w, r in rx_by_team[t]:
                    y = ry.get((u, w + lag))
                    if y is not None:
                        px.append(r)
                        py.append(y)
            if len(px) < 2 or len(set(px)) < 2 or len(set(py)) < 2:
                return 0.0, len(px)
            return float(np.corrcoef(px, py)[0, 1]), len(px)

        t_obs, n_obs = stat(list(range(len(teams))))
        p = None
        if rho is not None and n_obs >= 4:
            extreme = sum(1 for perm in perms if abs(stat(perm)[0]) >= abs(t_obs) - 1e-12)
            p = extreme / len(perms) if exact else (1 + extreme) / (1 + len(perms))
        out.append({"lag": lag, "rho": rho, "n": len(pairs), "p": p})
    return out, {"teams": len(teams), "exact": exact, "permutations": len(perms)}


def rho_interval(xs, ys, clusters):
    """METHOD §8: Fisher z ± t(0.975, G − 1) × max(delete-one-team jackknife se, Bonett–Wright se); None under 5 teams."""
    xs, ys, clusters = np.asarray(xs, float), np.asarray(ys, float), np.asarray(clusters)
    ids = np.unique(clusters)
    g = len(ids)
    if g < 5:
        return None, None
    clamp = lambda r: max(-0.999999, min(0.999999, r))
    rho = clamp(float(stats.spearmanr(xs, ys).correlation))
    zs = np.array([math.atanh(clamp(float(stats.spearmanr(xs[clusters != c], ys[clusters != c]).correlation))) for c in ids])
    jackknife = (g - 1) / g * float(np.sum((zs - zs.mean()) ** 2))
    bonett_wright = (1 + rho * rho / 2) / (len(xs) - 3)
    half = stats.t.ppf(0.975, g - 1) * math.sqrt(max(jackknife, bonett_wright))
    z = math.atanh(rho)
    return math.tanh(z - half), math.tanh(z + half)


ROOT = ""


def parent_of(team):
    return team.rsplit("/", 1)[0] if "/" in team else ROOT


def ancestors(team):
    """The team itself, then each team above it, then the organisation (ROOT)."""
    out = [team]
    while out[-1] != ROOT:
        out.append(parent_of(out[-1]))
    return out


def shown_groups(people, k, invitations=None):
    """(group, week) pairs shown: at least k different people answered in the group's subtree that
    week (from the invitations when given: a person answering two pulses of a week is one person)."""
    if invitations is None:
        counts = defaultdict(int)
        for p in people:
            for g in ancestors(p["team"]):
                counts[(g, p["week"])] += 1
        return {key for key, n in counts.items() if k is None or n >= k}
    who = defaultdict(set)
    for i in invitations:
        if i["answered"]:
            for g in ancestors(i["team"]):
                who[(g, i["week"])].add(i["person"])
    return {key for key, ps in who.items() if k is None or len(ps) >= k}


def round_half_away(x):
    return math.copysign(math.floor(abs(x) + 0.5), x)


def operational_score(median, target):
    """METHOD §3: 100 up to the target, a straight line to 0 at 4× the target."""
    if median is None:
        return None
    if median <= target:
        return 100.0
    if median >= 4 * target:
        return 0.0
    return 100 * (4 * target - median) / (3 * target)


def group_figures(doc, people, shown, weights):
    """Per group (team path, "" for the organisation) and week, and over the baseline and latest
    windows, from the raw answers, invitations and events (METHOD §1–§4, §7 "Counts are people"):
    dimension scores, % favourable per answer, people counts (only where one pulse reached the
    group that week), the culture index, eNPS to one decimal, the RTMI with the first-response
    score, and participation (people invited to any pulse; answered only where one pulse reached
    the group, then that pulse's own count, shown from k invited)."""
    k = doc["k"]
    invitations = doc["invitations"]
    target = doc["targets"]["firstResponseMinutes"]
    inside = lambda team, g: g in ancestors(team)
    out = {}
    for g in doc["groups"]:
        def pulses(ws):
            return {i["wave"] for i in invitations if i["week"] in ws and inside(i["team"], g)}

        def figures(ws):
            ws = [w for w in ws if (g, w) in shown]
            if not ws:
                return None
            rows = [p for p in people if p["week"] in ws and inside(p["team"], g)]
            counted = all(len(pulses([w])) == 1 for w in ws)
            dims = {}
            for d in sorted({d for p in rows for d in p["scores"]}):
                vals = [p["scores"][d] for p in rows if d in p["scores"]]
                answers = [v for p in rows for (dd, v) in p["likert"] if dd == d]
                dims[d] = {
                    "score": float(np.mean(vals)),
                    "favourable": 100 * sum(1 for v in answers if v >= 4) / len(answers),
                    "n": len(vals) if counted else None,
                }
            e = [p["enps"] for p in rows if p["enps"] is not None]
            enps = round_half_away((sum(1 for v in e if v >= 9) - sum(1 for v in e if v <= 6)) * 1000 / len(e)) / 10 if e else None
            cultures = [c for c in (culture_index(p["scores"], weights) for p in rows) if c is not None]
            return dims, enps, float(np.mean(cultures)), counted, ws

        def rtmi(dims, minutes):
            parts = [(weights.get(d, 0), x["score"]) for d, x in dims.items()]
            fr = operational_score(float(np.median(minutes)) if minutes else None, target)
            if fr is not None:
                parts.append((weights.get("firstResponse", 0), fr))
            num = sum(w * x for w, x in parts if w > 0)
            den = sum(w for w, x in parts if w > 0)
            return num / den if den else None

        weekly = []
        for w in doc["weeks"]:
            invited = {i["person"] for i in invitations if i["week"] == w and inside(i["team"], g)}
            waves = pulses([w])
            answered = None
            if len(waves) == 1:
                (wave,) = waves
                of_wave = [i for i in invitations if i["wave"] == wave and inside(i["team"], g)]
                answered = sum(1 for i in of_wave if i["answered"]) if len(of_wave) >= k else None
            row = {"week": w, "invited": len(invited), "answered": answered, "pulses": len(waves)}
            f = figures([w])
            if f:
                dims, enps, culture, counted, _ = f
                minutes = [e["minutes"] for e in doc["events"] if inside(e["team"], g) and e["week"] == w]
                row.update({"dimensions": dims, "enps": enps, "culture": culture, "rtmi": rtmi(dims, minutes), "respondents": len({i["person"] for i in invitations if i["week"] == w and i["answered"] and inside(i["team"], g)}) if counted else None})
            weekly.append(row)
        windows = {}
        for name in ("baseline", "latest"):
            # Scores over the weeks the group is shown; the operational median over every event of the window's weeks.
            f = figures(doc[name])
            if f:
                dims, enps, culture, counted, shown_ws = f
                minutes = [e["minutes"] for e in doc["events"] if inside(e["team"], g) and doc[name][0] <= e["week"] <= doc[name][-1]]
                windows[name] = {"rtmi": rtmi(dims, minutes), "enps": enps, "culture": culture, "weeks": shown_ws}
        out[g] = {"weekly": weekly, **windows}
    return out


def action_effect(people, shown, action):
    """An action's effect against control teams, with NumPy (ddof=1 variances) and SciPy's t."""
    target, dim = action["team"], action["dimension"]
    weeks = action["before"] + action["since"]
    answered = {(a, p["week"]) for p in people for a in ancestors(p["team"])}
    # Shown in every week, or nobody in it answered that week (a pulse to other teams only).
    stable = lambda g: all((g, w) in shown or (g, w) not in answered for w in weeks) and any((g, w) in shown for w in weeks)
    off_line = lambda g: g != ROOT and target not in ancestors(g) and g not in ancestors(target)

    sides = defaultdict(lambda: ([], []))
    for p in people:
        if p["week"] not in weeks or dim not in p["scores"]:
            continue
        if target in ancestors(p["team"]):
            unit = target
        else:
            unit = next((g for g in ancestors(p["team"]) if stable(g)), None)
            if unit is None or not off_line(unit):
                continue
        sides[unit][0 if p["week"] in action["before"] else 1].append(p["scores"][dim])

    def change(before, since):
        b, a = np.array(before), np.array(since)
        return a.mean() - b.mean(), b.var(ddof=1) / len(b) + a.var(ddof=1) / len(a)

    d0, v0 = change(*sides[target])
    # A control needs answers in at least 2 weeks of each side (and 2 responses a side).
    weeks_of = defaultdict(lambda: (set(), set()))
    for p in people:
        if p["week"] in weeks and dim in p["scores"]:
            unit = next((g for g in ancestors(p["team"]) if stable(g)), None)
            if unit is not None:
                weeks_of[unit][0 if p["week"] in action["before"] else 1].add(p["week"])
    controls = sorted(g for g, (b, a) in sides.items() if g != target and len(b) >= 2 and len(a) >= 2 and len(weeks_of[g][0]) >= 2 and len(weeks_of[g][1]) >= 2)
    ds = np.array([change(*sides[g])[0] for g in controls])
    vs = np.array([change(*sides[g])[1] for g in controls])
    j = len(controls)
    s2 = ds.var(ddof=1)
    se = math.sqrt(max(max(s2 - vs.mean(), 0) + v0 + s2 / j, s2 * (1 + 1 / j)))
    half = stats.t.ppf(0.975, j - 1) * se
    effect = d0 - ds.mean()
    return {"controls": controls, "own": d0, "controlsMean": float(ds.mean()), "delta": effect, "se": se, "low": effect - half, "high": effect + half}


def main():
    doc = json.load(sys.stdin)
    weights = doc["weights"]
    people = []
    for r in doc["responses"]:
        scores, enps = respondent_scores(r["answers"])
        likert = [(a["dimension"], 6 - a["value"] if a["reverse"] else a["value"]) for a in r["answers"] if a["kind"] == "likert" and a["value"] is not None]
        people.append({"team": r["team"], "week": r["week"], "scores": scores, "enps": enps, "likert": likert})
    k = doc.get("k")
    shown = shown_groups(people, k, doc.get("invitations"))
    result = {"hidden": sorted([g, w] for g, w in {(a, p["week"]) for p in people for a in ancestors(p["team"])} - shown)}

    # Progress: the culture index and each dimension, baseline vs latest, clustered by team. The
    # clusters are chosen once over both periods: the nearest team at or above a response's own
    # that is shown in every week (of both periods) in which the organisation is shown.
    base, latest = set(doc["baseline"]), set(doc["latest"])
    weeks = sorted(w for w in base | latest if (ROOT, w) in shown)
    in_periods = [p for p in people if p["week"] in weeks]

    def cluster_of(team):
        return next(g for g in ancestors(team) if all((g, w) in shown for w in weeks))

    def change(value_of):
        rows = [(value_of(p), p["week"] in latest, cluster_of(p["team"])) for p in in_periods]
        rows = [r for r in rows if r[0] is not None]
        ys, flags, groups = zip(*rows)
        return clustered_change(ys, flags, groups)

    result.update({"culture": change(lambda p: culture_index(p["scores"], weights)), "dimensions": {}})
    asked = sorted({d for p in people for d in p["scores"]})
    for d in asked:
        result["dimensions"][d] = change(lambda p, d=d: p["scores"].get(d))

    # Culture ↔ first response: team-week means and medians from the raw data, for teams without
    # sub-teams; x only in weeks where the team is shown.
    parents = {parent_of(p["team"]) for p in people}
    sums = defaultdict(list)
    for p in people:
        if p["team"] in parents or (p["team"], p["week"]) not in shown:
            continue
        for d, s in p["scores"].items():
            sums[(p["team"], p["week"], d)].append(s)
    minutes = defaultdict(list)
    for e in doc["events"]:
        if e["team"] in parents:
            continue
        minutes[(e["team"], e["week"])].append(e["minutes"])
    medians = {k: float(np.median(v)) for k, v in minutes.items()}
    team_weeks = sorted({(p["team"], p["week"]) for p in people if p["team"] not in parents} | set(medians))
    correlations = {}
    family = []
    for d in asked:
        rows = [{"team": t, "week": w, "x": float(np.mean(sums[(t, w, d)])) if (t, w, d) in sums else None, "y": medians.get((t, w))} for t, w in team_weeks]
        tests, meta = team_tests(rows, doc["lags"])
        correlations[d] = tests
        result["correlationTest"] = meta
        family += [(d, i) for i, t in enumerate(tests) if t["p"] is not None]
    qs = multipletests([correlations[d][i]["p"] for d, i in family], method="fdr_bh")[1] if family else []
    for (d, i), q in zip(family, qs):
        correlations[d][i]["q"] = float(q)
    result["correlations"] = correlations

    # Drivers: one week, respondent level, Spearman; the interval over teams: each response's
    # cluster is the nearest team at or above its own shown that week (the organisation at the top).
    dw = doc["driversWeek"]
    week = [p for p in people if p["week"] == dw]
    week_cluster = lambda team: next(g for g in ancestors(team) if g == ROOT or (g, dw) in shown)
    drivers = {"enps": {}, "culture": {}}
    for d in asked:
        for outcome in ("enps", "culture"):
            pairs = [(p["scores"][d], p["enps"] if outcome == "enps" else culture_index(p["scores"], weights, leave_out=d), week_cluster(p["team"])) for p in week if d in p["scores"]]
            pairs = [(x, y, c) for x, y, c in pairs if y is not None]
            a, b, c = zip(*pairs)
            rho = float(stats.spearmanr(a, b).correlation)
            low, high = rho_interval(a, b, c)
            drivers[outcome][d] = {"importance": rho, "low": low, "high": high, "n": len(pairs), "score": float(np.mean(a)), "clusters": len(set(c))}
    result["drivers"] = drivers

    if doc.get("groups"):
        result["groups"] = group_figures(doc, people, shown, weights)

    if doc.get("action"):
        result["action"] = action_effect(people, shown, doc["action"])

    # The sampled plan (more than 7 teams): the same mulberry32 permutations, and an independent
    # Monte Carlo estimate from NumPy's generator for the tolerance check.
    if doc.get("sampled"):
        rows = doc["sampled"]["rows"]
        same, meta = team_tests(rows, doc["lags"])
        teams = sorted({r["team"] for r in rows})
        rng = np.random.default_rng(20261202)
        mc = [list(rng.permutation(len(teams))) for _ in range(4999)]
        independent, _ = team_tests(rows, doc["lags"], perms_override=(False, mc))
        result["sampled"] = {"sameSeed": same, "independent": independent, "meta": meta, "independentPermutations": len(mc)}

    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

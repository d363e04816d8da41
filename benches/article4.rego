# Clause 4.1 of draft B (rules/nato-russia-2021.pacta, article 4) in Rego,
# for the side-by-side bench benches/regorus.rs: the same conditions as the
# pacta clause and the definitions it uses (bound_by_article_4,
# protected_by_article_4, counts_as_deployment, in_place, force_level,
# member_of), with the treaty's parameter defaults.
#
# Input: a generated scenario as JSON, {"as_of": ..., "State": [...],
# "Deployment": [...], "Consent": [...]}, references by id and dates as
# YYYY-MM-DD strings (which compare as dates). Optional fields may be absent:
# `kind` (default permanent), `until`, `memberships`, `in_europe` (false).
#
# Entry points: data.article4.outcome, {"violations": ids, "waived": ids},
# with pacta's definitions as Rego functions; data.article4.outcome_inlined,
# the same with counts() and in_place() written out by hand in the rules
# that run once per deployment (regorus does not inline functions, and a
# call costs about as much as a whole rule body there).
package article4

# The treaty's parameters, with pacta's defaults.
baseline := "1997-05-27" # Founding Act

signature := "2021-12-17"

article_4_reading := "broad" # or "narrow"

exercises_count_as_deployment := false

as_of := input.as_of

# ---------------------------------------------------------------- schema/defs

# Whether something with `since` and an optional `until` has ended by `at`.
ended(x, at) if x.until <= at

# Whether a deployment (or membership) is in place on date `at`.
in_place(x, at) if {
	x.since <= at
	not ended(x, at)
}

# Whether state `s` is a member of `org` on date `at`.
member_of(s, org, at) if {
	some m in s.memberships
	m.org == org
	in_place(m, at)
}

# ------------------------------------------------- per state, computed once

# Bound by article 4: Russia and NATO's members on the baseline date.
bound contains s.id if {
	some s in input.State
	s.id == "RUS"
}

bound contains s.id if {
	some s in input.State
	member_of(s, "NATO", baseline)
}

# Protected by article 4 under the reading in force.
protected contains s.id if {
	some s in input.State
	s.in_europe == true
	protected_reading(s)
}

protected_reading(_) if article_4_reading == "broad"

protected_reading(s) if not member_of(s, "NATO", baseline)

# The treaty's parties: Russia and NATO's members on signature day.
parties contains s.id if {
	some s in input.State
	s.id == "RUS"
}

parties contains s.id if {
	some s in input.State
	member_of(s, "NATO", signature)
}

# ------------------------------------------------------------ force levels

# Whether a deployment counts under article 4 (`kind` defaults to
# permanent: absent is not an exercise).
counts(d) if not d.kind == "exercise"

counts(_) if exercises_count_as_deployment

# The deployments that count, as row numbers, by [owner, host]: one pass.
counting[pair] contains i if {
	some i, d in input.Deployment
	counts(d)
	pair := [d.owner, d.host]
}

# The sum of the personnel of `rows` in place on date `at`.
level(rows, at) := sum([d.personnel |
	some i in rows
	d := input.Deployment[i]
	in_place(d, at)
])

# force_level(owner, host, at) on as_of and on the baseline date, for the
# pairs that can be forbidden (bound owner, protected host abroad), each
# computed once.
level_now[pair] := level(rows, as_of) if {
	some pair, rows in counting
	forbiddable(pair)
}

level_baseline[pair] := level(rows, baseline) if {
	some pair, rows in counting
	forbiddable(pair)
}

forbiddable([owner, host]) if {
	owner != host
	owner in bound
	host in protected
}

# ---------------------------------------------------------------- consents

# Consents, as row numbers, by the deployment they are about.
consents_for[c.deployment] contains i if some i, c in input.Consent

# A consent of all parties, given on or before the deployment started.
consented(d) if {
	some i in consents_for[d.id]
	c := input.Consent[i]
	c.given <= d.since
	count(parties - {p | some p in c.parties}) == 0
}

# ------------------------------------------------------------- clause 4.1

forbidden[d.id] := d if {
	some d in input.Deployment
	d.host != d.owner
	d.since > baseline
	d.owner in bound
	d.host in protected
	counts(d)
	in_place(d, as_of)
	level_now[[d.owner, d.host]] > level_baseline[[d.owner, d.host]]
}

violations contains id if {
	some id, d in forbidden
	not consented(d)
}

waived contains id if {
	some id, d in forbidden
	consented(d)
}

outcome := {"violations": violations, "waived": waived}

# ------------------------------------------- the same, hand-inlined

# As `counting`, `level`, `level_now`, `level_baseline` and `forbidden`
# above, with counts(d) and in_place(d, at) written out (the default
# reading: exercises do not count).
counting_inlined[pair] contains i if {
	some i, d in input.Deployment
	not d.kind == "exercise"
	pair := [d.owner, d.host]
}

level_inlined(rows, at) := sum([d.personnel |
	some i in rows
	d := input.Deployment[i]
	d.since <= at
	not d.until <= at
])

level_now_inlined[pair] := level_inlined(rows, as_of) if {
	some pair, rows in counting_inlined
	forbiddable(pair)
}

level_baseline_inlined[pair] := level_inlined(rows, baseline) if {
	some pair, rows in counting_inlined
	forbiddable(pair)
}

forbidden_inlined[d.id] := d if {
	some d in input.Deployment
	d.host != d.owner
	d.since > baseline
	d.owner in bound
	d.host in protected
	not d.kind == "exercise"
	d.since <= as_of
	not d.until <= as_of
	level_now_inlined[[d.owner, d.host]] > level_baseline_inlined[[d.owner, d.host]]
}

violations_inlined contains id if {
	some id, d in forbidden_inlined
	not consented(d)
}

waived_inlined contains id if {
	some id, d in forbidden_inlined
	consented(d)
}

outcome_inlined := {"violations": violations_inlined, "waived": waived_inlined}

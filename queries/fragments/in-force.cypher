// Is requirement <n> in force under the law of day $law, binding $role, and applying on $asOf
// (under $condition, e.g. 'annex-iii')? Its version valid on $law decides: text, roles, dates.
// Without $condition every date counts (the earliest applies); with it, the dates for that
// condition, or where it has none, the unconditional ones.
// Organisations' controls have no versions and are always in force.
<n>.org IS NOT NULL OR EXISTS {
  MATCH (<n>)-[:HAS_VERSION]->(<n>_v:ProvisionVersion)
  WHERE (<n>_v.validFrom IS NULL OR <n>_v.validFrom <= $law) AND (<n>_v.validTo IS NULL OR $law < <n>_v.validTo)
    AND ($role IS NULL OR $role IN <n>_v.roles
         OR NOT EXISTS { (<n>)-[:IN_FRAMEWORK]->(:Framework {kind: 'regulation'}) })
    AND ($asOf IS NULL OR size(<n>_v.applyFrom) = 0
         OR any(i IN range(0, size(<n>_v.applyFrom) - 1)
                WHERE <n>_v.applyFrom[i] <= $asOf
                  AND ($condition IS NULL OR <n>_v.applyCondition[i] = $condition
                       OR (<n>_v.applyCondition[i] = '' AND NOT $condition IN <n>_v.applyCondition))))
}

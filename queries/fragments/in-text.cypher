// Is requirement <n> part of the text in force on day $law (inserted by then, not yet repealed)?
// Organisations' controls have no versions and always are.
<n>.org IS NOT NULL OR EXISTS {
  MATCH (<n>)-[:HAS_VERSION]->(<n>_t:ProvisionVersion)
  WHERE (<n>_t.validFrom IS NULL OR <n>_t.validFrom <= $law) AND (<n>_t.validTo IS NULL OR $law < <n>_t.validTo)
}

// params:
// How current each published framework is: when it was last checked against its source, its
// newest version, its amendment records, and how many of its mappings await re-assessment.
MATCH (f:Framework)
WHERE f.org IS NULL
RETURN f.id AS framework, f.checked AS checked,
       COLLECT { MATCH (f)-[:HAS_VERSION]->(v:FrameworkVersion) RETURN v.version ORDER BY v.validFrom DESC LIMIT 1 }[0] AS version,
       COUNT { (f)<-[:AMENDS]-(a:Amendment) WHERE a.status <> 'proposal' } AS amendments,
       COUNT { (f)<-[:AMENDS]-(a:Amendment) WHERE a.status = 'proposal' } AS proposals,
       COUNT { MATCH (r:Requirement {framework: f.id})-[m:MAPS_TO]-() WHERE m.needsReview } AS needsReview
ORDER BY framework

// params:
// Mappings written through the API carry no version pins: they were assessed against the text in
// force on their date. Flag those whose end's text was inserted, replaced or repealed after it.
MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
WHERE m.origin = 'api'
WITH m,
     COLLECT { MATCH (x:Requirement)<-[:CHANGES]-(c:Change)<-[:MAKES]-(am:Amendment)
               WHERE x IN [a, b] AND am.status <> 'proposal' AND c.action IN ['inserts', 'replaces', 'repeals']
                 AND c.effective > m.date
               RETURN x.id + ': text ' + CASE c.action WHEN 'inserts' THEN 'inserted' WHEN 'replaces' THEN 'replaced' ELSE 'repealed' END + ' by ' + am.id + ' from ' + toString(c.effective)
                      + '; assessed on ' + toString(m.date) } AS reasons
SET m.needsReview = size(reasons) > 0, m.reviewReasons = reasons

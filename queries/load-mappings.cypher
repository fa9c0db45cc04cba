// params: rows
// New mappings, and changed ones (graph/loader.py deleted their old edge first).
UNWIND $rows AS row
MATCH (a:Requirement {id: row.subject}), (b:Requirement {id: row.object})
CREATE (a)-[m:MAPS_TO]->(b)
SET m = row.props

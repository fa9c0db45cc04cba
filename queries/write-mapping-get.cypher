// params: id
MATCH (a:Requirement)-[m:MAPS_TO {id: $id}]->(b:Requirement)
RETURN properties(m) AS m, a.id AS subject, b.id AS object

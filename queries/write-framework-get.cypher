// params: id
MATCH (f:Framework {id: $id})
RETURN properties(f) AS f

// params:
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (f:Framework) RETURN count(f) AS frameworks }
CALL () { MATCH (r:Requirement) RETURN count(r) AS requirements }
CALL () { MATCH (c:Concept) RETURN count(c) AS concepts }
CALL () { MATCH ()-[m:MAPS_TO]->() RETURN count(m) AS mappings }
RETURN nodes, relationships, frameworks, requirements, concepts, mappings

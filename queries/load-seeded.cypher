// params:
// Does the graph hold any seed data? Without, a load is a first load (graph/loader.py).
OPTIONAL MATCH (n) WHERE n.origin = 'seed'
WITH n LIMIT 1
RETURN n IS NOT NULL AS seeded

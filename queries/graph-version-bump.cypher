// params:
// Every write transaction (API writes, seed loads) ends with this, so each worker's and each
// server's response cache sees that the graph changed (server/cache.py). The token is fresh on
// every bump, so a wiped and reloaded database never repeats one.
MERGE (v:GraphVersion {id: 'graph'})
SET v.n = coalesce(v.n, 0) + 1, v.token = randomUUID(), v.at = datetime()

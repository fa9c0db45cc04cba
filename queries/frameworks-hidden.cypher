// params: ids, viewer
// Which of these frameworks exist but are another organisation's, so the API can answer 401/403
// instead of "unknown".
MATCH (f:Framework)
WHERE f.id IN $ids AND f.org IS NOT NULL AND NOT {{ visible f }}
RETURN f.id AS id

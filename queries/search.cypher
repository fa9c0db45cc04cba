// params: text, frameworks, skip, limit
// Ranked full-text search over published requirements' ids, refs, titles and summaries ($text is
// already escaped for Lucene by the caller); ties keep a stable order by id.
CALL db.index.fulltext.queryNodes('published_text', $text) YIELD node, score
WHERE $frameworks IS NULL OR node.framework IN $frameworks
WITH node, score ORDER BY score DESC, node.id
WITH collect({node: node, score: score}) AS matched
RETURN size(matched) AS total, [x IN matched[$skip..($skip + $limit)] | {requirement: properties(x.node), score: x.score}] AS rows

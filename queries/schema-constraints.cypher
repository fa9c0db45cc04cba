// params:
// Schema commands cannot share a transaction: graph/loader.py runs these one by one.
CREATE CONSTRAINT framework_id IF NOT EXISTS FOR (f:Framework) REQUIRE f.id IS UNIQUE;
CREATE CONSTRAINT requirement_id IF NOT EXISTS FOR (r:Requirement) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT mapping_set_id IF NOT EXISTS FOR (s:MappingSet) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT mapping_id IF NOT EXISTS FOR ()-[m:MAPS_TO]-() REQUIRE m.id IS UNIQUE;
CREATE INDEX requirement_framework IF NOT EXISTS FOR (r:Requirement) ON (r.framework, r.order);
CREATE INDEX requirement_kind IF NOT EXISTS FOR (r:Requirement) ON (r.kind);
CREATE INDEX mapping_relation IF NOT EXISTS FOR ()-[m:MAPS_TO]-() ON (m.relation)

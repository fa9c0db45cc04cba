// params:
// Schema commands cannot share a transaction: graph/loader.py runs these one by one.
CREATE CONSTRAINT framework_id IF NOT EXISTS FOR (f:Framework) REQUIRE f.id IS UNIQUE;
CREATE CONSTRAINT requirement_id IF NOT EXISTS FOR (r:Requirement) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT mapping_set_id IF NOT EXISTS FOR (s:MappingSet) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT mapping_id IF NOT EXISTS FOR ()-[m:MAPS_TO]-() REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT framework_version_id IF NOT EXISTS FOR (v:FrameworkVersion) REQUIRE v.id IS UNIQUE;
CREATE CONSTRAINT provision_version_id IF NOT EXISTS FOR (v:ProvisionVersion) REQUIRE v.id IS UNIQUE;
CREATE CONSTRAINT amendment_id IF NOT EXISTS FOR (a:Amendment) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;
CREATE INDEX requirement_framework IF NOT EXISTS FOR (r:Requirement) ON (r.framework, r.order);
// The composite above serves a framework's requirements only with `order IS NOT NULL` spelled out; this one
// serves a framework equality or IN list (coverage, crosswalk, pages, sharedControls' scope).
CREATE INDEX requirement_framework_alone IF NOT EXISTS FOR (r:Requirement) ON (r.framework);
CREATE INDEX requirement_kind IF NOT EXISTS FOR (r:Requirement) ON (r.kind);
CREATE INDEX mapping_relation IF NOT EXISTS FOR ()-[m:MAPS_TO]-() ON (m.relation);
// Full-text search covers published requirements only (label :Published, set by the loader):
// an organisation's private controls must not shift public relevance scores. English analyzer:
// it stems, so "incident" finds "incidents". Earlier index versions are dropped.
DROP INDEX requirement_text IF EXISTS;
DROP INDEX requirement_text_en IF EXISTS;
CREATE FULLTEXT INDEX published_text IF NOT EXISTS FOR (r:Published) ON EACH [r.id, r.ref, r.title, r.summary]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CREATE CONSTRAINT api_key_name IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.name IS UNIQUE;
CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.hash IS UNIQUE;
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (v:GraphVersion) REQUIRE v.id IS UNIQUE;
CREATE INDEX api_key_org IF NOT EXISTS FOR (k:ApiKey) ON (k.org, k.revoked);
// org marks an organisation's control sets; the indexes also register the property for public-only graphs
CREATE INDEX requirement_org IF NOT EXISTS FOR (r:Requirement) ON (r.org);
CREATE INDEX framework_org IF NOT EXISTS FOR (f:Framework) ON (f.org);
CREATE INDEX audit_target IF NOT EXISTS FOR (e:AuditEvent) ON (e.target, e.at);
// sharedControls' stored ranking (queries/shared-controls-refresh.cypher): one rank per requirement,
// ranked by an index range seek on frameworks and a top-k sort
CREATE CONSTRAINT shared_control_rank_id IF NOT EXISTS FOR (x:SharedControlRank) REQUIRE x.id IS UNIQUE;
CREATE INDEX shared_control_rank IF NOT EXISTS FOR (x:SharedControlRank) ON (x.frameworks, x.strength);
CREATE CONSTRAINT shared_control_ranking_id IF NOT EXISTS FOR (s:SharedControlRanking) REQUIRE s.id IS UNIQUE

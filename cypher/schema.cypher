// The graph schema: uniqueness constraints and indexes, applied by graph/schema.py; idempotent (IF NOT EXISTS).
// Statements are separated by ';'.
// params: {}

// Every entity has a stable cross-document id (the resolution key).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
// A document's id derives from its source (resolved path, upload:<name>); content_hash is the sha256 of its bytes.
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE;
// One node stamps the graph's last change by ecokg (graph/stamp.py).
CREATE CONSTRAINT graph_stamp_id IF NOT EXISTS FOR (v:GraphStamp) REQUIRE v.id IS UNIQUE;
CREATE INDEX document_doc IF NOT EXISTS FOR (d:Document) ON (d.doc);
CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name);
// One label per entity type of shared/eval/GUIDELINE.md, each with a name index.
CREATE INDEX hospital_name IF NOT EXISTS FOR (e:Hospital) ON (e.name);
CREATE INDEX university_name IF NOT EXISTS FOR (e:University) ON (e.name);
CREATE INDEX research_institute_name IF NOT EXISTS FOR (e:ResearchInstitute) ON (e.name);
CREATE INDEX company_name IF NOT EXISTS FOR (e:Company) ON (e.name);
CREATE INDEX platform_name IF NOT EXISTS FOR (e:Platform) ON (e.name);
CREATE INDEX fund_name IF NOT EXISTS FOR (e:Fund) ON (e.name);
CREATE INDEX government_agency_name IF NOT EXISTS FOR (e:GovernmentAgency) ON (e.name);
CREATE INDEX person_name IF NOT EXISTS FOR (e:Person) ON (e.name);
CREATE INDEX product_name IF NOT EXISTS FOR (e:Product) ON (e.name);
CREATE INDEX region_name IF NOT EXISTS FOR (e:Region) ON (e.name);
CREATE INDEX program_name IF NOT EXISTS FOR (e:Program) ON (e.name);
CREATE INDEX event_name IF NOT EXISTS FOR (e:Event) ON (e.name);
CREATE INDEX task_name IF NOT EXISTS FOR (e:Task) ON (e.name);

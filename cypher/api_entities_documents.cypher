// The documents mentioning each of the given entities, as api_entity_documents lists them for one (the surface
// forms each uses, oldest first, at most $limit): one query for the read-ahead of many (api/readahead.py). Anchored on
// the entity: from the documents' side, ArcadeDB took five times as long for 100 hubs at 100× the seeds.
// params: {"ids": ["Hospital:东方医院", "University:同济大学"], "limit": 100}
UNWIND $ids AS key
MATCH (e:Entity {id: key})<-[m:MENTIONS]-(d:Document)
WITH key, d, m
ORDER BY d.date, d.doc
WITH key, collect({id: d.id, doc: d.doc, title: d.title, date: d.date, issuer: d.issuer, surface: m.surface})[..$limit] AS documents
RETURN key AS entity, documents

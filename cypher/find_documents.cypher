// Documents by id, file name, source (a resolved path, upload:<name>) or path; graph/load.py picks among them.
// params: {"refs": ["pudong_001.txt", "/corpus/pudong_001.txt"]}
MATCH (d:Document)
WHERE d.id IN $refs OR d.doc IN $refs OR d.source IN $refs OR d.path IN $refs
RETURN d.id AS id, d.doc AS doc, d.source AS source, d.path AS path
ORDER BY source, id

// One page of the loaded documents by file name, with the total.
// params: {"offset": 0, "limit": 50}
MATCH (d:Document)
WITH d ORDER BY d.doc, d.id
WITH collect({id: d.id, doc: d.doc, path: d.path, title: d.title, issuer: d.issuer, number: d.number,
              date: d.date, district: d.district}) AS documents
RETURN size(documents) AS total, documents[$offset..($offset + $limit)] AS page

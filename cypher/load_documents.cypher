// Create or update :Document nodes; a document's id derives from its source (Document.graph_id), content_hash
// is the sha256 of its bytes. A long text's further pieces are added by append_document_text.
// params: {"rows": [{"id": "0000", "props": {"doc": "sample.txt", "source": "/corpus/sample.txt", "content_hash": "abc", "path": "/corpus/sample.txt", "title": "示例", "issuer": null, "number": null, "date": "2025-01-01", "district": "浦东新区", "text": "复旦大学附属东方医院", "extractor_version": "test", "facts_hash": "abc"}}]}
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d += row.props
RETURN count(*) AS written

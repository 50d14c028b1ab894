"""The committed hostile Cypher suite: queries that must never write, read files or run unbounded.

Each payload is sent as written and in disguises that have got past guards before: a ``//`` comment the
server ends at a line terminator other than ``\\n``, block comments, case, full-width and look-alike letters,
invisible characters inside keywords, a second statement, and a string escape that hides code. ``{canary}``
and ``{secret}`` are file paths the test fills in: no content of either may ever come back.
"""
from __future__ import annotations

PAYLOADS = [
    # writes
    "CREATE (:TxEvil {id: 't'})",
    "MATCH (e:Entity) SET e.name = 'pwned'",
    "MATCH (e:Entity) SET e += {name: 'pwned'}",
    "MATCH (e:Entity) SET e:Evil",
    "MATCH (e:Entity) REMOVE e.name",
    "MATCH (e:Entity) DETACH DELETE e",
    "MATCH ()-[r]->() DELETE r",
    "MERGE (n:Merged {id: 'm'}) RETURN n",
    "MATCH (a:Entity), (b:Entity) MERGE (a)-[:EVIL]->(b)",
    "UNWIND range(1, 3) AS i CREATE (:TxEvil {id: toString(i)})",
    "FOREACH (i IN [1] | CREATE (:TxEvil {id: 'f'}))",
    "CALL { CREATE (:TxEvil {id: 'sub'}) } RETURN 1",
    "MATCH (e:Entity) CALL { WITH e SET e.name = 'sub' } RETURN count(*)",
    "MATCH (e:Entity) CALL (e) { DETACH DELETE e } RETURN 1",
    "CALL { CREATE (:TxEvil {id: 'tx'}) } IN TRANSACTIONS RETURN 1",
    "MATCH (e:Entity) CALL { WITH e DELETE e } IN TRANSACTIONS OF 1 ROW RETURN 1",
    # reading outside the graph
    "LOAD CSV FROM 'file://{canary}' AS line RETURN line",
    "LOAD CSV FROM 'file:///{canary}' AS line RETURN line",
    "LOAD CSV FROM '{canary}' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'file://{canary}' AS line RETURN line",
    "LOAD CSV FROM 'file://{secret}' AS line RETURN line",
    "LOAD CSV FROM 'file:///proc/self/environ' AS line RETURN line",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS line RETURN line",
    "USING PERIODIC COMMIT 10 LOAD CSV FROM 'file://{canary}' AS line CREATE (:TxEvil {v: line[0]})",
    # procedures and functions that write or reach outside
    "CALL apoc.create.node(['TxEvil'], {id: 'apoc'})",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n:TxEvil) RETURN n', {})",
    "CALL apoc.load.csv('file://{canary}')",
    "RETURN do.when(true, 'CREATE (:TxEvil {id: 1})', '', {})",
    "RETURN merge.node(['TxEvil'], {id: 'merge'})",
    "RETURN create.node(['TxEvil'], {id: 'create'})",
    "CALL db.createLabel('TxEvil')",
    "CALL db.index.fulltext.createNodeIndex('evil', ['Entity'], ['name'])",
    "CALL dbms.security.createUser('evil', 'evil', false)",
    "CALL dbms.killQueries(['1'])",
    "CALL gds.graph.drop('x')",
    # schema and administration
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Entity) ON (n.evil)",
    "CREATE CONSTRAINT evil IF NOT EXISTS FOR (n:TxEvil) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT entity_id IF EXISTS",
    "DROP INDEX entity_name IF EXISTS",
    "SHOW USERS",
    "USE system SHOW DATABASES",
    "CREATE USER evil SET PASSWORD 'evil'",
    "ALTER USER root SET PASSWORD 'evil'",
    "GRANT ROLE admin TO evil",
    "STOP DATABASE ecokg",
    "CREATE DATABASE evil",
    "TERMINATE TRANSACTIONS 'x'",
]
# Reads that enumerate paths without end: refused by the check, stopped by the server's time limit.
RUNAWAY = [
    "MATCH p = (a)-[*]-(b) RETURN count(p)",
    "MATCH p = (a)-[:COOPERATES_WITH*]-(b) RETURN count(p)",
    "MATCH p = (a)-[*2..]-(b) RETURN count(p)",
    "MATCH p = (a)<-[*1..50]-(b) RETURN count(p)",
]


def disguises(payload: str) -> list[str]:
    """``payload`` as written and hidden in the ways that fooled earlier guards."""
    first, _, rest = payload.partition(" ")
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in first)
    lookalike = first.replace("E", "Е").replace("A", "А").replace("O", "О").replace("C", "С").replace("P", "Р")
    return [
        payload,
        "WITH 1 AS x //\r" + payload,
        "WITH 1 AS x //\u2028" + payload,
        "WITH 1 AS x /* only reading */ " + payload,
        payload.lower(),
        f"{fullwidth} {rest}",
        f"{lookalike} {rest}" if lookalike != first else "WITH 1 AS x //\u0085" + payload,
        f"{first[:2]}\u200b{first[2:]} {rest}",
        "RETURN 1 AS x; " + payload,
        "WITH 'it\\'s // a string' AS s " + payload,
    ]


def hostile_queries(canary: str, secret: str, *, runaway: bool = True) -> list[str]:
    """The whole suite, with the canary and secret file paths filled in; ``runaway=False`` leaves out RUNAWAY."""
    payloads = PAYLOADS + RUNAWAY if runaway else PAYLOADS
    filled = [p.replace("{canary}", canary).replace("{secret}", secret) for p in payloads]
    return list(dict.fromkeys(query for payload in filled for query in disguises(payload)))

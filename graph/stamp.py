"""The graph's change stamp: one ``(:GraphStamp {id: 'graph', stamp})`` node that every ecokg write sets anew.

Readers that keep something derived from the graph (the API's index and answer cache) ask this one node whether
the graph changed, instead of reading every document's facts hash (on a 5,000-document graph that read takes a
third of a second of the server's CPU, and each API process made it every second). The stamp is set after the
write commits, in its own small transaction: inside a load's transaction every concurrent writer would contend
for the one node. A write whose stamp is lost (the process died in between, the server refused it) is still
found by the readers' content check, made at a longer interval, which also finds changes made outside ecokg.
"""
from __future__ import annotations

import logging
import secrets

import neo4j

from graph import cypher
from graph.store import Store

_log = logging.getLogger(__name__)


def mark_changed(store: Store) -> None:
    """Set a new stamp. Failing to is logged, not raised: the write it follows has committed, and readers find the
    change by their content check."""
    try:
        with store.session() as session:
            session.execute_write(lambda tx: tx.run(cypher.load("graph_stamp_set"), stamp=secrets.token_hex(8)).consume())
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
        _log.warning("the graph changed but its stamp could not be set (%s); readers see the change at their next "
                     "content check (ECOKG_API_CONTENT_CHECK_S)", exc)


def read_stamp(session: neo4j.Session) -> str | None:
    """The graph's stamp, None when nothing set one yet."""
    row = session.run(cypher.load("graph_stamp")).single()
    return None if row is None else row["stamp"]

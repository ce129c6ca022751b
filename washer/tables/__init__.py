"""The run tables: phase one of a wash, everything computed once per run from the key columns.

:func:`build_tables` reads only the columns that identify people and employers, the ids, the
values of each value domain, the date anchor and the free text, and returns :class:`Tables`:
the date offset, the person and employer fake tables, the id tables, the value-domain fakes
and the *known* (original, fake) pairs the free-text scrub replaces. The row pass
(:mod:`washer.rowpass`) then joins every row of every input to these tables.

Modules:

* :mod:`~washer.tables.build`: :func:`build_tables` and :class:`Tables`, the phase's driver.
* :mod:`~washer.tables.projections`: the queries of the inputs each table is built from.
* :mod:`~washer.tables.nodes`: a row's nodes (ids, name key, contacts) and its key hash.
* :mod:`~washer.tables.persons`: the index linking rows to entities by their nodes.
* :mod:`~washer.tables.namekeys`: the keys a name is recognised by, whatever its spelling.
* :mod:`~washer.tables.entities`: keyed seeds and fake fields, one set per entity.
* :mod:`~washer.tables.entity_table`: one entity's fake table, keyed by its rows' key hash.
* :mod:`~washer.tables.entity_originals`: an entity's originals as its fakes avoid them.
* :mod:`~washer.tables.entity_clashes`: fakes drawn again until they equal no original.
* :mod:`~washer.tables.idtables`: every distinct person id -> kind, fake, fake birth date.
* :mod:`~washer.tables.typos`: fakes for mistyped identity numbers of known people.
* :mod:`~washer.tables.collisions`: fakes that equal somebody's original are drawn again.
* :mod:`~washer.tables.known`: the known (original, fake) pairs the free-text scrub replaces.
* :mod:`~washer.tables.mentioned`: the pairs whose original's first word the text holds.
* :mod:`~washer.tables.domain_pairs`: a value domain's pairs, as people also write them.
* :mod:`~washer.tables.text_tokens`: the tokens by which text and originals are matched up.
* :mod:`~washer.tables.text_emails`: the e-mail addresses the text writes, as the scrub reads.
"""

from washer.tables.build import EntityTable, Tables, build_tables

__all__ = ["EntityTable", "Tables", "build_tables"]

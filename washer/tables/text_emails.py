"""The e-mail addresses the run's free text writes, as the scrub reads them.

The scrub looks a run-wide pair with an e-mail key (``E:``, :mod:`washer.fakes._textkeys`) up
for one kind of token only: an e-mail token of a text (:func:`washer.fakes._tokens.tokenize`),
by its address (:func:`washer.fakes._tokens.email_address`, in
:func:`washer.fakes._detect.replace_detected`). So only the pairs of these addresses can ever
be used (:mod:`washer.tables.known` drops the others: most of the run's e-mail addresses are
written in no text, yet nearly all their first words are).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from washer.fakes._tokens import EMAIL_KIND, HAS_AT, email_address, tokenize


def text_emails(texts: pl.Series) -> pl.Series:
    """The distinct addresses (``email``) of the e-mail tokens of ``texts`` (the visible
    texts the scrub reads: as :func:`washer.tables.projections._texts` gives them). Only
    texts with an ``@`` or its spelled-out form can hold one (as in ``tokenize``), and each
    text is tokenised alone, so tokenising these few gives the row pass's tokens."""
    mail = texts.filter(texts.str.contains(HAS_AT).fill_null(False))
    frame = pl.DataFrame({"gid": np.arange(len(mail), dtype=np.int64), "text": mail})
    tokens = tokenize(frame).filter(pl.col("kind") == EMAIL_KIND)
    return tokens.select(email_address(pl.col("tok")).alias("email")).to_series().unique()


__all__ = ["text_emails"]

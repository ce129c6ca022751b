"""Everyday words: never treated as a rare name, whoever happens to be called so.

A traveller named "Meg" or "Per" must not make every "ring meg" or "per dag" in washed free
text a leak. Besides this list, a word used by at least ``min_persons`` persons anywhere in the
originals' names or free text is ordinary too (see :mod:`washer.audit._targets`).
"""

from __future__ import annotations

_WORDS = """
    og i pa til fra med er var jeg meg deg seg du han hun vi dere de den det en et ei som for av
    har hadde ikke ja nei kan skal vil ma om at nar hvor hva hvem hvis men eller sa nok bare
    ogsa etter under over ved hos mot inn ut opp ned her der na da igjen alle noen ingen mer
    min mitt mine din ditt dine sin sitt sine hans hennes var vart vare deres dag dager uke
    kl klokka ring ringe ringt tlf telefon mobil epost adresse hjemme bor bo hotell fly bil buss
    bat tog reise reiser reist jobb arbeid firma kontakt navn nr med mvh hilsen takk
    the and of to in on at for with from by is are was were be been not no yes or if as an my me
    you your he she his her we our they their it its this that there here call phone home work
"""
EVERYDAY_WORDS: frozenset[str] = frozenset(_WORDS.split())
"""Frequent Norwegian (without accents, as normalised) and English words."""

"""Keyed permutations of ``[0, n)``: a balanced Feistel network with cycle walking.

The network works on ``2h`` bits, ``2**(2h) >= n``, with :data:`ROUNDS` rounds. Inputs ``>= n``
(and, optionally, outside a caller's ``valid`` subset) are "cycle-walked": the permutation is
applied again until the result is back in the domain, which gives a permutation of the domain
itself (Black and Rogaway, 2002). Everything runs on whole numpy ``int64`` arrays: all
rounds are applied to the whole array and re-applied only to the elements that walked out.

Round functions are tables filled from keyed BLAKE2b output (counter mode):

* ``h <= 16``: one table of ``2**h`` entries per round, ``F_i(R) = T_i[R ^ t_i]``.
* ``16 < h <= 31``: three shared 65,536-entry tables of 32-bit words looked up in a chain so
  that the output depends non-linearly on both 16-bit halves of ``u = R ^ t_i``:
  ``a = T0[u >> 16]``, ``b = T1[(u & 0xffff) ^ (a & 0xffff)]``, ``c = T2[(u >> 16) ^ (b >> 16)]``,
  ``F_i(R) = (b ^ c)`` truncated to ``h`` bits. (A full-size table per round would be
  ``2**h`` entries; this keeps the key material at 768 KiB and is still one gather per step.)

``t_i`` are per-permutation round tweaks, also from keyed BLAKE2b of the permutation's label,
so many permutations (one per bucket, pattern, ...) share one set of tables yet are unrelated.
Without the secret nothing about the tables or the tweaks is known.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Int32Array = npt.NDArray[np.int32]
Validity = Callable[[IntArray], BoolArray]

ROUNDS = 10
MAX_HALF_BITS = 31
_SMALL = 16


def _stream(secret: bytes, label: bytes, nbytes: int) -> bytes:
    """``nbytes`` of keyed BLAKE2b output in counter mode."""
    blocks = (nbytes + 63) // 64
    # Keyed once, copied per block: the same digests, without re-keying tens of thousands
    # of times for a run's tables.
    keyed = hashlib.blake2b(key=secret, digest_size=64, person=b"washer-feistel")
    keyed.update(label)
    out = []
    for i in range(blocks):
        block = keyed.copy()
        block.update(i.to_bytes(8, "big"))
        out.append(block.digest())
    return b"".join(out)[:nbytes]


def _round_function(tables: IntArray, half_bits: int, mask: int, i: int, u: IntArray) -> IntArray:
    """``F_i(u)`` for tweaked halves ``u`` (see the module docstring)."""
    if half_bits <= _SMALL:
        small: IntArray = tables[i][u]
        return small
    hi = u >> 16
    a = tables[0][hi]
    b = tables[1][(u & 0xFFFF) ^ (a & 0xFFFF)]
    c = tables[2][hi ^ (b >> 16)]
    large: IntArray = (b ^ c) & mask
    return large


class FeistelKey:
    """The secret round tables for one purpose; build them once and share between permutations."""

    __slots__ = ("_secret", "_tables")

    def __init__(self, secret: bytes) -> None:
        if not 16 <= len(secret) <= 64:
            raise ValueError("a Feistel secret is 16-64 bytes")
        self._secret = secret
        self._tables: dict[int, IntArray] = {}

    def tables(self, half_bits: int) -> IntArray:
        """The round tables for ``half_bits``-bit halves (built on first use)."""
        size = min(half_bits, _SMALL + 1)
        if size not in self._tables:
            if size <= _SMALL:
                raw = _stream(self._secret, b"T%d" % size, ROUNDS * 2 * (1 << size))
                table = np.frombuffer(raw, dtype="<u2").astype(np.int64) & ((1 << size) - 1)
                self._tables[size] = table.reshape(ROUNDS, 1 << size)
            else:
                raw = _stream(self._secret, b"T-large", 3 * 4 * (1 << 16))
                self._tables[size] = np.frombuffer(raw, dtype="<u4").astype(np.int64).reshape(3, -1)
        return self._tables[size]

    def tweaks(self, label: bytes) -> IntArray:
        """One 32-bit round tweak per round for the permutation called ``label``."""
        raw = _stream(self._secret, b"tweak:" + label, 4 * ROUNDS)
        return np.frombuffer(raw, dtype="<u4").astype(np.int64)


class FeistelPermutation:
    """A keyed permutation of ``[0, n)`` (or of a ``valid`` subset of it).

    ``forward`` and ``inverse`` take arrays of domain members; ``cycle`` is a keyed permutation
    without fixed points (see its docstring).
    """

    __slots__ = ("_mask", "_n", "_tables", "_tweaks", "half_bits")

    def __init__(self, key: FeistelKey, n: int, label: bytes = b"") -> None:
        if n < 2:
            raise ValueError("a permutation needs a domain of at least 2 elements")
        half_bits = _half_bits(n)
        if half_bits > MAX_HALF_BITS:
            raise ValueError("domain too large for an int64 Feistel network")
        self._n = n
        self.half_bits = half_bits
        self._mask = (1 << half_bits) - 1
        self._tables = key.tables(half_bits)
        self._tweaks = key.tweaks(b"%d:" % n + label) & self._mask

    @property
    def n(self) -> int:
        return self._n

    def _round(self, i: int, right: IntArray) -> IntArray:
        return _round_function(self._tables, self.half_bits, self._mask, i, right ^ self._tweaks[i])

    def _encrypt(self, x: IntArray) -> IntArray:
        left, right = x >> self.half_bits, x & self._mask
        for i in range(ROUNDS):
            left, right = right, left ^ self._round(i, right)
        return (left << self.half_bits) | right

    def _decrypt(self, y: IntArray) -> IntArray:
        left, right = y >> self.half_bits, y & self._mask
        for i in reversed(range(ROUNDS)):
            left, right = right ^ self._round(i, left), left
        return (left << self.half_bits) | right

    def _outside(self, y: IntArray, valid: Validity | None) -> BoolArray:
        out = y >= self._n
        if valid is not None:
            inside = ~out
            out[inside] = ~valid(y[inside])
        return out

    def _walk(
        self, x: IntArray, step: Callable[[IntArray], IntArray], valid: Validity | None
    ) -> IntArray:
        x = np.asarray(x, dtype=np.int64)
        if x.size and (x.min() < 0 or x.max() >= self._n or self._outside(x, valid).any()):
            raise ValueError("every input must be a member of the permutation's domain")
        y = step(x)
        todo = np.flatnonzero(self._outside(y, valid))
        while todo.size:  # each walk leaves after a few steps: the domain fills >= 1/4
            y[todo] = step(y[todo])
            todo = todo[self._outside(y[todo], valid)]
        return y

    def forward(self, x: IntArray, *, valid: Validity | None = None) -> IntArray:
        """The permutation of each element; ``valid`` restricts the domain to a subset."""
        return self._walk(x, self._encrypt, valid)

    def inverse(self, y: IntArray, *, valid: Validity | None = None) -> IntArray:
        """The inverse permutation (``inverse(forward(x)) == x``)."""
        return self._walk(y, self._decrypt, valid)

    def cycle(
        self,
        x: IntArray,
        successor: Callable[[IntArray], IntArray],
        *,
        valid: Validity | None = None,
    ) -> IntArray:
        """A keyed permutation of the domain with no fixed point.

        ``successor`` maps each domain member to the next one (cyclically): one big cycle.
        Conjugating it by the keyed permutation, ``forward(successor(inverse(x)))``, gives a
        keyed random single cycle through the whole domain, so no ``x`` maps to itself.
        Used where the fakes live in the same space as the originals.
        """
        return self.forward(successor(self.inverse(x, valid=valid)), valid=valid)


def _half_bits(n: int) -> int:
    return max(1, ((n - 1).bit_length() + 1) // 2)


class _Batch:
    """Elements of many permutations with one half width, each with its own domain size and
    round tweaks; the arithmetic is :class:`FeistelPermutation`'s, element by element."""

    def __init__(self, tables: IntArray, half_bits: int, n: IntArray, tweaks: IntArray) -> None:
        self.tables, self.half_bits = tables, half_bits
        self.mask = (1 << half_bits) - 1
        self.n, self.tweaks = n, tweaks  # per element: domain size, ROUNDS tweaks

    def _round(self, i: int, right: IntArray, rows: IntArray) -> IntArray:
        u = right ^ self.tweaks[rows, i]
        return _round_function(self.tables, self.half_bits, self.mask, i, u)

    def _encrypt(self, x: IntArray, rows: IntArray) -> IntArray:
        left, right = x >> self.half_bits, x & self.mask
        for i in range(ROUNDS):
            left, right = right, left ^ self._round(i, right, rows)
        return (left << self.half_bits) | right

    def _decrypt(self, y: IntArray, rows: IntArray) -> IntArray:
        left, right = y >> self.half_bits, y & self.mask
        for i in reversed(range(ROUNDS)):
            left, right = right ^ self._round(i, left, rows), left
        return (left << self.half_bits) | right

    def walk(self, x: IntArray, inverse: bool) -> IntArray:
        step = self._decrypt if inverse else self._encrypt
        rows = np.arange(len(x))
        y = step(x, rows)
        todo = np.flatnonzero(y >= self.n)
        while todo.size:
            y[todo] = step(y[todo], todo)
            todo = todo[y[todo] >= self.n[todo]]
        return y


class _Folded:
    """Elements of many permutations with one small half width (at most 16 bits): each
    permutation's round tables with its tweaks folded in, ``folded[k, i, r] = T_i[r ^ t_ki]``,
    so a round is one gather (the dated ids' 91-day buckets are all 8-bit halves). The
    same results as :class:`_Batch`, in ``int32`` (halves and table offsets fit it) and in
    place: half the memory traffic of ``int64``, and no new array per step."""

    def __init__(
        self, tables: IntArray, half_bits: int, n: IntArray, tweaks: IntArray, owner: IntArray
    ) -> None:
        self.half_bits, self.mask, self.width = half_bits, (1 << half_bits) - 1, 1 << half_bits
        r = np.arange(self.width, dtype=np.int64)
        folded = np.empty((len(tweaks), ROUNDS, self.width), dtype=np.int32)
        for i in range(ROUNDS):
            folded[:, i, :] = tables[i][r[None, :] ^ tweaks[:, i : i + 1]]
        self.folded = folded.ravel()
        # per element: where its permutation's tables start
        self.base = (owner * (ROUNDS * self.width)).astype(np.int32)
        self.n = n  # per element: domain size

    def _step(self, x: IntArray, base: Int32Array, inverse: bool) -> IntArray:
        """One pass of the network (``inverse``: the decryption) over ``x``."""
        left = (x >> self.half_bits).astype(np.int32)
        right = (x & self.mask).astype(np.int32)
        at = np.empty_like(left)
        found = np.empty_like(left)
        order = reversed(range(ROUNDS)) if inverse else range(ROUNDS)
        for i in order:
            # forward: left, right = right, left ^ F(right); inverse: right ^ F(left), left
            source, target = (left, right) if inverse else (right, left)
            np.add(base, i * self.width, out=at)
            np.add(at, source, out=at)
            np.take(self.folded, at, out=found)
            np.bitwise_xor(target, found, out=target)
            left, right = right, left
        return (left.astype(np.int64) << self.half_bits) | right

    def walk(self, x: IntArray, inverse: bool) -> IntArray:
        y = self._step(x, self.base, inverse)
        todo = np.flatnonzero(y >= self.n)
        while todo.size:
            y[todo] = self._step(y[todo], self.base[todo], inverse)
            todo = todo[y[todo] >= self.n[todo]]
        return y


# Fold the tables while they stay small (permutations x ROUNDS x 2**h entries).
_FOLD_LIMIT = 1 << 22


def _sorted_unique(values: IntArray) -> tuple[IntArray, IntArray]:
    """``np.unique(values, return_inverse=True)``; without its sort where ``values`` come in
    order already, as a batch's permutation numbers do (elements are laid out one
    permutation after the other)."""
    if len(values) and bool((values[1:] >= values[:-1]).all()):
        starts = np.empty(len(values), dtype=np.bool_)
        starts[0] = True
        np.not_equal(values[1:], values[:-1], out=starts[1:])
        return values[starts], np.cumsum(starts, dtype=np.int64) - 1
    perms, local = np.unique(values, return_inverse=True)
    return perms, local


def _batch(
    key: FeistelKey, half_bits: int, size: IntArray, tweaks: IntArray, who: IntArray
) -> _Batch | _Folded:
    """The batch for elements of permutations ``who`` (indices into ``size`` and ``tweaks``)."""
    tables = key.tables(half_bits)
    perms, local = _sorted_unique(who)
    if half_bits <= _SMALL and len(perms) * ROUNDS << half_bits <= _FOLD_LIMIT:
        return _Folded(tables, half_bits, size[who], tweaks[perms], local.reshape(-1))
    return _Batch(tables, half_bits, size[who], tweaks[who])


def _successors(x: IntArray, n: IntArray) -> IntArray:
    """``(x + 1) % n`` for ``x`` in ``[0, n)``, without a division."""
    nxt = x + 1
    nxt[nxt == n] = 0
    return nxt


def permute_many(
    key: FeistelKey,
    sizes: list[int],
    labels: list[bytes],
    values: list[IntArray],
    *,
    cyclic: list[bool],
) -> list[IntArray]:
    """``FeistelPermutation(key, sizes[k], labels[k])`` applied to ``values[k]`` for every
    ``k`` at once: ``cycle`` with the successor ``(x + 1) % size`` where ``cyclic[k]``, else
    ``forward``. The same results as one permutation at a time, with numpy's per-call cost
    paid once per half width instead of once per permutation (the dated ids use thousands of
    small ones)."""
    count = len(values)
    if not count:
        return []
    lengths = np.array([len(v) for v in values], dtype=np.int64)
    owner = np.repeat(np.arange(count), lengths)
    x = np.concatenate([np.asarray(v, dtype=np.int64) for v in values])
    size = np.array(sizes, dtype=np.int64)
    if (size < 2).any():
        raise ValueError("a permutation needs a domain of at least 2 elements")
    if x.size and ((x < 0).any() or (x >= size[owner]).any()):
        raise ValueError("every input must be a member of the permutation's domain")
    halves = np.array([_half_bits(s) for s in sizes], dtype=np.int64)
    if (halves > MAX_HALF_BITS).any():
        raise ValueError("domain too large for an int64 Feistel network")
    tweaks = np.stack(
        [
            key.tweaks(b"%d:" % s + label) & ((1 << int(h)) - 1)
            for s, label, h in zip(sizes, labels, halves, strict=True)
        ]
    )
    cyc = np.array(cyclic, dtype=np.bool_)
    out = np.empty_like(x)
    for h in np.unique(halves).tolist():
        sel = np.flatnonzero(halves[owner] == h)
        who = owner[sel]
        y = x[sel].copy()
        c = cyc[who]
        batch = _batch(key, h, size, tweaks, who)
        if c.all():  # the usual case (dated ids): one batch's tables serve both directions
            y = _successors(batch.walk(y, inverse=True), batch.n)
        elif c.any():
            ci = np.flatnonzero(c)
            sub = _batch(key, h, size, tweaks, who[ci])
            y[ci] = _successors(sub.walk(y[ci], inverse=True), sub.n)
        out[sel] = batch.walk(y, inverse=False)
    return list(np.split(out, np.cumsum(lengths)[:-1]))

"""Fakes for values that are not real date-carrying numbers the buckets can rank.

Numbers valid only under the 2032 rule, real-form numbers whose century cannot be decoded,
synthetic numbers given as input, and malformed values are placed in the ``Z`` region of a
bucket *after* its overflow, so they never meet the fakes of real numbers. The slot is chosen
by a keyed hash of the value; values that want the same slot are resolved by sorting on the
hash (then the value) and linear probing, and a full bucket passes its leftovers to the next
window. Slots whose number is one of the call's own input values are skipped, so a fallback
fake never equals any value given in the call (itself included). The result therefore depends
on the other values of the same call: distinct within one call, deterministic for the same set
of values.

A real number's fake (a classic synthetic number) may still equal a *synthetic* number that
was itself given as input: such a value is nobody's number, so nothing real is revealed.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from washer.ids._buckets import WINDOW, Bucket
from washer.ids._dated import Form
from washer.ids._tables import EPOCH, NO_DATE, BoolArray, IntArray, prefix_of

FIRST_WINDOW = -((datetime.date(1854, 1, 1) - EPOCH).days // -WINDOW)
LAST_WINDOW = ((datetime.date(2039, 12, 31) - EPOCH).days + 1) // WINDOW - 1
"""Windows whose every day has a birth year the individual-number series can encode."""


@dataclass(frozen=True)
class Item:
    in_form: Form
    out_form: Form
    parity: int
    window: int
    slot_hash: int
    value: str


class _Avoid:
    """The numbers no slot may give out: sorted, distinct, and counted by date part and
    gender parity (``DDMMYY * 2 + parity``) to bound how many can fall in one bucket."""

    def __init__(self, numbers: IntArray) -> None:
        self.numbers = np.unique(numbers)
        self.keys = np.sort(self.numbers // 10**5 * 2 + self.numbers // 100 % 2)

    def contains(self, numbers: IntArray) -> BoolArray:
        """Which of ``numbers`` are to be avoided (a binary search in the sorted list: np.isin
        would sort it again per bucket, and a messy run has hundreds of buckets)."""
        if not len(self.numbers):
            return np.zeros(len(numbers), dtype=np.bool_)
        at = np.minimum(np.searchsorted(self.numbers, numbers), len(self.numbers) - 1)
        found: BoolArray = self.numbers[at] == numbers
        return found

    def most_in(self, bucket: Bucket) -> int:
        """At most how many of the numbers are in ``bucket`` (same date part and parity)."""
        dates = prefix_of(bucket.out_form, bucket.days, np.zeros_like(bucket.days)) // 1000
        keys = dates * 2 + bucket.parity
        found = np.searchsorted(self.keys, keys, side="right") - np.searchsorted(self.keys, keys)
        return int(found.sum())


class _Slots:
    """The free ``Z`` slots of one bucket (after its overflow) and who took them.

    A bucket that cannot fill up (its avoided numbers and every value that may come to it
    leave slots over: nearly always) reads only the slots it probes; else it reads every
    slot's number up front, to know when it is full. Both give the same slots."""

    def __init__(self, bucket: Bucket, avoid: _Avoid, most: int) -> None:
        """``most``: how many values may come to this bucket at most."""
        self.bucket, self.avoid = bucket, avoid
        self.size = bucket.z_size - bucket.overflow
        self.lazy = avoid.most_in(bucket) + most < self.size
        self.taken: set[int] = set()
        self.read: dict[int, tuple[int, int]] = {}  # lazy: slot -> its number and day
        self.used = np.zeros(0, dtype=np.bool_)
        if not self.lazy:
            free = np.arange(bucket.overflow, bucket.z_size, dtype=np.int64)
            self.used = avoid.contains(bucket.z_numbers(free)[0])
        self.count = int(self.used.sum())
        self.takers: list[int] = []
        self.slots: list[int] = []

    def _used(self, slot: int) -> bool:
        if not self.lazy:
            return bool(self.used[slot])
        if slot in self.taken:
            return True
        if slot not in self.read:
            number, day = self.bucket.z_numbers(np.array([self.bucket.overflow + slot]))
            self.read[slot] = (int(number[0]), int(day[0]))
        return bool(self.avoid.contains(np.array([self.read[slot][0]]))[0])

    def fill(self, batch: list[int], items: list[Item]) -> list[int]:
        """Give slots to ``batch`` (sorted by hash, then value); return who did not fit."""
        ordered = sorted(batch, key=lambda i: (items[i].slot_hash, items[i].value))
        for n, i in enumerate(ordered):
            if self.count == self.size:
                return ordered[n:]
            slot = items[i].slot_hash % self.size
            while self._used(slot):
                slot = (slot + 1) % self.size
            if self.lazy:
                self.taken.add(slot)
            else:
                self.used[slot] = True
            self.count += 1
            self.takers.append(i)
            self.slots.append(slot)
        return []

    def numbers(self) -> tuple[IntArray, IntArray]:
        """The numbers and days of the slots taken, in taking order."""
        if self.lazy:  # each was read when probed
            read = np.array([self.read[slot] for slot in self.slots], dtype=np.int64)
            return read[:, 0], read[:, 1]
        return self.bucket.z_numbers(np.array(self.slots, dtype=np.int64) + self.bucket.overflow)


def place(
    items: list[Item], bucket: Callable[[Form, Form, int, int], Bucket], avoid: IntArray
) -> tuple[IntArray, IntArray]:
    """Fake numbers and their days for every item, in the order given; never one of ``avoid``."""
    numbers = np.zeros(len(items), dtype=np.int64)
    days = np.zeros(len(items), dtype=np.int64)
    groups: dict[tuple[str, str, int], dict[int, list[int]]] = {}
    avoided = _Avoid(avoid)
    for i, item in enumerate(items):
        window = min(max(item.window, FIRST_WINDOW), LAST_WINDOW)
        key = (item.in_form.name, item.out_form.name, item.parity)
        groups.setdefault(key, {}).setdefault(window, []).append(i)
    for by_window in groups.values():
        first = items[next(iter(by_window.values()))[0]]
        most = sum(len(batch) for batch in by_window.values())
        state: dict[int, _Slots] = {}
        carry: list[int] = []
        window = min(by_window)
        while True:
            if window not in state:
                b = bucket(first.in_form, first.out_form, first.parity, window)
                state[window] = _Slots(b, avoided, most)
            carry = state[window].fill(by_window.pop(window, []) + carry, items)
            if carry:
                window = FIRST_WINDOW if window >= LAST_WINDOW else window + 1
            elif by_window:
                window = min(by_window)
            else:
                break
        for slots in state.values():
            if slots.takers:
                numbers[slots.takers], days[slots.takers] = slots.numbers()
    return numbers, days


def slot_hash(secret: bytes, value: str) -> int:
    """The keyed 64-bit hash that chooses a fallback value's slot (and, if needed, gender)."""
    return int.from_bytes(
        hashlib.blake2b(
            value.encode("utf-8"), key=secret, digest_size=8, person=b"washer-fallback"
        ).digest(),
        "big",
    )


def build_items(
    values: list[str],
    forms: list[Form],
    out_forms: list[Form],
    parity: IntArray,
    days: IntArray,
    *,
    secret: bytes,
    default_window: int,
) -> list[Item]:
    """Items for :func:`place`. ``parity`` -1 means "unknown" (the hash decides) and ``days``
    :data:`NO_DATE` means "no date" (the key's default window is used)."""
    items = []
    for i, value in enumerate(values):
        h = slot_hash(secret, value)
        items.append(
            Item(
                in_form=forms[i],
                out_form=out_forms[i],
                parity=int(parity[i]) if parity[i] >= 0 else h >> 63,
                window=int(days[i]) // WINDOW if days[i] != NO_DATE else default_window,
                slot_hash=h,
                value=value,
            )
        )
    return items

"""How deep JSON nests, measured on the raw bytes as they stream past a parser.

A parser that builds what it reads spends memory on every level before any check of its own
can run (30,000 levels of ``[`` cost gigabytes in ijson's path-carrying events). The gauge
reads each chunk first with C-speed bytes operations only: escape pairs are dropped, every
byte but brackets and quotes is deleted, the pieces between quotes that lie outside strings
are kept, and the deepest point is a running sum taken by ``itertools.accumulate``. No Python
code runs per JSON token, so a streaming import keeps its pace.

The gauge measures; it does not validate. Bytes that are not JSON give some depth, and the
parser behind the gauge refuses them anyway.
"""

from __future__ import annotations

from itertools import accumulate, count
from operator import sub
from typing import Final

__all__ = ["NestingGauge"]

_MARKS: Final = b'[]{}"'
_NOT_MARKS: Final = bytes(set(range(256)) - set(_MARKS))
# Openers become 2 and closers 0: the running sum less the position is then the depth.
_STEPS: Final = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


class NestingGauge:
    """Feed it the bytes of one JSON text in order; it tells how deep they have nested."""

    def __init__(self) -> None:
        self.depth = 0  # objects and arrays open at the end of what was fed
        self.deepest = 0  # the most ever open at once
        self._in_string = False
        self._escape_pending = False  # the last chunk ended inside a string on a lone "\"

    def feed(self, chunk: bytes) -> int:
        """Account for ``chunk``; the deepest nesting reached so far."""
        if self._escape_pending and chunk:
            chunk, self._escape_pending = chunk[1:], False  # the byte that "\" escapes
        if b"\\" in chunk:
            # Backslashes occur only in strings, where each starts a pair; a run is cut
            # into pairs from its start, so with "\\" pairs gone first, every '\"' left is
            # an escaped quote. What remains of quotes then opens or closes strings.
            trailing = len(chunk) - len(chunk.rstrip(b"\\"))
            chunk = chunk.replace(b"\\\\", b"").replace(b'\\"', b"")
            odd_run_at_end = trailing % 2 == 1
        else:
            odd_run_at_end = False
        pieces = chunk.translate(None, _NOT_MARKS).split(b'"')
        outside = pieces[1::2] if self._in_string else pieces[0::2]
        if len(pieces) % 2 == 0:  # an odd number of quotes: a string opened or closed
            self._in_string = not self._in_string
        self._escape_pending = self._in_string and odd_run_at_end
        brackets = b"".join(outside)
        if brackets:
            steps = brackets.translate(_STEPS)
            peak = max(map(sub, accumulate(steps), count(1)))
            self.deepest = max(self.deepest, self.depth + peak)
            self.depth += 2 * steps.count(2) - len(steps)
        return self.deepest

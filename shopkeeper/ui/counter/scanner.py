"""Telling a barcode scanner from a person typing (Qt-free, so it is tested without a window).

A keyboard-wedge scanner "types" the card number with keystrokes a few milliseconds apart and ends
with Return (or keypad Enter). People type 100-300 ms apart. The decision uses the keystrokes' own
timestamps (``QKeyEvent.timestamp()``), not the moment they are handled: a busy event loop delivers
a person's keystrokes bunched together, but their timestamps stay apart.
"""

from __future__ import annotations

SCAN_MAX_GAP_MS = 50
SCAN_MIN_LENGTH = 4


class ScanDetector:
    """Feed it every keystroke of the search field; ``enter`` says whether a scan just ended."""

    def __init__(
        self, *, max_gap_ms: int = SCAN_MAX_GAP_MS, min_length: int = SCAN_MIN_LENGTH
    ) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self._burst: list[str] = []
        self._last: int | None = None

    def reset(self) -> None:
        self._burst = []
        self._last = None

    def _fast(self, timestamp: int) -> bool:
        # A timestamp of 0 means "unknown" (synthetic events): never take it for a scanner.
        return (
            timestamp > 0
            and self._last is not None
            and 0 <= timestamp - self._last <= self.max_gap_ms
        )

    def key(self, text: str, timestamp: int) -> bool:
        """A printable keystroke: it continues the burst if it came fast, else starts a new one.
        Returns whether it continued a burst (a scanner is typing, most likely)."""
        if timestamp <= 0:
            self.reset()
            return False
        fast = self._fast(timestamp)
        if fast:
            self._burst.append(text)
        else:
            self._burst = [text]
        self._last = timestamp
        return fast

    def other_key(self) -> None:
        """Backspace, arrows...: a scanner never sends them, so any burst is over."""
        self.reset()

    def enter(self, timestamp: int) -> str | None:
        """Return or Enter pressed: the scanned text if a fast burst just ended here, else None."""
        burst = "".join(self._burst).strip()
        scanned = self._fast(timestamp) and len(burst) >= self.min_length
        self.reset()
        return burst if scanned else None

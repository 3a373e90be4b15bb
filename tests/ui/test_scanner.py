"""Scanner or person: decided by the keystrokes' own timestamps."""

from shopkeeper.ui.counter.scanner import ScanDetector


def feed(detector: ScanDetector, text: str, start: int, gap: int) -> int:
    stamp = start
    for ch in text:
        detector.key(ch, stamp)
        stamp += gap
    return stamp


def test_a_fast_burst_ending_in_enter_is_a_scan() -> None:
    detector = ScanDetector()
    end = feed(detector, "200000016", start=1000, gap=10)
    assert detector.enter(end) == "200000016"


def test_a_person_typing_is_not_a_scan() -> None:
    detector = ScanDetector()
    end = feed(detector, "200000016", start=1000, gap=160)
    assert detector.enter(end) is None


def test_a_scan_after_typed_text_keeps_only_the_burst() -> None:
    detector = ScanDetector()
    after = feed(detector, "Jon", start=1000, gap=200)
    end = feed(detector, "200000024", start=after + 900, gap=8)
    assert detector.enter(end) == "200000024"


def test_a_slow_enter_after_a_burst_is_not_a_scan() -> None:
    detector = ScanDetector()
    end = feed(detector, "200000016", start=1000, gap=8)
    assert detector.enter(end + 400) is None


def test_short_bursts_backspace_and_unknown_timestamps_never_count() -> None:
    detector = ScanDetector()
    end = feed(detector, "12", start=1000, gap=5)
    assert detector.enter(end) is None  # two fast keys are a person's double tap
    end = feed(detector, "20000", start=5000, gap=5)
    detector.other_key()
    end = feed(detector, "0016", start=end, gap=5)
    assert detector.enter(end) == "0016"  # only what came after the backspace
    feed(detector, "200000016", start=0, gap=0)  # synthetic events carry timestamp 0
    assert detector.enter(0) is None

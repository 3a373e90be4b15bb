"""Every report as one plain table (for the screen, CSV and PDF), and the catalogue of reports.

The faces pick a report by name from ``REPORTS``, run it, and show ``as_table`` of the result;
CSV is written here, the PDF by ``shopkeeper.printing.reports``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shopkeeper.domain.calendar import local_date
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.figures import Cell, Money, Note, Share, plain, plain_note
from shopkeeper.services import reports as r
from shopkeeper.storage.database import Database


@dataclass(frozen=True)
class Options:
    start: date | None = None
    end: date | None = None
    by: str = "month"
    days: int = r.LAPSED_DAYS
    limit: int | None = r.CALL_LIST_LIMIT


@dataclass(frozen=True)
class Table:
    """Raw, typed cells (``Money``, ``Share``, counts): the faces format them for a locale
    (``shopkeeper.present.tables``); CSV writes them plain."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[Note | str, ...] = ()
    chart: tuple[int, ...] = ()  # columns drawn as a per-period series (label: column 0)
    cards: tuple[str | None, ...] = ()  # per row: the customer it names (opens at the counter)
    total_rows: int | None = None  # rows there are in all when ``rows`` stops at a limit

    @property
    def truncated(self) -> bool:
        return self.total_rows is not None and self.total_rows > len(self.rows)


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    run: Callable[[Database, Options], Any]
    table: Callable[[Any], Table]
    dated: bool = True  # takes --from/--to
    heavy: bool = field(default=False)  # the screen runs it off the GUI thread anyway


def _money(cents: int | None) -> Money | None:
    return None if cents is None else Money(cents)


def _pct(value: float | None) -> Share | None:
    return None if value is None else Share(value)


def _summary_table(s: r.SummaryReport) -> Table:
    rows = (
        ("Members (not archived)", s.members),
        ("Active (visited in the last 90 days)", s.active),
        ("New members in the period", s.new_members),
        ("Visits", s.visits),
        ("Spend", _money(s.spend_cents)),
        ("Average visit", _money(s.average_visit_cents)),
        ("Points issued (net of reversals)", s.points_issued),
        ("Points redeemed", s.points_redeemed),
        ("Points expired", s.points_expired),
        ("Redemption rate", _pct(s.redemption_rate)),
        ("Outstanding points", s.outstanding_points),
        ("Liability", _money(s.liability_cents)),
        ("Open problems", s.open_problems),
        ("Average satisfaction (0-10)", "" if s.average_score is None else s.average_score),
    )
    return Table(f"Summary {s.start} – {s.end}", ("Figure", "Value"), rows)


def _activity_table(a: r.ActivityReport) -> Table:
    return Table(
        f"Visits and spend per {a.by} {a.start} – {a.end}",
        (a.by.capitalize(), "Visits", "Customers", "Spend"),
        tuple((row.period, row.visits, row.customers, _money(row.spend_cents)) for row in a.rows),
        (("Total: ", a.visits, " visits, ", _money(a.spend_cents), " spent."),),
        chart=(1,),
    )


def _members_table(m: r.MembersReport) -> Table:
    return Table(
        f"Members {m.start} – {m.end}",
        ("Month", "New members"),
        tuple((row.month, row.new_members) for row in m.rows),
        (
            (
                "Members: ",
                m.members,
                " (and ",
                m.archived,
                " archived); active in the last ",
                m.active_days,
                " days: ",
                m.active,
                ".",
            ),
        ),
        chart=(1,),
    )


def _tiers_table(t: r.TiersReport) -> Table:
    """One row per month end, the running month last (it equals "now")."""
    gaps = any(m.known and m.not_recorded for m in t.history)
    extra = ("No tier", "Not recorded") if gaps else ("No tier",)
    columns = ("Month", *t.history_tiers, *extra)
    rows = []
    for month in t.history:
        if not month.known:
            rows.append((month.month, *(["unknown"] * (len(columns) - 1))))
            continue
        counts = month.tiers or {}
        tail = (month.no_tier, month.not_recorded) if gaps else (month.no_tier,)
        rows.append((month.month, *(counts.get(name, 0) for name in t.history_tiers), *tail))
    now: list[Cell] = ["Now, of ", t.customers, " customers: "]
    for i, row in enumerate(t.rows):
        now += [", " if i else "", f"{row.tier} ", row.customers, " (", _pct(row.share), ")"]
    notes: list[Note | str] = [(*now, ".") if t.rows else "No tiers defined."]
    notes.append(
        "Each month: the tier held at its end by customers not archived then (the running "
        "month: now), from the tier change log."
    )
    if t.recorded_since is not None:
        began = local_date(t.recorded_since).isoformat()
        notes.append(
            f"Tier history was first recorded on {began}; earlier month ends are unknown "
            "(never guessed)."
        )
    if gaps:
        notes.append("Not recorded: members then with no tier record in the log.")
    return Table(
        f"Tier distribution {t.start} – {t.end}",
        columns,
        tuple(rows),
        tuple(notes),
        chart=tuple(range(1, 1 + len(t.history_tiers))),
    )


def _points_table(p: r.PointsReport) -> Table:
    return Table(
        f"Points per month {p.start} – {p.end}",
        ("Month", "Issued", "Reversed", "Redeemed", "Expired", "Corrected"),
        tuple(
            (row.month, row.issued, row.reversed, row.redeemed, row.expired, row.corrected)
            for row in p.rows
        ),
        (
            (
                "Issued ",
                p.issued,
                ", reversed ",
                p.reversed,
                ", redeemed ",
                p.redeemed,
                ", expired ",
                p.expired,
                "; redemption rate ",
                _pct(p.redemption_rate) or "n/a",
                " (redeemed / (issued − reversed)).",
            ),
        ),
        chart=(1, 3, 4),
    )


def _liability_table(li: r.LiabilityReport) -> Table:
    return Table(
        "Outstanding points as a liability",
        ("Reward", "Points cost", "Value", "Cents per point", "Liability at this reward"),
        tuple(
            (
                row.reward,
                row.points_cost,
                _money(row.value_cents),
                row.cents_per_point,
                _money(row.liability_cents),
            )
            for row in li.rows
        ),
        (
            (
                "Outstanding: ",
                li.outstanding_points,
                " points held by ",
                li.customers_with_points,
                " customers. Liability ",
                _money(li.liability_cents),
                ".",
            ),
            f"Formula: {li.formula}.",
        ),
    )


def _call_table(c: r.CallList) -> Table:
    return Table(
        c.title,
        (
            "Card",
            "Name",
            "Phone",
            "Last visit",
            "Days since",
            "Usual gap",
            "Visits",
            "Spend 12 months",
            "Pinned notes",
            "Why",
        ),
        tuple(
            (
                row.card_number,
                row.name,
                row.phone or "",
                row.last_visit,
                row.days_since_last,
                row.usual_gap_days,
                row.visits,
                _money(row.spend_12m_cents),
                " · ".join(row.pinned_notes),
                row.reason,
            )
            for row in c.rows
        ),
        ((c.total, " customer(s) in all; ", len(c.rows), " shown."),),
        cards=tuple(row.card_number for row in c.rows),
        total_rows=c.total,
    )


def _retention_table(rt: r.RetentionReport) -> Table:
    return Table(
        f"Retention by join month {rt.start} – {rt.end}",
        ("Joined", "Members", "After 1 month", "After 3", "After 6", "After 12"),
        tuple(
            (
                row.month,
                row.members,
                _pct(row.after_1),
                _pct(row.after_3),
                _pct(row.after_6),
                _pct(row.after_12),
            )
            for row in rt.rows
        ),
        (rt.note, "A blank: that month has not come yet."),
    )


def _satisfaction_table(s: r.SatisfactionReport) -> Table:
    trend = "n/a" if s.trend is None else f"{s.trend:+.2f}"
    return Table(
        f"Satisfaction {s.start} – {s.end}",
        ("Month", "Scores", "Average score", "Problems opened", "Problems resolved"),
        tuple(
            (
                row.month,
                row.scores,
                "" if row.average_score is None else row.average_score,
                row.problems_opened,
                row.problems_resolved,
            )
            for row in s.rows
        ),
        (
            (
                "Average ",
                s.average_score if s.average_score is not None else "n/a",
                " over ",
                s.scores,
                f" score(s); trend {trend}; problems open now: ",
                s.problems_open,
                ".",
            ),
        ),
        chart=(2,),
    )


def _ladder_table(lad: r.LadderReport) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (row.stage, row.customers, _pct(row.share), "", "") for row in lad.rows
    ]
    rows += [
        (f"↑ {m.stage_now}", None, "", f"{m.name} ({m.card_number})", f"from {m.stage_before}")
        for m in lad.moved_up
    ]
    return Table(
        f"The ladder ({lad.month})",
        ("Stage", "Customers", "Share", "Moved up this month", "Before"),
        tuple(rows),
        (lad.note,),
        cards=(None,) * len(lad.rows) + tuple(m.card_number for m in lad.moved_up),
    )


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "summary",
            "Summary",
            lambda db, o: r.summary(db, start=o.start, end=o.end),
            _summary_table,
        ),
        ReportSpec(
            "activity",
            "Visits and spend",
            lambda db, o: r.activity(db, start=o.start, end=o.end, by=o.by),
            _activity_table,
        ),
        ReportSpec(
            "members",
            "Members",
            lambda db, o: r.members(db, start=o.start, end=o.end),
            _members_table,
        ),
        ReportSpec(
            "tiers",
            "Tiers over time",
            lambda db, o: r.tiers(db, start=o.start, end=o.end),
            _tiers_table,
        ),
        ReportSpec(
            "points",
            "Points issued, redeemed, expired",
            lambda db, o: r.points(db, start=o.start, end=o.end),
            _points_table,
        ),
        ReportSpec(
            "liability", "Liability", lambda db, o: r.liability(db), _liability_table, dated=False
        ),
        ReportSpec(
            "at-risk",
            "Who to call",
            lambda db, o: r.at_risk(db, limit=o.limit),
            _call_table,
            dated=False,
            heavy=True,
        ),
        ReportSpec(
            "lapsed",
            "Lapsed customers",
            lambda db, o: r.lapsed(db, days=o.days, limit=o.limit),
            _call_table,
            dated=False,
        ),
        ReportSpec(
            "problems", "Open problems", lambda db, o: r.problems(db), _call_table, dated=False
        ),
        ReportSpec(
            "retention",
            "Retention cohorts",
            lambda db, o: r.retention(db, start=o.start, end=o.end),
            _retention_table,
        ),
        ReportSpec(
            "satisfaction",
            "Satisfaction",
            lambda db, o: r.satisfaction(db, start=o.start, end=o.end),
            _satisfaction_table,
        ),
        ReportSpec("ladder", "The ladder", lambda db, o: r.ladder(db), _ladder_table, dated=False),
    )
}


def spec(name: str) -> ReportSpec:
    found = REPORTS.get(name)
    if found is None:
        raise InvalidInput(f"Unknown report {name!r}; choose one of {', '.join(REPORTS)}.")
    return found


def as_table(name: str, report: Any) -> Table:
    return spec(name).table(report)


def run_table(db: Database, name: str, options: Options | None = None) -> tuple[Any, Table]:
    """Run a report by name: its result object and its table (one read transaction)."""
    chosen = spec(name)
    report = chosen.run(db, options or Options())
    return report, chosen.table(report)


def notes_text(table: Table) -> list[str]:
    """The notes without a locale (JSON and logs); people get ``present.tables.note_text``."""
    return [plain_note(note) for note in table.notes]


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([plain(cell) for cell in row])
    return buffer.getvalue()


def write_csv(table: Table, target: str | os.PathLike) -> Path:
    """UTF-8 with a byte-order mark, so a spreadsheet shows "Žemaitė" and "王小明" right."""
    path = Path(target).expanduser()
    if not path.parent.is_dir():
        raise InvalidInput(
            f"Cannot write {str(path)!r}: the folder {str(path.parent)!r} is missing."
        )
    try:
        path.write_text(csv_text(table), encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InvalidInput(f"Cannot write {str(path)!r}: {error.strerror}.") from None
    return path

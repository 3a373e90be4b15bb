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
from shopkeeper.domain.reports import Phrase, english, period_cell, template_of
from shopkeeper.domain.rhythm import Stage
from shopkeeper.i18n import N_, _
from shopkeeper.services import item_reports
from shopkeeper.services import nps_report as nr
from shopkeeper.services import reports as r
from shopkeeper.services import value_report as vr
from shopkeeper.services.feedback import DEFAULT_TOUCHPOINTS
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


def P(msgid: str, plural: str | None = None, n: int | None = None, /, **values: Any) -> Phrase:  # noqa: N802
    """A phrase for a person, translated where shown (the message id is marked here)."""
    return Phrase(msgid, plural, n, **values)


def _columns(*names: str) -> tuple[Phrase, ...]:
    return tuple(Phrase(name) for name in names)


NOT_AVAILABLE = N_("n/a")
STAGE_LABELS = {
    Stage.NEW: N_("new"),
    Stage.REGULAR: N_("regular"),
    Stage.LOYAL: N_("loyal"),
    Stage.ADVOCATE: N_("advocate"),
}


def _stage(stage: str) -> Phrase | str:
    label = STAGE_LABELS.get(stage)  # type: ignore[call-overload]
    return Phrase(label) if label else str(stage)


def _span(msgid: str, start: date, end: date) -> Phrase:
    return Phrase(msgid, start=start, end=end)


def _summary_table(s: r.SummaryReport) -> Table:
    rows = (
        (P(N_("Members (not archived)")), s.members),
        (P(N_("Active (visited in the last 90 days)")), s.active),
        (P(N_("New members in the period")), s.new_members),
        (Phrase.pgettext("count", "Visits"), s.visits),
        (P(N_("Spend")), _money(s.spend_cents)),
        (P(N_("Average visit")), _money(s.average_visit_cents)),
        (P(N_("Points issued (net of reversals)")), s.points_issued),
        (P(N_("Points redeemed")), s.points_redeemed),
        (P(N_("Points expired")), s.points_expired),
        (P(N_("Redemption rate")), _pct(s.redemption_rate)),
        (P(N_("Outstanding points")), s.outstanding_points),
        (P(N_("Liability")), _money(s.liability_cents)),
        (P(N_("Open problems")), s.open_problems),
        (P(N_("NPS (feedback in the period)")), s.nps),  # blank without responses, as per month
        (P(N_("Feedback responses")), s.nps_responses),
    )
    return Table(
        _span(N_("Summary {start} – {end}"), s.start, s.end),
        _columns(N_("Figure"), N_("Value")),
        rows,
    )


def _activity_table(a: r.ActivityReport) -> Table:
    if a.by == "week":
        title = _span(N_("Visits and spend per week {start} – {end}"), a.start, a.end)
        first = P(N_("Week"))
    else:
        title = _span(N_("Visits and spend per month {start} – {end}"), a.start, a.end)
        first = P(N_("Month"))
    return Table(
        title,
        (
            first,
            Phrase.pgettext("count", "Visits"),
            *_columns(N_("Customers"), N_("Spend")),
        ),
        tuple(
            (period_cell(row.period), row.visits, row.customers, _money(row.spend_cents))
            for row in a.rows
        ),
        (
            Phrase.ngettext(
                "Total: {visits} visit, {spend} spent.",
                "Total: {visits} visits, {spend} spent.",
                a.visits,
                visits=a.visits,
                spend=_money(a.spend_cents),
            ),
        ),
        chart=(1,),
    )


def _members_table(m: r.MembersReport) -> Table:
    return Table(
        _span(N_("Members {start} – {end}"), m.start, m.end),
        _columns(N_("Month"), N_("New members")),
        tuple((period_cell(row.month), row.new_members) for row in m.rows),
        (
            P(
                N_(
                    "Members: {members} (and {archived} archived); active in the last "
                    "{days} days: {active}."
                ),
                members=m.members,
                archived=m.archived,
                days=m.active_days,
                active=m.active,
            ),
        ),
        chart=(1,),
    )


def _tiers_table(t: r.TiersReport) -> Table:
    """One row per month end, the running month last (it equals "now")."""
    gaps = any(m.known and m.not_recorded for m in t.history)
    extra = _columns(N_("No tier"), N_("Not recorded")) if gaps else _columns(N_("No tier"))
    columns = (P(N_("Month")), *t.history_tiers, *extra)
    rows = []
    for month in t.history:
        if not month.known:
            rows.append((period_cell(month.month), *([P(N_("unknown"))] * (len(columns) - 1))))
            continue
        counts = month.tiers or {}
        tail = (month.no_tier, month.not_recorded) if gaps else (month.no_tier,)
        rows.append(
            (period_cell(month.month), *(counts.get(name, 0) for name in t.history_tiers), *tail)
        )
    held = tuple(
        P(N_("{tier} {customers} ({share})"), tier=row.tier, customers=row.customers,
          share=_pct(row.share))
        for row in t.rows
    )
    now = Phrase.ngettext(
        "Now, of {n} customer: {tiers}.",
        "Now, of {n} customers: {tiers}.",
        t.customers,
        n=t.customers,
        tiers=held,
    )
    notes: list[Note | str] = [now if t.rows else P(N_("No tiers defined."))]
    notes.append(
        P(
            N_(
                "Each month: the tier held at its end by customers not archived then (the "
                "running month: now), from the tier change log."
            )
        )
    )
    if t.recorded_since is not None:
        notes.append(
            P(
                N_(
                    "Tier history was first recorded on {day}; earlier month ends are unknown "
                    "(never guessed)."
                ),
                day=local_date(t.recorded_since),
            )
        )
    if gaps:
        notes.append(P(N_("Not recorded: members then with no tier record in the log.")))
    return Table(
        _span(N_("Tier distribution {start} – {end}"), t.start, t.end),
        columns,
        tuple(rows),
        tuple(notes),
        chart=tuple(range(1, 1 + len(t.history_tiers))),
    )


def _points_table(p: r.PointsReport) -> Table:
    return Table(
        _span(N_("Points per month {start} – {end}"), p.start, p.end),
        _columns(
            N_("Month"), N_("Issued"), N_("Reversed"), N_("Redeemed"), N_("Expired"),
            N_("Corrected"),
        ),
        tuple(
            (
                period_cell(row.month), row.issued, row.reversed, row.redeemed, row.expired,
                row.corrected,
            )
            for row in p.rows
        ),
        (
            P(
                N_(
                    "Issued {issued}, reversed {reversed}, redeemed {redeemed}, expired "
                    "{expired}; redemption rate {rate} (redeemed / (issued − reversed))."
                ),
                issued=p.issued,
                reversed=p.reversed,
                redeemed=p.redeemed,
                expired=p.expired,
                rate=_pct(p.redemption_rate) or P(NOT_AVAILABLE),
            ),
        ),
        chart=(1, 3, 4),
    )


def _liability_table(li: r.LiabilityReport) -> Table:
    return Table(
        P(N_("Outstanding points as a liability")),
        _columns(
            N_("Reward"), N_("Points cost"), N_("Value"), N_("Cents per point"),
            N_("Liability at this reward"),
        ),
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
            P(
                N_(
                    "Outstanding: {points} points held by {customers} customers. "
                    "Liability {liability}."
                ),
                points=li.outstanding_points,
                customers=li.customers_with_points,
                liability=_money(li.liability_cents),
            ),
            P(N_("Formula: {formula}."), formula=li.formula),
        ),
    )


def _call_table(c: r.CallList) -> Table:
    return Table(
        c.title,
        (
            *_columns(N_("Card")),
            Phrase.pgettext("person", "Name"),
            *_columns(N_("Phone"), N_("Last visit"), N_("Days since"), N_("Usual gap")),
            Phrase.pgettext("count", "Visits"),
            *_columns(N_("Spend 12 months"), N_("Pinned notes"), N_("Why")),
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
        (
            Phrase.ngettext(
                "{total} customer in all; {shown} shown.",
                "{total} customers in all; {shown} shown.",
                c.total,
                total=c.total,
                shown=len(c.rows),
            ),
        ),
        cards=tuple(row.card_number for row in c.rows),
        total_rows=c.total,
    )


def _retention_table(rt: r.RetentionReport) -> Table:
    return Table(
        _span(N_("Retention by join month {start} – {end}"), rt.start, rt.end),
        _columns(
            N_("Joined"), N_("Members"), N_("After 1 month"), N_("After 3"), N_("After 6"),
            N_("After 12"),
        ),
        tuple(
            (
                period_cell(row.month),
                row.members,
                _pct(row.after_1),
                _pct(row.after_3),
                _pct(row.after_6),
                _pct(row.after_12),
            )
            for row in rt.rows
        ),
        (rt.note, P(N_("A blank: that month has not come yet."))),
    )


def _nps_line(label: Phrase | str, row: nr.NpsRow) -> Phrase:
    return Phrase.ngettext(
        "{label}: NPS {nps} of {n} response (promoters {promoters}, passives {passives}, "
        "detractors {detractors}).",
        "{label}: NPS {nps} of {n} responses (promoters {promoters}, passives {passives}, "
        "detractors {detractors}).",
        row.responses,
        label=label,
        nps=P(NOT_AVAILABLE) if row.nps is None else row.nps,
        n=row.responses,
        promoters=row.promoters,
        passives=row.passives,
        detractors=row.detractors,
    )


def _nps_table(n: nr.NpsReport) -> Table:
    """Months as rows (the chart: NPS per month); the whole period, each touchpoint and each
    staff member as notes, each with its counts."""
    total = nr.NpsRow(None, n.promoters, n.passives, n.detractors, n.responses, n.nps)
    notes: list[Note | str] = [_nps_line(P(N_("The period")), total)]
    for row in n.by_touchpoint:
        name = row.key or ""
        notes.append(_nps_line(Phrase(name) if name in DEFAULT_TOUCHPOINTS else name, row))
    for row in n.by_staff:
        notes.append(_nps_line(row.key or P(N_("no staff name recorded")), row))
    notes.append(
        P(
            N_(
                "Promoters answer 9–10, passives 7–8, detractors 0–6; NPS = % promoters − "
                "% detractors, rounded to a whole number; no responses: no NPS."
            )
        )
    )
    return Table(
        _span(N_("Net Promoter Score {start} – {end}"), n.start, n.end),
        _columns(
            N_("Month"), N_("Responses"), N_("Promoters"), N_("Passives"), N_("Detractors"),
            N_("NPS"),
        ),
        tuple(
            (period_cell(row.key), row.responses, row.promoters, row.passives, row.detractors,
             row.nps)
            for row in n.by_month
        ),
        tuple(notes),
        chart=(5,),
    )


def _ladder_table(lad: r.LadderReport) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (_stage(row.stage), row.customers, _pct(row.share), "", "") for row in lad.rows
    ]
    rows += [
        (
            P(N_("↑ {stage}"), stage=_stage(m.stage_now)),
            None,
            "",
            P(N_("{name} ({card})"), name=m.name, card=m.card_number),
            P(N_("from {stage}"), stage=_stage(m.stage_before)),
        )
        for m in lad.moved_up
    ]
    return Table(
        P(N_("The ladder ({month})"), month=period_cell(lad.month)),
        _columns(
            N_("Stage"), N_("Customers"), N_("Share"), N_("Moved up this month"), N_("Before")
        ),
        tuple(rows),
        (lad.note,),
        cards=(None,) * len(lad.rows) + tuple(m.card_number for m in lad.moved_up),
    )


def _items_table(it: item_reports.ItemsReport) -> Table:
    """Top items per month, then per tier, then who stopped buying (issue 15)."""
    rows: list[tuple[Cell, ...]] = []
    cards: list[str | None] = []
    for f in it.by_month:
        rows.append((period_cell(f.group), f.product, f.visits, f.quantity, f.customers, None))
        cards.append(None)
    for f in it.by_tier:
        group = P(N_("Tier: {tier}"), tier=f.group) if f.group else P(N_("No tier"))
        rows.append((group, f.product, f.visits, f.quantity, f.customers, None))
        cards.append(None)
    for s in it.stopped:
        rows.append(
            (
                P(N_("Stopped buying: {name}"), name=s.name),
                s.product,
                s.visits_before,
                None,
                None,
                local_date(s.last_bought),
            )
        )
        cards.append(s.card_number)
    return Table(
        _span(N_("Items {start} – {end}"), it.start, it.end),
        (
            *_columns(N_("Month, tier or customer"), N_("Product")),
            Phrase.pgettext("count", "Visits"),
            *_columns(N_("Quantity"), N_("Customers"), N_("Last bought")),
        ),
        tuple(rows),
        (
            P(
                N_(
                    "Top {top} products per month and per tier (tiers as they are now); "
                    "stopped buying: bought on {regular} or more visits in the 12 months before "
                    "the last 3, and not since."
                ),
                top=item_reports.TOP,
                regular=item_reports.REGULAR_VISITS,
            ),
        ),
        cards=tuple(cards),
    )


def _value_table(v: vr.ValueReport) -> Table:
    """Customers most valuable first; the shares, multiples and advocates as notes."""
    notes: list[Note | str] = [
        Phrase.ngettext(
            "{n} customer has spent {spend} in all, {average} on average.",
            "{n} customers have spent {spend} in all, {average} on average.",
            v.customers,
            n=v.customers,
            spend=_money(v.spend_cents),
            average=_money(v.average_spend_cents) or P(NOT_AVAILABLE),
        )
    ]
    notes += [
        Phrase.ngettext(
            "The top {percent} % ({n} customer) spent {spend}: {share} of all spend.",
            "The top {percent} % ({n} customers) spent {spend}: {share} of all spend.",
            top.customers,
            percent=top.percent,
            n=top.customers,
            spend=_money(top.spend_cents),
            share=_pct(top.share) or P(NOT_AVAILABLE),
        )
        for top in v.top
    ]
    notes.append(
        Phrase.ngettext(
            "Worth {median} times their first visit (median; mean {mean}), over {n} customer "
            "with 2 visits or more.",
            "Worth {median} times their first visit (median; mean {mean}), over {n} customers "
            "with 2 visits or more.",
            v.repeat_customers,
            median=v.median_multiple if v.median_multiple is not None else P(NOT_AVAILABLE),
            mean=v.mean_multiple if v.mean_multiple is not None else P(NOT_AVAILABLE),
            n=v.repeat_customers,
        )
    )
    notes += [
        Phrase.ngettext(
            "{name} ({card}) brought {n} customer, who has spent {spend}.",
            "{name} ({card}) brought {n} customers, who have spent {spend}.",
            a.brought,
            name=a.name,
            card=a.card_number,
            n=a.brought,
            spend=_money(a.brought_spend_cents),
        )
        for a in v.advocates[:ADVOCATE_NOTES]
    ] or [P(N_("Nobody has brought a customer yet."))]
    return Table(
        v.title,
        (
            *_columns(N_("Card")),
            Phrase.pgettext("person", "Name"),
            *_columns(N_("Joined"), N_("Days with us")),
            Phrase.pgettext("count", "Visits"),
            *_columns(
                N_("Lifetime spend"), N_("Per month"), N_("First visit"),
                N_("× first visit"), N_("Brought"),
            ),
        ),  # fmt: skip
        tuple(
            (
                row.card_number,
                row.name,
                row.joined,
                row.tenure_days,
                row.visits,
                _money(row.spend_cents),
                _money(row.monthly_spend_cents),
                _money(row.first_visit_cents),
                row.multiple,
                row.brought,
            )
            for row in v.rows
        ),
        tuple(notes),
        cards=tuple(row.card_number for row in v.rows),
        total_rows=v.total,
    )


ADVOCATE_NOTES = 10


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "summary",
            N_("Summary"),
            lambda db, o: r.summary(db, start=o.start, end=o.end),
            _summary_table,
        ),
        ReportSpec(
            "activity",
            N_("Visits and spend"),
            lambda db, o: r.activity(db, start=o.start, end=o.end, by=o.by),
            _activity_table,
        ),
        ReportSpec(
            "members",
            N_("Members"),
            lambda db, o: r.members(db, start=o.start, end=o.end),
            _members_table,
        ),
        ReportSpec(
            "tiers",
            N_("Tiers over time"),
            lambda db, o: r.tiers(db, start=o.start, end=o.end),
            _tiers_table,
        ),
        ReportSpec(
            "points",
            N_("Points issued, redeemed, expired"),
            lambda db, o: r.points(db, start=o.start, end=o.end),
            _points_table,
        ),
        ReportSpec(
            "liability",
            N_("Liability"),
            lambda db, o: r.liability(db),
            _liability_table,
            dated=False,
        ),
        ReportSpec(
            "at-risk",
            N_("Who to call"),
            lambda db, o: r.at_risk(db, limit=o.limit),
            _call_table,
            dated=False,
            heavy=True,
        ),
        ReportSpec(
            "lapsed",
            N_("Lapsed customers"),
            lambda db, o: r.lapsed(db, days=o.days, limit=o.limit),
            _call_table,
            dated=False,
        ),
        ReportSpec(
            "problems", N_("Open problems"), lambda db, o: r.problems(db), _call_table, dated=False
        ),
        ReportSpec(
            "retention",
            N_("Retention cohorts"),
            lambda db, o: r.retention(db, start=o.start, end=o.end),
            _retention_table,
        ),
        ReportSpec(
            "nps",
            N_("Net Promoter Score"),
            lambda db, o: nr.nps_report(db, start=o.start, end=o.end),
            _nps_table,
            heavy=True,  # a shop's years of answers: counted off the GUI thread
        ),
        ReportSpec(
            "ladder", N_("The ladder"), lambda db, o: r.ladder(db), _ladder_table, dated=False
        ),
        ReportSpec(
            "items",
            N_("Items: top sellers and who stopped buying"),
            lambda db, o: item_reports.items(db, start=o.start, end=o.end),
            _items_table,
        ),
        ReportSpec(
            "value",
            N_("What a customer is worth"),
            lambda db, o: vr.value(db, limit=o.limit),
            _value_table,
            dated=False,
        ),
    )
}


def spec(name: str) -> ReportSpec:
    found = REPORTS.get(name)
    if found is None:
        raise InvalidInput(
            _("Unknown report {name!r}; choose one of {names}.").format(
                name=name, names=", ".join(REPORTS)
            )
        )
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


def words(cell: Any) -> str:
    """A phrase in the language spoken now with locale-free values (a spreadsheet's header or
    its "Why" column); any other cell as its plain raw text ("2026-11", "1250.50", "43.6")."""
    if isinstance(cell, Phrase):
        template = template_of(cell)
        return template.format(**{k: words(v) for k, v in cell.values.items()})
    if isinstance(cell, tuple | list):
        return ", ".join(words(v) for v in cell)
    if isinstance(cell, Share | float):
        return english(cell).rstrip("%")
    return plain(cell)


def csv_text(table: Table) -> str:
    """Headers for the person reading the spreadsheet (translated: a report export is never
    read back in); data cells raw, so numbers stay numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([words(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([words(cell) for cell in row])
    return buffer.getvalue()


def write_csv(table: Table, target: str | os.PathLike) -> Path:
    """UTF-8 with a byte-order mark, so a spreadsheet shows "Žemaitė" and "王小明" right."""
    path = Path(target).expanduser()
    if not path.parent.is_dir():
        raise InvalidInput(
            _("Cannot write {path!r}: the folder {folder!r} is missing.").format(
                path=str(path), folder=str(path.parent)
            )
        )
    try:
        path.write_text(csv_text(table), encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InvalidInput(
            _("Cannot write {path!r}: {reason}.").format(path=str(path), reason=error.strerror)
        ) from None
    return path

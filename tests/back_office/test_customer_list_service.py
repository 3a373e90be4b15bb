"""The customer list service on a hand-built shop: each filter, sorting, paging, export."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import customer_list as cl
from shopkeeper.services import programme
from shopkeeper.services.customer_list import CustomerFilter


def names(db, f: CustomerFilter | None = None, **sort) -> list[str]:  # noqa: ANN001, ANN003
    return [r.name for r in cl.page(db, cl.prepare(db, f), **sort)]


def test_default_list_is_active_customers_by_name(db, list_shop) -> None:  # noqa: ANN001
    assert names(db) == ["Jonas Jonaitis", "Ona Žemaitė", "王小明", "陳美玲"]
    assert cl.count(db, cl.prepare(db)) == 4


def test_sorting_by_each_column_is_done_in_order(db, list_shop) -> None:  # noqa: ANN001
    by_balance = cl.page(db, cl.prepare(db), sort="balance", descending=True)
    balances = [r.points_balance for r in by_balance]
    assert balances == sorted(balances, reverse=True)
    assert by_balance[0].name == "Jonas Jonaitis"
    assert names(db, sort="last_visit", descending=True)[:3] == [
        "Jonas Jonaitis",
        "Ona Žemaitė",
        "王小明",
    ]
    assert names(db, sort="visits")[0] == "陳美玲"
    assert names(db, sort="spent", descending=True)[0] == "Jonas Jonaitis"
    assert names(db, sort="joined")[0] == "陳美玲"
    tiers = [r.tier for r in cl.page(db, cl.prepare(db), sort="tier", descending=True)]
    ladder = [tier.name for tier in programme.load(db).tiers]
    ranks = [ladder.index(x) if x else -1 for x in tiers]
    assert ranks == sorted(ranks, reverse=True)
    for sort in cl.SORTS:
        assert len(names(db, sort=sort)) == 4
    with pytest.raises(InvalidInput):
        names(db, sort="shoe size")


def test_row_shows_the_list_columns(db, list_shop) -> None:  # noqa: ANN001
    [ona] = [r for r in cl.page(db, cl.prepare(db)) if r.card_number == list_shop.ona]
    assert ona.visit_count == 3
    assert ona.spent_cents == 6000
    assert ona.last_visit == date(2026, 9, 15)
    assert ona.tier == "Bronze"


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (CustomerFilter(at_risk=True), ["Ona Žemaitė"]),
        (CustomerFilter(birthday_this_month=True), ["Ona Žemaitė"]),
        (CustomerFilter(open_problem=True), ["王小明"]),
        (CustomerFilter(letters_consent=True), ["Ona Žemaitė"]),
        (CustomerFilter(archived="archived"), ["John Smith"]),
        (
            CustomerFilter(archived="all"),
            ["John Smith", "Jonas Jonaitis", "Ona Žemaitė", "王小明", "陳美玲"],
        ),
        (CustomerFilter(joined_from=date(2026, 1, 1), joined_to=date(2026, 1, 31)), ["陳美玲"]),
        (
            CustomerFilter(joined_from=date(2026, 11, 16)),
            ["Jonas Jonaitis", "Ona Žemaitė", "王小明"],
        ),
        (CustomerFilter(text="jon"), ["Jonas Jonaitis"]),
        (CustomerFilter(text="小明"), ["王小明"]),
        (CustomerFilter(text="zemaite"), ["Ona Žemaitė"]),
        (CustomerFilter(text="john"), []),  # archived, and the list shows active ones
        (CustomerFilter(text="john", archived="all"), ["John Smith"]),
    ],
)
def test_each_filter_shows_exactly_the_expected_customers(db, list_shop, chosen, expected) -> None:  # noqa: ANN001, E501
    query = cl.prepare(db, chosen)
    assert names(db, chosen) == expected
    assert cl.count(db, query) == len(expected)


def test_tier_filter(db, list_shop) -> None:  # noqa: ANN001
    tiers = {tier.name: tier.id for tier in programme.load(db).tiers}
    top = [r for r in cl.page(db, cl.prepare(db)) if r.name == "Jonas Jonaitis"][0].tier
    assert top != "Bronze"  # 600 EUR lifted him
    assert names(db, CustomerFilter(tier_id=tiers[top])) == ["Jonas Jonaitis"]
    assert names(db, CustomerFilter(tier_id=tiers["Bronze"])) == ["Ona Žemaitė", "王小明", "陳美玲"]


def test_at_risk_sql_path_agrees_with_the_domain_rule(db, list_shop) -> None:  # noqa: ANN001
    today = date(2026, 11, 16)
    with db.read() as session:
        fast = cl.at_risk_ids(session.connection(), today)
        reference = cl._at_risk_ids_python(session.connection(), today, "all")
    assert fast == reference and len(fast) == 1


def test_reversed_dates_are_refused(db, list_shop) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput, match="reversed"):
        cl.prepare(db, CustomerFilter(joined_from=date(2026, 2, 1), joined_to=date(2026, 1, 1)))


def test_pages_never_repeat_or_skip(db, list_shop) -> None:  # noqa: ANN001
    query = cl.prepare(db, CustomerFilter(archived="all"))
    seen = []
    for offset in range(0, 5, 2):
        seen += [r.card_number for r in cl.page(db, query, sort="balance", offset=offset, limit=2)]
    assert len(seen) == 5 and len(set(seen)) == 5
    assert seen == cl.card_numbers(db, query, sort="balance")


def test_export_csv_of_a_selection(db, list_shop, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "chosen.csv"
    done = cl.export_csv(db, [list_shop.xiaoming, list_shop.ona], path)
    assert done.rows == 2
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["Card number", "Name"]
    assert [r[1] for r in rows[1:]] == ["王小明", "Ona Žemaitė"]
    assert rows[2][7] == "60.00"
    with pytest.raises(InvalidInput):
        cl.export_csv(db, [], path)

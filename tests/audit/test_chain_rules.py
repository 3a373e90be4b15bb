"""The chain's rules without a database: canonical content, links, what a change does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from shopkeeper.domain import chain

AT = datetime(2026, 11, 16, 10, 0, 0, 123456, tzinfo=UTC)


def entry(**changes: object) -> dict:
    values = dict(seq=1, id=7, at=AT, customer_id=3, points=50, kind="visit", visit_id=9,
                  redemption_id=None, reverses_id=None)  # fmt: skip
    values.update(changes)
    return chain.ledger_content(**values)


def test_the_same_moment_in_any_zone_hashes_the_same() -> None:
    vilnius = AT.astimezone(timezone(timedelta(hours=2)))
    assert chain.link(chain.GENESIS, entry()) == chain.link(chain.GENESIS, entry(at=vilnius))
    assert chain.stamp(vilnius) == "2026-11-16T10:00:00.123456+00:00"


def test_every_hashed_field_changes_the_hash_and_the_link_depends_on_the_previous_one() -> None:
    first = chain.link(chain.GENESIS, entry())
    assert len(first) == 64 and first != chain.GENESIS
    for change in ({"points": 500}, {"customer_id": 4}, {"kind": "correction"},
                   {"at": AT + timedelta(microseconds=1)}, {"seq": 2}, {"id": 8},
                   {"visit_id": None}, {"reverses_id": 1}):  # fmt: skip
        assert chain.link(chain.GENESIS, entry(**change)) != first, change
    assert chain.link(first, entry(seq=2, id=8)) != chain.link(chain.GENESIS, entry(seq=2, id=8))


def test_canonical_content_is_stable_and_key_order_free() -> None:
    assert chain.canonical({"b": 1, "a": "ą"}) == chain.canonical({"a": "ą", "b": 1})
    assert chain.canonical({"a": "ą"}) == '{"a":"ą"}'.encode()
    assert chain.to_json({"day": AT.date(), "at": AT}) == (
        '{"at":"2026-11-16T10:00:00.123456+00:00","day":"2026-11-16"}'
    )
    assert chain.to_json(None) is None


def test_the_audit_digest_covers_the_text_and_the_chain_only_the_digest() -> None:
    digest = chain.details_digest("note 4", None, '{"text":"Allergic to nuts"}')
    assert digest != chain.details_digest("note 4", None, '{"text":"Allergic to milk"}')
    row = dict(seq=1, at=AT, till="till-a", staff_id=None, staff_name=None, kind="note",
               customer_id=3)  # fmt: skip
    content = chain.audit_content(digest=digest, **row)
    assert "Allergic" not in chain.canonical(content).decode()
    # erasing the text keeps the digest, so the hash does not change
    assert chain.link(chain.GENESIS, content) == chain.link(
        chain.GENESIS, chain.audit_content(digest=digest, **row)
    )
    assert chain.link(chain.GENESIS, content) != chain.link(
        chain.GENESIS, chain.audit_content(digest=digest, **{**row, "staff_name": "Rūta"})
    )

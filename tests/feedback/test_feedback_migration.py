"""Migration 0021 on a shop file of revision 0020: scored feedback notes become answers at the
counter, the notes stay, other notes are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.services import customers, feedback, notes
from shopkeeper.services.nps_report import nps_report
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database
from tests.engines import stored_rows
from tests.old_notes import old_scored_note


def _downgrade(path: Path, revision: str) -> None:
    """Take the file back to ``revision`` with the migrations' own downgrades."""
    from alembic import command

    db = Database.open(path)
    config = migrate.alembic_config()
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    db.dispose()


@pytest.mark.sqlite_only("takes a shop file back to revision 0020")
def test_scored_feedback_notes_are_carried_over(db_path: Path, clock) -> None:
    db = open_database(db_path, shop_name="Kepykla", clock=clock)
    ona = customers.create_customer(db, name="Ona").card_number
    jonas = customers.create_customer(db, name="Jonas").card_number
    old_scored_note(db, ona, "Puiku", 9, staff="Rūta")
    clock.advance(hours=1)
    old_scored_note(db, jonas, "Ilgai laukiau " + "x" * 1500, 4)
    notes.add_note(db, card_number=jonas, text="No score given", kind="feedback")
    notes.add_note(db, card_number=ona, text="Likes rye", kind="preference")
    old_scored_note(db, ona, "A general note with a score", 7, kind="general")
    before = stored_rows(db_path, "SELECT * FROM note ORDER BY id")
    db.dispose()
    _downgrade(db_path, "0020")  # the file as revision 0020 left it: no feedback table

    db = open_database(db_path, clock=clock)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        carried = stored_rows(
            db_path,
            "SELECT customer_id, at, score, comment, touchpoint, staff, visit_id, "
            "problem_note_id FROM feedback ORDER BY id",
        )
        note_at = {row[0]: row[2] for row in before}
        assert carried == [
            (1, note_at[1], 9, "Puiku", "counter", "Rūta", None, None),
            (2, note_at[2], 4, ("Ilgai laukiau " + "x" * 1500)[:1000], "counter", None, None,
             None),
        ]
        assert stored_rows(db_path, "SELECT * FROM note ORDER BY id") == before  # kept
        last = feedback.last_feedback(db, ona)
        assert last is not None and (last.score, last.comment) == (9, "Puiku")
        assert nps_report(db).responses == 2
    finally:
        db.dispose()

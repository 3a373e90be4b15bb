"""``shopkeeper feedback CARD SCORE`` and ``shopkeeper touchpoints``: the customer's answer to
"How likely are you to recommend us?" (0–10), and the shop's list of touchpoints."""

from __future__ import annotations

import argparse

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json
from shopkeeper.i18n import _
from shopkeeper.services import feedback


def record(args: argparse.Namespace) -> int:
    db = open_database(settings.database_target(args.db))
    done = feedback.record_feedback(
        db,
        args.card,
        args.score,
        comment=args.comment,
        touchpoint=args.touchpoint or feedback.COUNTER,
    )
    if args.json:
        emit_json(done)
        return 0
    print(
        _("Feedback {score}/10 from {name} ({touchpoint}) recorded.").format(
            score=done.score, name=done.name, touchpoint=feedback.touchpoint_label(done.touchpoint)
        )
    )
    if done.problem_note_id is not None:
        print(
            _(
                "A problem was opened to follow up (note {id}); it shows at the customer's next "
                "visit until resolved."
            ).format(id=done.problem_note_id)
        )
    return 0


def touchpoints(args: argparse.Namespace) -> int:
    db = open_database(settings.database_target(args.db))
    names = (
        feedback.set_touchpoints(db, args.set) if args.set else feedback.touchpoints(db)
    )
    if args.json:
        emit_json(names)
    else:
        for name in names:
            print(feedback.touchpoint_label(name))
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``feedback`` and ``touchpoints`` to the main parser."""
    help_text = _("record a customer's score 0-10; 0-6 opens a problem to follow up")
    p = sub.add_parser("feedback", parents=[common], help=help_text, description=help_text)
    p.set_defaults(handler=record)
    p.add_argument("card")
    p.add_argument("score", help=_("0-10: how likely they are to recommend the shop"))
    p.add_argument("--comment", help=_("what the customer said (optional)"))
    p.add_argument(
        "--touchpoint", metavar="NAME", help=_("where it was given (default: counter)")
    )
    help_text = _("the touchpoints feedback is recorded at (counter, phone order, ...)")
    p = sub.add_parser("touchpoints", parents=[common], help=help_text, description=help_text)
    p.set_defaults(handler=touchpoints)
    p.add_argument(
        "--set", nargs="+", metavar="NAME", help=_("replace the list with these names")
    )

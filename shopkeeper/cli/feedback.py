"""``shopkeeper feedback CARD SCORE`` and ``shopkeeper touchpoints``: the customer's answer to
"How likely are you to recommend us?" (0–10), and the shop's list of touchpoints."""

from __future__ import annotations

import argparse

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json, plain
from shopkeeper.domain.errors import InvalidInput
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
    _say_problem(done)
    return 0


def _say_problem(done: feedback.FeedbackRecorded) -> None:
    if done.problem_note_id is not None:
        print(
            _(
                "A problem was opened to follow up (note {id}); it shows at the customer's next "
                "visit until resolved."
            ).format(id=done.problem_note_id)
        )


def note_with_score(args: argparse.Namespace) -> int:
    """``note CARD TEXT --score N``, kept for scripts: a score is feedback now (so the NPS report
    counts it), at the counter, with the note's text as the comment; one transaction, the
    feedback service's, which opens the problem a 0-6 score calls for. No note is written."""
    if args.pin or args.problem or args.kind not in (None, "general", "feedback"):
        raise InvalidInput(
            _(
                "With --score the note is recorded as feedback; it cannot also be pinned, "
                "a problem or a preference."
            )
        )
    db = open_database(settings.database_target(args.db))
    done = feedback.record_feedback(db, args.card, args.score, comment=args.text)
    if args.json:
        emit_json({**plain(done), "recorded_as": "feedback"})
        return 0
    print(
        _("Recorded as feedback: {score}/10 from {name} ({touchpoint}); the NPS report counts it.")
        .format(
            score=done.score, name=done.name, touchpoint=feedback.touchpoint_label(done.touchpoint)
        )
    )
    _say_problem(done)
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

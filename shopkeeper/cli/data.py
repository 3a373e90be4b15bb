"""``shopkeeper import|export|backup|restore|privacy``: the shop's data in and out, kept safe.

Like every command: parse, call one service, report in a few lines or JSON (``--json``). A user
mistake raises a ``ShopkeeperError`` and ``main`` prints it as one line (exit 1).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.cli.output import emit_json, plain
from shopkeeper.domain.errors import DatabaseDamaged, InvalidInput, NotAllowed
from shopkeeper.domain.import_plan import ACTIONS, Action, Choices
from shopkeeper.domain.importing import DELIMITER_NAMES, ENCODING_NAMES, ENCODINGS
from shopkeeper.domain.staff import Permission
from shopkeeper.i18n import _, ngettext
from shopkeeper.present.audit import restored_warning
from shopkeeper.services import backups, export, importing, integrity, privacy
from shopkeeper.services.authority import require
from shopkeeper.services.common import join_sentences
from shopkeeper.storage.database import Database

SHOWN = 20  # rows listed in the text output; --json lists them all
DELIMITER_WORDS = {"comma": ",", "semicolon": ";", "tab": "\t", "bar": "|", "\\t": "\t"}


def _db(args: argparse.Namespace) -> Database:
    return open_database(settings.database_target(args.db))


def _emit(value: object) -> None:
    """``emit_json`` with file paths as text."""

    def paths(item: object) -> object:
        if isinstance(item, Path):
            return str(item)
        if isinstance(item, dict):
            return {k: paths(v) for k, v in item.items()}
        if isinstance(item, list):
            return [paths(v) for v in item]
        return item

    emit_json(paths(plain(value)))


def _delimiter(text: str | None) -> str | None:
    if text is None:
        return None
    value = DELIMITER_WORDS.get(text.lower(), text)
    if value not in DELIMITER_NAMES:
        raise InvalidInput(
            _("Unknown separator {separator}; use comma, semicolon, tab or bar.").format(
                separator=repr(text)
            )
        )
    return value


def _size(size: int) -> str:
    if size >= 2**20:
        return _("{size} MB").format(size=f"{size / 2**20:.1f}")
    return _("{size} kB").format(size=max(1, size // 1024))


# --- import ---------------------------------------------------------------------------------


def _decisions(items: list[str]) -> dict[int, Action]:
    """``ROW=ACTION`` options (``--decide 5=skip 7=update``) as row -> action."""
    rows: dict[int, Action] = {}
    for item in items:
        row, sep, action = item.partition("=")
        if not sep or not row.strip().isdigit() or action.strip().lower() not in ACTIONS:
            raise InvalidInput(
                _("{item} is not ROW=ACTION with a row number and one of {actions}.").format(
                    item=repr(item), actions=", ".join(ACTIONS)
                )
            )
        rows[int(row)] = Action(action.strip().lower())
    return rows


def _value(value: object) -> str:
    return _("(empty)") if value in (None, "") else str(value).replace("\n", ", ")


def import_customers(args: argparse.Namespace) -> int:
    db = _db(args)
    choices = Choices(
        conflicts=Action(args.conflicts),
        changes=Action(args.changes),
        rows=_decisions(args.decide or []),
    )
    result, sheet = importing.import_file(
        db,
        args.file,
        mapping_options=args.mapping or (),
        encoding=args.encoding,
        delimiter=_delimiter(args.delimiter),
        dry_run=args.dry_run,
        choices=choices,
        phone_country=args.phone_country,
    )
    rejected_file = None
    if result.rejected and (args.rejected or not args.dry_run):
        source = Path(args.file)
        target = args.rejected or source.with_name(f"{source.stem}-rejected.csv")
        rejected_file = importing.write_rejected(result, sheet, target)
    if args.json:
        _emit(
            {
                "file": result.file,
                "dry_run": result.dry_run,
                "encoding": result.encoding,
                "delimiter": result.delimiter,
                "mapping": result.mapping,
                "imported": result.imported,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
                "rejected": result.rejected,
                "warnings": result.warnings,
                "conflicts": result.conflicts,
                "differences": result.differences,
                "possible_duplicates": result.possible_duplicates,
                "phone_country": result.phone_country,
                "invalid_phones": result.invalid_phones,
                "phone_suggestion": result.phone_suggestion,
                "blank_rows": result.blank_rows,
                "new_products": result.new_products,
                "rejected_file": str(rejected_file) if rejected_file else None,
                "rows": result.rows,
            }
        )
        return 0
    read_as = []
    if result.encoding:
        read_as.append(_(ENCODING_NAMES.get(result.encoding, result.encoding)))
    if result.delimiter:
        read_as.append(
            _("{separator}-separated").format(separator=_(DELIMITER_NAMES[result.delimiter]))
        )
    if read_as:
        print(_("Read {file} as {how}.").format(file=result.file, how=", ".join(read_as)))
    print(
        _("Columns: {columns}").format(
            columns=", ".join(
                f"{field} = {header!r}" for field, header in result.mapping.items()
            )
        )
    )
    print(_outcome(result))
    if result.new_products:
        print(
            ngettext(
                "{n} new product from the item histories.",
                "{n} new products from the item histories.",
                result.new_products,
            ).format(n=result.new_products)
        )
    if result.phone_suggestion:
        country = result.phone_suggestion[0]
        print(
            ngettext(
                "{n} phone number is not valid for {country} but is for {other}: import again "
                "with --phone-country {other} to keep it.",
                "{n} phone numbers are not valid for {country} but are for {other}: import "
                "again with --phone-country {other} to keep them.",
                result.invalid_phones,
            ).format(n=result.invalid_phones, country=result.phone_country, other=country)
        )
    conflicts = [r for r in result.rows if r.conflict]
    for report in conflicts[:SHOWN]:
        line = _(
            "  row {row}: conflict: {name} has the {what} of {other} (card {card}): {action}"
        ).format(
            row=report.row,
            name=report.name,
            what=_(report.matched_by),
            other=report.matched_name,
            card=report.matched_card,
            action=report.action,
        )
        if report.action == "new":
            line += _(", card {card}").format(card=report.card_number)
        print(line)
    if conflicts:
        print(
            _(
                "  Conflicts become new customers; --conflicts skip|update or --decide "
                "ROW=ACTION (new, skip, keep, update) choose otherwise."
            )
        )
    differing = [r for r in result.rows if r.differences and r.status != "rejected"]
    for report in differing[:SHOWN]:
        said = "; ".join(
            f"{_(d.field)} {_value(d.stored)} → {_value(d.file)}" for d in report.differences
        )
        kept = _("kept as stored (--decide ROW=update applies)")
        done = _("applied") if report.applied else kept
        print(
            _("  row {row}: {name} (card {card}): {changes}: {done}").format(
                row=report.row,
                name=report.matched_name,
                card=report.matched_card,
                changes=said,
                done=done,
            )
        )
    for report in [r for r in result.rows if r.duplicates][:SHOWN]:
        maybe = ", ".join(
            _("{name} (card {card}, {reason})").format(
                name=d.name, card=d.card_number, reason=_(d.reason)
            )
            for d in report.duplicates
        )
        print(_("  row {row}: {name} may be {who}").format(row=report.row, name=report.name,
                                                          who=maybe))  # fmt: skip
    for report in result.rejected_rows[:SHOWN]:
        print(_("  row {row}: rejected: {problem}").format(row=report.row, problem=report.problem))
    warned = [(r.row, w) for r in result.rows for w in r.warnings]
    for row, warning in warned[:SHOWN]:
        print(_("  row {row}: {warning}").format(row=row, warning=warning))
    for report in [r for r in result.rows if r.changes][:SHOWN]:
        print(
            _("  row {row}: updated {name}: {changes}").format(
                row=report.row, name=report.name, changes=", ".join(report.changes)
            )
        )
    if len(result.rejected_rows) > SHOWN or len(warned) > SHOWN or len(conflicts) > SHOWN:
        print(_("  … more in --json"))
    if rejected_file:
        print(
            _("The rejected rows are in {file}: fix them and import that file.").format(
                file=rejected_file
            )
        )
    if result.dry_run:
        print(_("Dry run: nothing was written."))
    return 0


def _outcome(result: importing.ImportResult) -> str:
    """The import's counts in one sentence."""
    counts = {
        "customers": ngettext("{n} new customer", "{n} new customers", result.imported).format(
            n=result.imported
        ),
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
        "rows": ngettext("{n} row", "{n} rows", result.rejected).format(n=result.rejected),
        "warnings": ngettext("{n} warning", "{n} warnings", result.warnings).format(
            n=result.warnings
        ),
    }
    if result.dry_run:
        return _(
            "Would import {customers}, updated {updated}, {unchanged} unchanged, {skipped} "
            "skipped; {rows} rejected, {warnings}."
        ).format(**counts)
    return _(
        "Imported {customers}, updated {updated}, {unchanged} unchanged, {skipped} skipped; "
        "{rows} rejected, {warnings}."
    ).format(**counts)


# --- export ---------------------------------------------------------------------------------


def export_data(args: argparse.Namespace) -> int:
    db = _db(args)
    if args.what == "database":
        done = export.export_database(db, args.out)
    else:
        done = export.export_table(db, args.what, args.out)
    if args.json:
        _emit(done)
    elif done.what == "database":
        print(
            _("Copied the whole database ({n} customers) into {path}.").format(
                n=done.rows, path=done.path
            )
        )
    else:
        print(
            ngettext(
                "Exported {n} row of {what} into {path}.",
                "Exported {n} rows of {what} into {path}.",
                done.rows,
            ).format(n=done.rows, what=done.what, path=done.path)
        )
    return 0


# --- backup and restore ---------------------------------------------------------------------


def backup(args: argparse.Namespace) -> int:
    db = _db(args)
    if args.folder or args.default_folder:
        folder = backups.set_backup_folder(db, None if args.default_folder else args.folder)
        if not args.json:
            print(_("Backups now go to {folder}.").format(folder=folder))
    if args.list:
        items = backups.list_backups(db)
        if args.json:
            _emit({"folder": str(backups.backup_folder(db)), "backups": items})
        elif not items:
            print(_("No backups yet in {folder}.").format(folder=backups.backup_folder(db)))
        else:
            print(
                _("Backups in {folder}, newest first:").format(folder=backups.backup_folder(db))
            )
            for item in items:
                at = item.at.astimezone().strftime("%Y-%m-%d %H:%M")
                print(f"  {item.path.name}  {at}  {item.reason}  {_size(item.size)}")
        return 0
    if (args.folder or args.default_folder) and not args.out:
        return 0
    done = backups.back_up(db, out=args.out)
    if args.json:
        _emit(done)
    else:
        if done.removed:
            message = ngettext(
                "Backed up into {path} ({size}, checked); {n} old backup rotated out.",
                "Backed up into {path} ({size}, checked); {n} old backups rotated out.",
                len(done.removed),
            )
        else:
            message = _("Backed up into {path} ({size}, checked).")
        print(message.format(path=done.path, size=_size(done.size), n=len(done.removed)))
    return 0


def _may_restore(target: str, args: argparse.Namespace) -> None:
    """Restoring is the owner's once the shop has staff. A missing file has no staff; a
    damaged one cannot say, and restoring is how it is mended."""
    if "://" not in target and not Path(target).expanduser().exists():
        return
    try:
        db = _db(args)
    except DatabaseDamaged:
        return
    try:
        require(db, Permission.RESTORE)
    finally:
        db.dispose()


def restore(args: argparse.Namespace) -> int:
    target = settings.database_target(args.db)
    _may_restore(target, args)
    if "://" in target:  # PostgreSQL: pg_restore
        from shopkeeper.cli.db import restore_pg

        return restore_pg(args, target)
    risk = backups.restore_risk(target, backups.check_backup_file(args.file).path)
    if risk.needs_consent and not args.yes:
        raise NotAllowed(
            join_sentences(
                [
                    backups.describe_risk(risk),
                    _(
                        "Nothing was changed; add --yes to restore it anyway (the database as "
                        "it is now is kept beside it)."
                    ),
                ]
            )
        )
    done = backups.restore_backup(target, args.file, confirmed=args.yes)
    checked = settled(done.target, args.file, revision=done.revision, customers=done.customers)
    done = replace(done, verification=checked)
    if args.json:
        _emit(done)
    else:
        print(
            _("Restored {source} ({n} customers) into {target}.").format(
                source=done.source, n=done.customers, target=done.target
            )
        )
        if done.kept_aside:
            print(_("The database as it was is kept as {path}.").format(path=done.kept_aside))
        if not done.verification.intact:
            print(restored_warning(done.verification))
    return 0


def settled(
    target: str | Path, source: str | Path, *, revision: str, customers: int
) -> integrity.Verification:
    """Open the restored shop (an older schema is upgraded), check its chains and record the
    restore in its audit log (``backups.settle_restore``)."""
    db = open_database(target)
    try:
        return backups.settle_restore(db, source, revision=revision, customers=customers)
    finally:
        db.dispose()


# --- privacy --------------------------------------------------------------------------------


def privacy_export(args: argparse.Namespace) -> int:
    path = privacy.export_customer_data(_db(args), args.card, args.out)
    if args.json:
        _emit({"file": str(path)})
    else:
        print(
            _("Everything held about customer {card} is in {path}.").format(
                card=args.card, path=path
            )
        )
    return 0


def privacy_erase(args: argparse.Namespace) -> int:
    if not args.yes:
        raise NotAllowed(
            _(
                "Erasing customer {card} cannot be undone; add --yes to confirm "
                "(export their data first if they asked for a copy)."
            ).format(card=args.card)
        )
    done = privacy.erase_customer(_db(args), args.card, confirmed=True)
    if args.json:
        _emit(done)
    else:
        print(
            _(
                "Customer {card} erased: now {name}; deleted: {notes}; kept without personal "
                "data: {visits}, {entries}. Backups taken before keep the old data until "
                "rotation deletes them."
            ).format(
                card=args.card,
                name=repr(done.placeholder_name),
                notes=ngettext("{n} note", "{n} notes", done.notes_deleted).format(
                    n=done.notes_deleted
                ),
                visits=ngettext("{n} visit", "{n} visits", done.visits_kept).format(
                    n=done.visits_kept
                ),
                entries=ngettext(
                    "{n} ledger entry", "{n} ledger entries", done.ledger_entries_kept
                ).format(n=done.ledger_entries_kept),
            )
        )
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``import``, ``export``, ``backup``, ``restore`` and ``privacy`` to the main parser."""

    def command(parent, name: str, handler, help_text: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = parent.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command(sub, "import", import_customers, _("import customers from a CSV or XLSX file"))
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--mapping",
        nargs="+",
        action="extend",
        metavar="FIELD=COLUMN",
        help=_("which column holds a field, by header or number, e.g. phone=Telefonas name=2 "
        "(fields: name, first_name, last_name, phone, email, birthday, card, points, visits, "
        "notes, address, address2, postal_code, city, region, country)"),
    )
    p.add_argument("--encoding", choices=ENCODINGS, help=_("override the detected encoding"))
    p.add_argument("--delimiter", help=_("override the detected separator: comma, semicolon, tab"))
    p.add_argument(
        "--dry-run", action="store_true", help=_("show what would happen; write nothing")
    )
    p.add_argument(
        "--phone-country",
        metavar="CC",
        help=_("the country of the file's national phone numbers (default: the shop's)"),
    )
    p.add_argument(
        "--conflicts",
        choices=("new", "skip", "update", "keep"),
        default="new",
        help=_("a row whose card, phone or e-mail is another customer's here, with another name "
        "and contacts: a new customer with a new card (default), skip it, or take it as that "
        "customer (update: apply the file's values; keep: fill empty fields only)"),
    )
    p.add_argument(
        "--changes",
        choices=("keep", "update"),
        default="keep",
        help=_("stored values that differ from the file's: keep them (default) or update them "
        "(a different balance is corrected by a ledger entry)"),
    )
    p.add_argument(
        "--decide",
        nargs="+",
        action="extend",
        metavar="ROW=ACTION",
        help=_("one row's choice by its row number: new, skip, keep or update (e.g. 7=skip)"),
    )
    p.add_argument(
        "--rejected",
        metavar="FILE.csv",
        help=_("where to write the rejected rows "
        "(default: FILE-rejected.csv beside the file, when rows are rejected)"),
    )

    group = sub.add_parser("export", help=_("export customers, visits, the ledger or everything"))
    esub = group.add_subparsers(dest="what", metavar="WHAT", required=True)
    for what, help_text in (
        ("customers", _("every customer with their figures (.csv or .xlsx)")),
        ("visits", _("every visit (.csv or .xlsx)")),
        ("ledger", _("every points ledger entry (.csv or .xlsx)")),
        ("database", _("the whole database as one SQLite file, copied safely")),
    ):
        p = command(esub, what, export_data, help_text)
        p.add_argument("--out", required=True, metavar="FILE")

    p = command(sub, "backup", backup, _("back up the database now (checked, rotated)"))
    p.add_argument("--out", metavar="FILE", help=_("into this file instead of the backup folder"))
    p.add_argument("--list", action="store_true", help=_("list the backups instead"))
    p.add_argument("--folder", metavar="DIR", help=_("keep backups in this folder from now on"))
    p.add_argument("--default-folder", action="store_true", help=_("back to the default folder"))
    p = command(
        sub, "restore", restore, _("replace the database with a backup (checked first)")
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--yes",
        action="store_true",
        help=_("confirm a restore that loses data: another shop's file, or bookings made since"),
    )

    group = sub.add_parser("privacy", help=_("a customer's copy of their data, or erasure"))
    psub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = command(
        psub, "export", privacy_export, _("everything held about a customer, in one file")
    )
    p.add_argument("card")
    p.add_argument("--out", required=True, metavar="FILE", help=_(".json, .html or .txt"))
    p = command(
        psub, "erase", privacy_erase, _("anonymise a customer for good (needs --yes)")
    )
    p.add_argument("card")
    p.add_argument("--yes", action="store_true", help=_("confirm: this cannot be undone"))

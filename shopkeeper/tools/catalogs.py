"""The translation catalogs, kept by one command (Babel underneath):

    python -m shopkeeper.tools.catalogs extract   # source -> shopkeeper/locale/shopkeeper.pot
    python -m shopkeeper.tools.catalogs update    # .pot -> lt, zh_Hans, zh_Hant .po (no fuzzy)
    python -m shopkeeper.tools.catalogs fill      # i18n/fragments/*.json -> the .po files
    python -m shopkeeper.tools.catalogs compile   # .po -> .mo (committed, shipped in the wheel)
    python -m shopkeeper.tools.catalogs check     # complete, no fuzzy, every message, .mo fresh
    python -m shopkeeper.tools.catalogs all       # the five in that order

Translations are delivered as JSON fragments (one file per branch, see ``i18n/README``) and
merged here: a fragment is checked (its placeholders are the msgid's, its plural count fits the
language) before anything is written, so a wrong entry never reaches a catalog.
"""

from __future__ import annotations

import argparse
import io
import json
import string
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from shopkeeper.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, catalog_name

ROOT = LOCALE_DIR.parent.parent  # the source tree holding babel.cfg and i18n/
CONFIG = ROOT / "babel.cfg"
FRAGMENTS = ROOT / "i18n" / "fragments"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# The project's marking functions (``shopkeeper.i18n``) and the arguments holding the text.
KEYWORDS: dict[str, object] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("TRANSLATORS:",)
PLURAL_FORMS = {
    "lt": (
        3,
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2)",
    ),
    "zh_Hans": (1, "0"),
    "zh_Hant": (1, "0"),
}
HEADER = {
    "project": "Shopkeeper",
    "version": "0.1",
    "copyright_holder": "the Shopkeeper contributors",
    "msgid_bugs_address": "the project's issue tracker",
    "last_translator": "the Shopkeeper contributors",
}
CATALOGS = tuple(catalog_name(tag) for tag in LANGUAGES if tag != SOURCE_LANGUAGE)
Key = tuple[str, str | None]  # (msgid, msgctxt)


def po_path(name: str) -> Path:
    return LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(name: str) -> Path:
    return po_path(name).with_suffix(".mo")


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (msgid, message.context)


def _label(key: Key) -> str:
    msgid, context = key
    return f"{context}|{msgid}" if context else msgid


# -- extract ------------------------------------------------------------------------------------


def extract(root: Path = ROOT) -> Catalog:
    """Every marked message of the source, as Babel finds it with the project's keywords."""
    if (root / CONFIG.name).exists():
        with open(root / CONFIG.name, encoding="utf-8") as handle:
            method_map, options_map = parse_mapping_cfg(handle)
    else:
        method_map, options_map = [("shopkeeper/**.py", "python")], {}
    template = Catalog(fuzzy=False, charset="utf-8", **HEADER)
    found = extract_from_dir(
        root,
        method_map,
        options_map,
        keywords=KEYWORDS,  # type: ignore[arg-type]
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, name: str) -> Catalog:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=name, domain=DOMAIN)
    _set_plurals(catalog, name)
    return catalog


def _set_plurals(catalog: Catalog, name: str) -> None:
    count, expression = PLURAL_FORMS[name]
    catalog.mime_headers = [("Plural-Forms", f"nplurals={count}; plural={expression};")]


def write_template(root: Path = ROOT) -> Catalog:
    template = extract(root)
    _write(template, TEMPLATE)
    return template


# -- update -------------------------------------------------------------------------------------


def update(template: Catalog | None = None) -> None:
    """Bring each catalog in line with the template: new messages empty, gone ones dropped,
    never a fuzzy guess (a guess shipped as a translation would be worse than English)."""
    if template is None:
        with open(TEMPLATE, "rb") as handle:
            template = read_po(handle)
    for name in CATALOGS:
        path = po_path(name)
        if path.exists():
            catalog = _read(path, name)
        else:
            catalog = Catalog(locale=name, domain=DOMAIN, fuzzy=False, **HEADER)
            catalog.language_team = f"Shopkeeper {name}"
            catalog.revision_date = template.creation_date
            _set_plurals(catalog, name)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.fuzzy = False
        for message in catalog:
            if message.id and message.fuzzy:
                message.flags.discard("fuzzy")
                message.string = ("",) * catalog.num_plurals if message.pluralizable else ""
        _write(catalog, path)


# -- fill ---------------------------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    """The ``{names}`` of a ``str.format`` text; ValueError for unbalanced braces."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@dataclass
class FillReport:
    problems: list[str] = field(default_factory=list)  # refused entries: nothing written
    extra: list[str] = field(default_factory=list)  # in a fragment, not in the source
    missing: dict[str, list[str]] = field(default_factory=dict)  # catalog -> untranslated

    @property
    def ok(self) -> bool:
        return not self.problems


def check_entry(entry: dict, name: str, count: int) -> list[str]:
    """What is wrong with one fragment entry's translation into ``name`` (empty: fine)."""
    msgid, plural = entry.get("msgid"), entry.get("msgid_plural")
    label = _label((msgid, entry.get("msgctxt")))
    value = entry.get(name)
    if value is None:
        return []  # reported as missing once merged
    try:
        wanted = placeholders(msgid) | (placeholders(plural) if plural else set())
    except ValueError:
        return [f"{label!r}: the msgid has unbalanced braces"]
    if plural:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"{label!r} [{name}]: a plural entry needs a list of {count} texts"]
        if len(value) != count:
            return [f"{label!r} [{name}]: {len(value)} plural forms, the language has {count}"]
        texts = value
    else:
        if not isinstance(value, str):
            return [f"{label!r} [{name}]: a text is expected"]
        texts = [value]
    problems = []
    for text in texts:
        if not text.strip():
            problems.append(f"{label!r} [{name}]: empty translation")
            continue
        try:
            got = placeholders(text)
        except ValueError:
            problems.append(f"{label!r} [{name}]: unbalanced braces in {text!r}")
            continue
        if got != wanted:
            problems.append(
                f"{label!r} [{name}]: placeholders {sorted(got)} differ from {sorted(wanted)}"
            )
    return problems


def read_fragments(folder: Path = FRAGMENTS) -> tuple[list[tuple[str, dict]], list[str]]:
    entries: list[tuple[str, dict]] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problems.append(f"{path.name}: not readable JSON ({error})")
            continue
        if not isinstance(data, list):
            problems.append(f"{path.name}: a list of entries is expected")
            continue
        for entry in data:
            if not isinstance(entry, dict) or not isinstance(entry.get("msgid"), str):
                problems.append(f"{path.name}: an entry without a msgid: {entry!r:.80}")
                continue
            entries.append((path.name, entry))
    return entries, problems


def fill(folder: Path = FRAGMENTS) -> FillReport:
    """Merge every fragment into the catalogs; a catalog is written only if no entry for it was
    refused. Two fragments translating one message differently are refused too."""
    report = FillReport()
    entries, report.problems = read_fragments(folder)
    catalogs = {name: _read(po_path(name), name) for name in CATALOGS}
    known = {_key(m) for m in catalogs[CATALOGS[0]] if m.id}
    chosen: dict[tuple[str, Key], tuple[str, object]] = {}
    for source, entry in entries:
        key = (entry["msgid"], entry.get("msgctxt"))
        if key not in known:
            report.extra.append(f"{source}: {_label(key)!r}")
            continue
        message = catalogs[CATALOGS[0]].get(*key)
        if bool(entry.get("msgid_plural")) != bool(message and message.pluralizable):
            report.problems.append(f"{source}: {_label(key)!r}: plural or not, as in the source")
            continue
        for name, catalog in catalogs.items():
            problems = check_entry(entry, name, catalog.num_plurals)
            report.problems.extend(f"{source}: {p}" for p in problems)
            if problems or entry.get(name) is None:
                continue
            earlier = chosen.get((name, key))
            if earlier and earlier[1] != entry[name]:
                report.problems.append(
                    f"{source}: {_label(key)!r} [{name}] differs from {earlier[0]}'s translation"
                )
                continue
            chosen[(name, key)] = (source, entry[name])
    if report.ok:
        for (name, key), (_source, value) in chosen.items():
            message = catalogs[name].get(*key)
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
        for name, catalog in catalogs.items():
            _write(catalog, po_path(name))
    for name, catalog in catalogs.items():
        report.missing[name] = [_label(_key(m)) for m in untranslated(catalog)]
    return report


# -- compile and check --------------------------------------------------------------------------


def untranslated(catalog: Catalog) -> list[Message]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.fuzzy or not strings or not all(s and s.strip() for s in strings):
            out.append(message)
    return out


def compiled(name: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, _read(po_path(name), name), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for name in CATALOGS:
        mo_path(name).write_bytes(compiled(name))


def check(root: Path = ROOT) -> list[str]:
    """Everything that keeps the catalogs from shipping: empty, fuzzy or wrong entries, a
    message of the source missing from a catalog, a .mo older than its .po."""
    source = {_key(m) for m in extract(root) if m.id}
    problems: list[str] = []
    for name in CATALOGS:
        path = po_path(name)
        if not path.exists():
            problems.append(f"{name}: no catalog at {path}")
            continue
        catalog = _read(path, name)
        if catalog.num_plurals != PLURAL_FORMS[name][0]:
            problems.append(f"{name}: Plural-Forms header says {catalog.num_plurals} forms")
        present = {_key(m) for m in catalog if m.id}
        problems += [f"{name}: missing {_label(k)!r}" for k in sorted(source - present, key=str)]
        unfinished = {_key(m) for m in untranslated(catalog)}
        problems += [f"{name}: empty or fuzzy {_label(k)!r}" for k in sorted(unfinished, key=str)]
        for message in catalog:
            if not message.id or _key(message) in unfinished:
                continue
            entry = {"msgctxt": message.context}
            if message.pluralizable:
                entry.update(msgid=message.id[0], msgid_plural=message.id[1])
                entry[name] = list(message.string)
            else:
                entry.update(msgid=message.id)
                entry[name] = message.string
            problems += [f"{name}: {p}" for p in check_entry(entry, name, catalog.num_plurals)]
        mo = mo_path(name)
        if not mo.exists() or mo.read_bytes() != compiled(name):
            problems.append(f"{name}: {mo.name} is not compiled from the current .po")
    return problems


# -- the command --------------------------------------------------------------------------------


def _print_fill(report: FillReport) -> None:
    for problem in report.problems:
        print(f"refused: {problem}")
    for extra in report.extra:
        print(f"not in the source (ignored): {extra}")
    for name, missing in report.missing.items():
        print(f"{name}: {len(missing)} message(s) without a translation")
        for label in missing[:50]:
            print(f"  missing: {label!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopkeeper.tools.catalogs")
    parser.add_argument(
        "step", choices=["extract", "update", "fill", "compile", "check", "all"], nargs="+"
    )
    args = parser.parse_args(argv)
    steps: Iterable[str] = (
        ["extract", "update", "fill", "compile", "check"] if "all" in args.step else args.step
    )
    template = None
    for step in steps:
        if step == "extract":
            template = write_template()
            print(f"extract: {len([m for m in template if m.id])} messages -> {TEMPLATE}")
        elif step == "update":
            update(template)
            print(f"update: {', '.join(CATALOGS)}")
        elif step == "fill":
            report = fill()
            _print_fill(report)
            if not report.ok:
                print("fill: nothing written; correct the refused entries")
                return 1
        elif step == "compile":
            compile_all()
            print(f"compile: {', '.join(str(mo_path(n).relative_to(ROOT)) for n in CATALOGS)}")
        elif step == "check":
            problems = check()
            for problem in problems:
                print(problem)
            print(f"check: {'OK' if not problems else f'{len(problems)} problem(s)'}")
            if problems:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

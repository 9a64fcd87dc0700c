#!/usr/bin/env python3
"""Checks the console's translations against the English source (CTest: check_translations).

    check_translations.py --source orchestrator_en.ts orchestrator_de.ts orchestrator_es.ts

Fails (exit 1), naming the file, context and source text, when a translation file
  - has a message the English file lacks, or lacks one it has (run the update_translations target),
  - has an unfinished, empty, vanished or obsolete translation,
  - changes the placeholders (%1 ... %99, %L1, %n), the HTML tags or the presence of a
    mnemonic (&) of its source,
  - has plural forms missing (every %n message needs its language's forms; %n must appear in the
    last one).
The English file is the source and the plural forms' home: its %n messages must be finished too.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

PLACEHOLDER = re.compile(r"%L?(?:[1-9][0-9]?|n)")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Plural forms per language (Qt's numerus rules for the languages the console ships).
PLURAL_FORMS = {"en": 2, "de": 2, "es": 2}


def text_of(element):
    return "" if element is None or element.text is None else element.text


def mnemonics(text):
    return len(re.findall(r"&(?!&)[^\s&;]", text.replace("&&", "")))


def html_tags(text):
    # Qt's "&" mnemonic and entities aside, a tag is <...>; attribute values stay as they are.
    return Counter(TAG.findall(text))


def load(path):
    """{(context, source, comment): (numerus, translation element)}, and the file's language."""
    root = ET.parse(path).getroot()
    messages = {}
    for context in root.iter("context"):
        name = text_of(context.find("name"))
        for message in context.iter("message"):
            key = (name, text_of(message.find("source")), text_of(message.find("comment")))
            messages[key] = (message.get("numerus") == "yes", message.find("translation"))
    language = (root.get("language") or "").split("_")[0]
    return messages, language


def forms_of(translation, numerus):
    if translation is None:
        return []
    if numerus:
        return [text_of(f) for f in translation.findall("numerusform")]
    return [text_of(translation)]


def describe(path, key):
    context, source, comment = key
    where = f"{path}: [{context}] {source!r}"
    return where + (f" ({comment})" if comment else "")


def check_forms(path, key, numerus, translation, language, problems, require_all):
    context, source, _ = key
    state = translation.get("type") if translation is not None else "missing"
    if state in ("unfinished", "vanished", "obsolete", "missing"):
        if require_all or numerus:
            problems.append(f"{describe(path, key)}: {state}")
        return
    forms = forms_of(translation, numerus)
    if numerus:
        wanted = PLURAL_FORMS.get(language)
        if wanted is not None and len(forms) != wanted:
            problems.append(f"{describe(path, key)}: {len(forms)} plural forms, {language} has {wanted}")
            return
    if not forms or any(not f.strip() for f in forms):
        problems.append(f"{describe(path, key)}: empty translation")
        return
    source_placeholders = Counter(PLACEHOLDER.findall(source))
    for form in forms:
        placeholders = Counter(PLACEHOLDER.findall(form))
        if numerus:
            # A singular form may say "one" instead of %n ("jede Minute"); the others keep it.
            placeholders.pop("%n", None)
            expected = Counter({k: v for k, v in source_placeholders.items() if k != "%n"})
        else:
            expected = source_placeholders
        if placeholders != expected:
            problems.append(
                f"{describe(path, key)}: placeholders {sorted(placeholders.elements())} in {form!r},"
                f" the source has {sorted(expected.elements())}")
        if html_tags(form) != html_tags(source):
            problems.append(f"{describe(path, key)}: HTML tags differ in {form!r}")
        if (mnemonics(form) > 0) != (mnemonics(source) > 0):
            problems.append(f"{describe(path, key)}: mnemonic (&) differs in {form!r}")
    if numerus and "%n" in source_placeholders and "%n" not in forms[-1]:
        problems.append(f"{describe(path, key)}: the last plural form lacks %n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="the English .ts (source language, plural forms)")
    parser.add_argument("translations", nargs="+", help="the .ts files of the translations")
    args = parser.parse_args()

    problems = []
    source, source_language = load(args.source)
    if not source:
        problems.append(f"{args.source}: no messages")
    for key, (numerus, translation) in source.items():
        if numerus:
            check_forms(args.source, key, numerus, translation, source_language or "en", problems, False)

    for path in args.translations:
        messages, language = load(path)
        for key in source.keys() - messages.keys():
            problems.append(f"{describe(path, key)}: missing (the English file has it)")
        for key in messages.keys() - source.keys():
            problems.append(f"{describe(path, key)}: not in the English file")
        for key, (numerus, translation) in messages.items():
            if key in source and source[key][0] != numerus:
                problems.append(f"{describe(path, key)}: plural in one file, not in the other")
                continue
            check_forms(path, key, numerus, translation, language, problems, True)

    for problem in problems:
        print(problem)
    total = len(source)
    if problems:
        print(f"{len(problems)} problem(s) in the translations of {total} messages "
              "(refresh with the update_translations target, then translate)", file=sys.stderr)
        return 1
    print(f"{total} messages: {', '.join(args.translations)} complete and consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""report --tag-comments: each comment on the Comments sheet gets the needs
it mentions (autonomy, competence, relatedness) in a Need column, from a
keyword list per language. The comments below are written here with the
needs a reader would tag them with (hand-labelled, in English, Finnish
and Swedish, with inflected and compound Finnish and Swedish words, upper
case and UTF-8 capitals, and words that only look like a stem); the sheet
must carry exactly those, with the need names and header of each report
language. Without the flag no Need column appears; with it no other sheet
changes (no new figure about comments anywhere). Env: SDT."""
import json
import os
import random
import tempfile

import openpyxl

from sdtcheck import finish, report, run

INS = "learning-leadership-pulse"
A, C, R = "autonomy", "competence", "relatedness"
NAMES = {"en": {A: "Autonomy", C: "Competence", R: "Relatedness"},
         "fi": {A: "Autonomia", C: "Kyvykkyys", R: "Yhteenkuuluvuus"},
         "sv": {A: "Autonomi", C: "Kompetens", R: "Samhörighet"}}
HEADER = {"en": "Need", "fi": "Tarve", "sv": "Behov"}

# (comment, needs a reader sees in it)
COMMENTS = [
    # English
    ("I would like more freedom to decide how I work.", {A}),
    ("Too much MICROMANAGEMENT from above.", {A}),
    ("Great chances to learn new skills here.", {C}),
    ("My team is supportive and I feel I belong.", {R}),
    ("We need training, and we miss our colleagues since the reorganisation.", {C, R}),
    ("Our goals are explained, so I know why we do this.", {A}),
    ("The coffee machine is broken again.", set()),
    ("Steam from the kitchen reaches the office.", set()),  # "team" inside a word
    ("Stopping and shopping at lunch; a correlation, nothing more.", set()),  # oppi, relation
    # Finnish: inflected and compound forms
    ("Saan tehdä työni itsenäisesti ja se on hienoa.", {A}),
    ("Enemmän vapautta päättää omista aikatauluista.", {A}),
    ("Osaamiseni kehittyy, kun saan uusia haasteita.", {C}),
    ("Haluaisin oppia lisää ja saada koulutusta.", {C}),
    ("Työyhteisö on lämmin ja tiimissä on hyvä henki.", {R}),
    ("ITSENÄINEN työ ja projektitiimi toimivat.", {A, R}),
    ("Tulostavoitteet perustellaan hyvin.", {A}),
    ("Kahvi on pahaa.", set()),
    # Swedish: compounds and short stems at word starts
    ("Jag uppskattar att kunna arbeta självständigt.", {A}),
    ("Mer inflytande över schemat, tack.", {A}),
    ("Jag vill lära mig mer och få mer utbildning.", {C}),
    ("Arbetsgemenskapen och samarbetet i teamet är bra.", {R}),
    ("Chefen motiverar målsättningen tydligt.", {A}),
    ("Kaffet är populärt.", set()),  # "lär" inside a word is not learning
    ("SJÄLVSTÄNDIGHET och KOMPETENSUTVECKLING.", {A, C}),
]


def rows():
    rnd = random.Random(3)
    out = []
    for k, (text, _) in enumerate(COMMENTS):
        a = {"q%d" % q: rnd.randint(1, 5) for q in range(1, 19)}
        a["enps"] = rnd.randint(0, 10)
        a["comment"] = text
        out.append({"id": "r%03d" % k, "team": "Org/A", "answers": a})
    return out


def sheet_rows(path, name):
    wb = openpyxl.load_workbook(path, read_only=True)
    return {n: [tuple(r) for r in wb[n].iter_rows(values_only=True)] for n in wb.sheetnames}


def tags_of(cells, lang):
    """{comment: set of needs} from the Comments sheet, and whether the
    header carried the Need column."""
    back = {v: k for k, v in NAMES[lang].items()}
    want_texts = {t for t, _ in COMMENTS}
    got, header = {}, False
    for r in cells:
        if len(r) > 2 and r[2] == HEADER[lang]:
            header = True
        if r and r[0] in want_texts:
            words = [w.strip() for w in (r[2] if len(r) > 2 and r[2] else "").split(",")]
            got[r[0]] = {back.get(w, "?" + w) for w in words if w}
    return got, header


def main():
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.ndjson")
        with open(data, "w", encoding="utf-8") as f:
            for r in rows():
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        for lang in ("en", "fi", "sv"):
            tagged = os.path.join(tmp, "t_%s.xlsx" % lang)
            plain = os.path.join(tmp, "p_%s.xlsx" % lang)
            run("report", "-q", "-i", INS, "--lang", lang, "--tag-comments", "-o", tagged, data)
            run("report", "-q", "-i", INS, "--lang", lang, "-o", plain, data)
            t, p = sheet_rows(tagged, lang), sheet_rows(plain, lang)
            comments = [n for n in t if n in ("Comments", "Kommentit", "Kommentarer")]
            if len(comments) != 1:
                problems.append("%s: no Comments sheet in %r" % (lang, list(t)))
                continue
            got, header = tags_of(t[comments[0]], lang)
            if not header:
                problems.append("%s: no %r header" % (lang, HEADER[lang]))
            for text, want in COMMENTS:
                if got.get(text) != want:
                    problems.append("%s: %r tagged %r, want %r" % (lang, text, got.get(text),
                                                                    sorted(want)))
            off, header_off = tags_of(p[comments[0]], lang)
            if header_off or any(off.values()):
                problems.append("%s: tags without --tag-comments" % lang)
            if len(off) != len(COMMENTS):
                problems.append("%s: %d comments shown without the flag" % (lang, len(off)))
            # nothing else changes: every other sheet cell for cell, but
            # the Method sheet's record of the command line
            def same(rows):
                return [r for r in rows if not any(isinstance(c, str) and "-o " in c
                                                   for c in r)]
            for name in t:
                if name != comments[0] and same(t[name]) != same(p.get(name, [])):
                    problems.append("%s: sheet %s differs with --tag-comments" % (lang, name))
    report("comment-tags (%d comments in en/fi/sv, %d tagged, reports in en, fi and sv)"
           % (len(COMMENTS), sum(1 for _, w in COMMENTS if w)), problems)


main()
finish()

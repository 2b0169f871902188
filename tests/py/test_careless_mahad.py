"""The careless rules `mahalanobis` and `speeders` (--exclude-careless),
against independent computations written here.

mahalanobis, as R's careless package defines it (careless 1.2, R/mahad.R):

    mahad <- function(x, plot = TRUE, flag = FALSE, confidence = 0.99, na.rm = TRUE) {
      complete.na <- apply(x, 1, function(y) all(is.na(y)))     # rows without answers: NA
      maha_data <- as.numeric(psych::outlier(x[!complete.na, ], plot, bad = 0, na.rm = na.rm))
      ...
      cut <- stats::qchisq(confidence, ncol(x))
      flagged <- (d_sq > cut)
    }

and psych::outlier:

    Sx <- cov(x, use = "pairwise")         # each pair over the rows answering both
    Sx.inv <- solve(Sx)
    x <- scale(x, scale = FALSE)           # centred by each column's mean of answers
    D2 <- t(apply(x, 1, function(xx) colSums(xx * Sx.inv, na.rm = TRUE)))
    D2 <- rowSums(D2 * x, na.rm = TRUE)    # a missing answer adds nothing

so D2_r = sum over answered i, j of (x_ri - m_i) Sinv_ij (x_rj - m_j), flagged
when above the chi-square quantile at 0.99 with as many degrees of freedom as
items. Here numpy builds the pairwise covariance pair by pair, inverts it and
takes the quantile from scipy; without missing answers the same D2 is also
scipy's complete-case Mahalanobis distance squared (a second, independent
route). The covariance is over every response the duplicate policy keeps.

speeders: a response faster than 2 seconds an item (Huang et al. 2012, Wood
et al. 2017) is flagged; the duration comes from the map's "duration"
column; an empty cell or one that is not a number of seconds is counted and
never flagged. The duration column is not an attribute and appears nowhere
in the outputs."""
import csv
import json
import os
import tempfile

import numpy as np
from scipy.spatial.distance import mahalanobis as sp_mahalanobis
from scipy.stats import chi2

from sdtcheck import finish, report, run, write_csv

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))



def rating(ins):
    """The rating items: the careless rules leave out an outcome item on its
    own range (eNPS 0-10) and an open comment."""
    return [i for i in ins["items"] if i.get("type", "likert") == "likert"]

def load(instrument):
    with open(os.path.join(TOP, "instruments", instrument + ".json")) as f:
        return json.load(f)


def matrix(ins, rows):
    items = [i["id"] for i in rating(ins)]
    return np.array([[float(r[i]) if r.get(i, "") != "" else np.nan for i in items]
                     for r in rows])


def psych_d2(x):
    """psych::outlier worked in numpy (NaN = missing)."""
    n, k = x.shape
    ok = ~np.isnan(x)
    cov = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            both = ok[:, i] & ok[:, j]
            a, b = x[both, i], x[both, j]
            cov[i, j] = np.sum((a - a.mean()) * (b - b.mean())) / (both.sum() - 1)
    inv = np.linalg.inv(cov)
    c = np.where(ok, x - np.nanmean(x, axis=0), 0.0)
    d2 = np.einsum("ri,ij,rj->r", c, inv, c)
    d2[~ok.any(axis=1)] = np.nan
    return d2, chi2.ppf(0.99, k)


def plant(rows, ins, seed, n_out, missing):
    """Outliers: answers against the scales' structure (each item at random
    at an end of the scale), and some answers blanked."""
    rng = np.random.default_rng(seed)
    lo, hi = ins["response_scale"]["min"], ins["response_scale"]["max"]
    items = [i["id"] for i in rating(ins)]
    for r in rows[:n_out]:
        for i in items:
            r[i] = str(lo if rng.random() < 0.5 else hi)
    for r in rows:
        for i in items:
            if missing and rng.random() < missing:
                r[i] = ""
    return rows


def rejects(path):
    with open(path) as f:
        return {r["id"]: r["reason"] for r in csv.DictReader(f)}


def check_d2(instrument, seed, missing):
    ins, problems = load(instrument), []
    with tempfile.TemporaryDirectory() as tmp:
        data, rej = os.path.join(tmp, "d.csv"), os.path.join(tmp, "rej.csv")
        run("simulate", "-i", instrument, "--respondents", "300", "--teams", "5", "--seed",
            str(seed), "--careless", "0", "--missing", "0", "-o", data)
        with open(data) as f:
            rd = csv.DictReader(f)
            fields, rows = rd.fieldnames, list(rd)
        rows = plant(rows, ins, seed, 12, missing)
        write_csv(data, fields, rows)
        p = run("stats", "-i", instrument, "--format", "json", "--exclude-careless",
                "mahalanobis", "--rejects", rej, data)
        got = rejects(rej)
    x = matrix(ins, rows)
    d2, cut = psych_d2(x)
    if not missing:
        # a second route: scipy's Mahalanobis over complete rows
        inv = np.linalg.inv(np.cov(x, rowvar=False))
        m = x.mean(axis=0)
        alt = np.array([sp_mahalanobis(r, m, inv) ** 2 for r in x])
        if not np.allclose(alt, d2, rtol=1e-9, atol=1e-9):
            problems.append("the two numpy routes disagree (test bug)")
    ids = [r["id"] for r in rows]
    want = {ids[k] for k in range(len(rows)) if d2[k] > cut}
    near = [k for k in range(len(rows)) if abs(d2[k] - cut) < 1e-6]
    if near:
        problems.append("a D2 within 1e-6 of the cutoff: the data cannot tell (%r)" % near)
    if set(got) != want:
        problems.append("flagged %d, numpy %d; differ on %r" % (
            len(got), len(want), sorted(set(got) ^ want)[:6]))
    for k, rid in enumerate(ids):
        if rid in got:
            txt = got[rid].split("D2 ")[1].split(" ")
            if abs(float(txt[0]) - d2[k]) > 0.005 or abs(float(txt[2]) - cut) > 0.005:
                problems.append("%s: reason %r, numpy D2 %.4f cut %.4f" % (rid, got[rid],
                                                                         d2[k], cut))
    planted = set(ids[:12])
    # with 40 % of answers missing an outlier has fewer answers to stand out by
    if len(planted & want) < (5 if missing > 0.3 else 8):
        problems.append("only %d of 12 planted outliers beyond the cutoff" % len(planted & want))
    st = json.loads(p.stdout)
    c = st.get("careless", {})
    if c.get("rules") != ["mahalanobis"] or c.get("excluded") != len(want) or \
            c.get("by_rule") != {"mahalanobis": len(want)}:
        problems.append("JSON careless %r" % c)
    if abs(c.get("mahalanobis_cutoff", 0) - cut) > 1e-9 * cut:
        problems.append("cutoff %r, scipy %r" % (c.get("mahalanobis_cutoff"), cut))
    if st["rows"] != len(rows) - len(want):
        problems.append("rows %d, want %d" % (st["rows"], len(rows) - len(want)))
    if "(%d by --exclude-careless: %d mahalanobis)" % (len(want), len(want)) not in p.stderr:
        problems.append("summary: %r" % p.stderr.strip())
    report("careless/mahalanobis %s, %d%% missing (%d flagged of %d, cutoff %.3f, %d "
           "planted found)" % (instrument, int(missing * 100), len(want), len(rows), cut,
                               len(planted & want)), problems)


def check_d2_errors():
    """Standard input cannot be read twice; a constant item has no inverse;
    --partial shards cannot judge against the whole sample."""
    problems = []
    ins = load("bpnsfs-work")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", "bpnsfs-work", "--respondents", "100", "--teams", "3", "--seed", "2",
            "-o", data)
        with open(data) as f:
            text = f.read()
        p = run("stats", "-i", "bpnsfs-work", "--exclude-careless", "mahalanobis",
                "--input-format", "csv", "-", check=False, stdin=text)
        if p.returncode != 2 or "standard input cannot be read twice" not in p.stderr:
            problems.append("stdin: exit %d %r" % (p.returncode, p.stderr))
        p = run("stats", "-i", "bpnsfs-work", "--exclude-careless", "all",
                "--input-format", "csv", "-", check=False, stdin=text)
        if p.returncode != 0 or "mahalanobis left out" not in p.stderr:
            problems.append("stdin with all: exit %d %r" % (p.returncode, p.stderr))
        p = run("stats", "-i", "bpnsfs-work", "--exclude-careless", "mahalanobis",
                "--partial", "-o", os.path.join(tmp, "p.json"), data, check=False)
        if p.returncode != 2 or "whole sample" not in p.stderr:
            problems.append("--partial: exit %d %r" % (p.returncode, p.stderr))
        with open(data) as f:
            rd = csv.DictReader(f)
            fields, rows = rd.fieldnames, list(rd)
        first = rating(ins)[0]["id"]
        for r in rows:
            r[first] = "3"
        write_csv(data, fields, rows)
        p = run("stats", "-i", "bpnsfs-work", "--exclude-careless", "mahalanobis", data,
                check=False)
        if p.returncode == 0 or "item '%s' has no variance" % first not in p.stderr:
            problems.append("constant item: exit %d %r" % (p.returncode, p.stderr))
    report("careless/mahalanobis-refusals", problems)


SPEED_MAP = {"id": "Respondent", "team": "Unit", "duration": "Duration (seconds)"}


def speed_file(tmp, ins):
    """A crafted export: durations fast, slow, empty, text, negative, with a
    decimal comma; the map names the duration column."""
    items = [i["id"] for i in rating(ins)]
    k = len(items)
    rng = np.random.default_rng(5)
    durations = ["%d" % (2 * k - 1), "%d" % (2 * k), "%d" % (2 * k + 1), "", "abc", "-5",
                 "%d,5" % (2 * k - 1), "%d.5" % (2 * k), "1e9", "  ", "12 s", "0"]
    rows = []
    for n in range(60):
        d = durations[n % len(durations)]
        r = {"Respondent": "p%02d" % n, "Unit": "Org/T%d" % (n % 3),
             "Duration (seconds)": d}
        for i in items:
            r[i] = str(int(rng.integers(1, 6)))
        rows.append(r)
    path = os.path.join(tmp, "export.csv")
    write_csv(path, ["Respondent", "Unit", "Duration (seconds)"] + items, rows)
    m = dict(SPEED_MAP, items={i: i for i in items})
    mp = os.path.join(tmp, "map.json")
    with open(mp, "w") as f:
        json.dump(m, f)
    return path, mp, rows, k


def seconds(cell):
    """What counts as seconds: a number (decimal point or comma), not negative."""
    s = cell.strip().replace(",", ".")
    if s == "":
        return "missing"
    try:
        x = float(s)
    except ValueError:
        return "bad"
    return x if x >= 0 and np.isfinite(x) else "bad"


def check_speeders():
    ins, problems = load("bpnsfs-work"), []
    with tempfile.TemporaryDirectory() as tmp:
        path, mp, rows, k = speed_file(tmp, ins)
        rej = os.path.join(tmp, "rej.csv")
        p = run("stats", "-i", "bpnsfs-work", "--map", mp, "--format", "json",
                "--exclude-careless", "speeders", "--rejects", rej, path)
        got = rejects(rej)
        out = p.stdout
        scores = run("score", "-i", "bpnsfs-work", "--map", mp, "-o", "-", path).stdout
        x = os.path.join(tmp, "r.xlsx")
        run("report", "-i", "bpnsfs-work", "--map", mp, "--min-group", "3", "-o", x, path)
        cols = run("validate", "-i", "bpnsfs-work", "--map", mp, path).stdout
        import openpyxl
        cells = [str(c) for ws in openpyxl.load_workbook(x) for row in
                 ws.iter_rows(values_only=True) for c in row if c is not None]
    secs = {r["Respondent"]: seconds(r["Duration (seconds)"]) for r in rows}
    want = {i for i, s in secs.items() if isinstance(s, float) and s < 2 * k}
    missing = sum(1 for s in secs.values() if s == "missing")
    bad = sum(1 for s in secs.values() if s == "bad")
    if set(got) != want:
        problems.append("flagged %r, want %r" % (sorted(got), sorted(want)))
    for i in got:
        if not isinstance(secs.get(i), float):
            problems.append("%s flagged with a duration of %r" % (i, secs.get(i)))
        elif not got[i].startswith("careless responding, speeders: %g s < %g s" %
                                  (secs[i], 2 * k)):
            problems.append("%s: reason %r" % (i, got[i]))
    c = json.loads(out).get("careless", {})
    if c.get("by_rule") != {"speeders": len(want)} or c.get("duration_missing") != missing \
            or c.get("duration_bad") != bad or c.get("speeder_seconds_per_item") != 2:
        problems.append("JSON careless %r (want %d, %d missing, %d bad)" % (c, len(want),
                                                                          missing, bad))
    if "%d without a duration and %d with one that is not a number" % (missing, bad) \
            not in p.stderr:
        problems.append("summary: %r" % p.stderr.strip())
    for name, text in (("stats JSON", out), ("scores", scores)):
        if "Duration" in text or "duration\"" in text.replace("duration_", ""):
            problems.append("the duration column appears in the %s" % name)
    if any("Duration" in c for c in cells):
        problems.append("the duration column appears in the report")
    if "duration: Duration (seconds)" not in cols or "attribute" in cols:
        problems.append("validate's columns: %r" % cols)
    p = run("stats", "-i", "bpnsfs-work", "--exclude-careless", "speeders", path,
            check=False)
    if p.returncode != 2 or "no response duration" not in p.stderr:
        problems.append("without a map: exit %d %r" % (p.returncode, p.stderr))
    report("careless/speeders (%d of %d under %d s; %d missing, %d not a number)" % (
        len(want), len(rows), 2 * k, missing, bad), problems)


def dq_counts(path):
    import openpyxl
    ws = openpyxl.load_workbook(path).worksheets[-3] if False else None
    wb = openpyxl.load_workbook(path)
    ws = wb[[n for n in wb.sheetnames if n in ("Data quality", "Aineiston laatu",
                                               "Datakvalitet")][0]]
    return {str(r[0] if r[0] is not None else r[1]).strip(): r[2]
            for r in ws.iter_rows(min_col=1, max_col=3, values_only=True)
            if isinstance(r[2], (int, float)) and (r[0] or r[1])}


def check_sheet():
    """Data quality sheet, en/fi/sv: the exclusions per rule (each response
    under the first rule it breaks) and the durations not judged."""
    ins, problems = load("bpnsfs-work"), []
    labels = {
        "en": ("Careless responding: an unusual pattern of answers (Mahalanobis D\u00b2)",
               "Careless responding: too fast to have read the questions",
               "No usable response time, so not judged as too fast"),
        "fi": ("Huolimaton vastaaminen: poikkeava vastausten kuvio (Mahalanobiksen D\u00b2)",
               "Huolimaton vastaaminen: vastattu liian nopeasti kysymysten lukemiseen",
               "Ei käyttökelpoista vastausaikaa, joten nopeutta ei arvioitu"),
        "sv": ("Slarviga svar: ovanligt svarsmönster (Mahalanobis D\u00b2)",
               "Slarviga svar: för snabbt för att ha hunnit läsa frågorna",
               "Ingen användbar svarstid, så hastigheten bedömdes inte")}
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", "bpnsfs-work", "--respondents", "240", "--teams", "4", "--seed",
            "11", "--careless", "0", "--missing", "0.05", "-o", data)
        with open(data) as f:
            rd = csv.DictReader(f)
            fields, rows = rd.fieldnames, list(rd)
        rows = plant(rows, ins, 11, 10, 0.0)
        k = len(rating(ins))
        for n, r in enumerate(rows):
            r["secs"] = ["", "x", str(2 * k - 3), "600"][n % 4] if n % 5 else "30"
        write_csv(data, fields + ["secs"], rows)
        mp = os.path.join(tmp, "map.json")
        with open(mp, "w") as f:
            json.dump({"id": "id", "team": "team", "duration": "secs",
                       "items": {i["id"]: i["id"] for i in rating(ins)}}, f)
        got = {}
        for lang in ("en", "fi", "sv"):
            x = os.path.join(tmp, "r_%s.xlsx" % lang)
            p = run("report", "-i", "bpnsfs-work", "--map", mp, "--lang", lang,
                    "--exclude-careless", "mahalanobis,speeders", "-o", x, data)
            got[lang] = dq_counts(x)
    d2, cut = psych_d2(matrix(ins, rows))
    mahad = speed = missing = bad = 0
    for n, r in enumerate(rows):
        s = seconds(r["secs"])
        missing += s == "missing"
        bad += s == "bad"
        if d2[n] > cut:
            mahad += 1
        elif isinstance(s, float) and s < 2 * k:
            speed += 1
    for lang, (lm, ls, ln) in labels.items():
        g = got[lang]
        if g.get(lm) != mahad or g.get(ls) != speed or g.get(ln) != missing + bad:
            problems.append("%s: %r / %r / %r, want %d / %d / %d" % (
                lang, g.get(lm), g.get(ls), g.get(ln), mahad, speed, missing + bad))
    want = "(%d by --exclude-careless: %d mahalanobis, %d speeders)" % (mahad + speed, mahad,
                                                                       speed)
    if want not in p.stderr:
        problems.append("summary %r, want %r" % (p.stderr.strip(), want))
    report("careless/data-quality-sheet en/fi/sv (%d mahalanobis, %d speeders, %d not judged)"
           % (mahad, speed, missing + bad), problems)


check_d2("bpnsfs-work", 21, 0.0)
check_d2("bpnsfs-work", 22, 0.15)
check_d2("learning-leadership-pulse", 23, 0.4)
check_d2_errors()
check_speeders()
check_sheet()
finish()

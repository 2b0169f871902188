#!/usr/bin/python3
"""make mutate: the mutation catalogue (tests/mutations/catalogue.json) run
against the working tree.

Each mutation is a small deliberate bug: an exact text in one file (found
exactly once) and its replacement. For each, in a scratch copy of the
working tree under build/mutate/ (tracked and untracked files, not the
build directories), the text is replaced, the binaries the mutation's
tests need are rebuilt (make rebuilds only what changed), and its tests
run until one fails: the mutation is then killed. A mutation that no test
notices survived. A text that no longer occurs exactly once, or a mutant
that does not build, is an error: the catalogue must move with the code.
At the end every test that killed a mutant runs once on the unmutated
tree: one that fails there too proves nothing, and its kills are errors.

The scratch trees are kept between runs, so their objects are reused;
files are copied only when their content differs, and then with a new
time stamp, so make never trusts an object built from a mutant. A new
scratch tree may start from the working tree's own up-to-date build
(--seed-from build, as make mutate does after building it): its files
are copied with one time stamp, newer than the sources, so make rebuilds
only what a mutation touches.

Tests of a mutation ("tests" in the catalogue, in the order run):
  unit/<dir>            every cmocka binary of tests/unit/<dir>/
  unit/<dir>/<name>     one of them (tests/unit/<dir>/<name>.c)
  golden/<glob>         the golden cases matching the glob
  py/<file>             one Python test file; VAR=value words before it
                        set its environment (AUDIT_CASES=20 py/...)
  all                   make test
With no "tests", make test runs.

Usage: tools/mutate.py [-j N] [--only ID,...] [--tests 'T;T'] [--no-baseline] [--list]
       tools/mutate.py --survey [--only ID,...]   every test on every mutant
Exit status 0 only when every mutation was killed.
"""
import argparse
import fnmatch
import glob
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGUE = os.path.join(ROOT, "tests", "mutations", "catalogue.json")
SCRATCH = os.path.join(ROOT, "build", "mutate")
PY = "/usr/bin/python3"
TIMEOUT = 600  # seconds for one test command; a mutant that hangs is killed

# What a Python test needs built beside the CLI.
PY_TARGETS = {
    "test_abi.py": ["build/libsdtscore.so", "build/libsdtscore.a"],
    "test_api_null.py": ["build/libsdtscore.a"],
    "test_failalloc.py": ["build/alloc/failalloc"],
    "test_fuzz_replay.py": ["build/fuzz/replay_%s" % os.path.basename(f)[5:-2]
                            for f in sorted(glob.glob(os.path.join(ROOT, "tests/fuzz/fuzz_*.c")))],
}


def fail(msg):
    print("mutate: " + msg, file=sys.stderr)
    sys.exit(2)


def text_of(m, key):
    """A catalogue text: a string, or a list of lines joined by newlines."""
    v = m.get(key)
    return "\n".join(v) if isinstance(v, list) else v


# ---- the catalogue ------------------------------------------------------

def parse_test(spec):
    """('unit'|'golden'|'py'|'all', name, env) of one test entry."""
    words = spec.split()
    env = {}
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        k, v = words.pop(0).split("=", 1)
        env[k] = v
    if len(words) != 1:
        raise ValueError("test %r: one test per entry" % spec)
    w = words[0]
    if w == "all":
        return ("all", "", env)
    kind, _, name = w.partition("/")
    if kind not in ("unit", "golden", "py") or not name:
        raise ValueError("test %r: unit/..., golden/..., py/... or all" % spec)
    return (kind, name, env)


def unit_binaries(name):
    """build/tests/... binaries of a unit entry, from the sources."""
    if "/" in name:
        srcs = [os.path.join(ROOT, "tests", "unit", name + ".c")]
        srcs = [s for s in srcs if os.path.isfile(s)]
    else:
        srcs = sorted(glob.glob(os.path.join(ROOT, "tests", "unit", name, "test_*.c")))
    return ["build/tests/" + os.path.relpath(s, os.path.join(ROOT, "tests", "unit"))[:-2]
            for s in srcs]


def golden_cases(pattern):
    return sorted(c for c in os.listdir(os.path.join(ROOT, "tests", "golden"))
                  if fnmatch.fnmatchcase(c, pattern) and
                  os.path.isfile(os.path.join(ROOT, "tests", "golden", c, "cmd")))


def check_test(spec):
    """Why a test entry names nothing, or None."""
    try:
        kind, name, _ = parse_test(spec)
    except ValueError as e:
        return str(e)
    if kind == "unit" and not unit_binaries(name):
        return "no unit test %s" % name
    if kind == "golden" and not golden_cases(name):
        return "no golden case matches %s" % name
    if kind == "py" and not os.path.isfile(os.path.join(ROOT, "tests", "py", name)):
        return "no tests/py/%s" % name
    return None


def load():
    """The catalogue, each mutation checked against today's files."""
    with open(CATALOGUE, encoding="utf-8") as f:
        cat = json.load(f)
    muts, problems, ids = cat["mutations"], [], set()
    for m in muts:
        mid = m.get("id", "?")
        for key in ("id", "file", "find", "replace", "breaks"):
            if not m.get(key) and m.get(key) != "":
                problems.append("%s: no %s" % (mid, key))
        if mid in ids:
            problems.append("%s: id used twice" % mid)
        ids.add(mid)
        path = os.path.join(ROOT, m.get("file", ""))
        if not os.path.isfile(path):
            problems.append("%s: no file %s" % (mid, m.get("file")))
            continue
        with open(path, encoding="utf-8") as f:
            n = f.read().count(text_of(m, "find"))
        if n != 1:
            problems.append("%s: its text occurs %d times in %s (must be once)"
                            % (mid, n, m["file"]))
        if text_of(m, "find") == text_of(m, "replace"):
            problems.append("%s: the replacement is the text itself" % mid)
        for t in m.get("tests", []):
            why = check_test(t)
            if why:
                problems.append("%s: %s" % (mid, why))
    return muts, problems


# ---- scratch trees ------------------------------------------------------

def source_files():
    """The working tree: tracked and untracked files, not ignored ones."""
    out = subprocess.run(["git", "ls-files", "-z", "-c", "-o", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, check=True).stdout
    return sorted({p for p in out.decode().split("\0")
                   if p and os.path.isfile(os.path.join(ROOT, p))})


def same(a, b):
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def sync(dest, files):
    """dest = the working tree's files; a file is written (with a new time
    stamp) only when its content differs, so objects stay valid exactly
    when their sources are the same."""
    keep = set(files)
    for p in files:
        src, dst = os.path.join(ROOT, p), os.path.join(dest, p)
        if os.path.isfile(dst) and same(src, dst):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        shutil.copymode(src, dst)
    for d, dirs, fs in os.walk(dest):
        rel = os.path.relpath(d, dest)
        if rel == "build" or rel.startswith("build" + os.sep):
            dirs[:] = []
            continue
        for f in fs:
            p = os.path.normpath(os.path.join(rel, f))
            if p not in keep:
                os.remove(os.path.join(d, f))


def copy_build(src, dst):
    """The working tree's build, as of now: objects, libraries, binaries.
    One time stamp for all, after the sources were written."""
    skip = shutil.ignore_patterns("mutate*", "prefix", "*.xlsx", "*.log")
    shutil.copytree(src, dst, symlinks=True, ignore=skip, copy_function=shutil.copy)
    now = time.time()
    for d, _, fs in os.walk(dst):
        for f in fs:
            if not os.path.islink(os.path.join(d, f)):
                os.utime(os.path.join(d, f), (now, now))


def clean_env(tree, extra=None):
    """The tests' environment in a scratch tree, without the calling make's
    flags (WERROR=1 would fail a mutant for a warning, -j its jobserver)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env.update(SDT=os.path.join(tree, "build", "sdtscore"),
               SHARED=os.path.abspath(os.path.join(ROOT, os.environ.get("SHARED", "../shared"))),
               B="build")
    env.update(extra or {})
    return env


def make(tree, targets, jobs):
    env = clean_env(tree)
    return subprocess.run(["make", "-j%d" % jobs, "SHARED=" + env["SHARED"], "WERROR=0"]
                          + targets, cwd=tree, env=env, capture_output=True, text=True)


# ---- running tests ------------------------------------------------------

def targets_of(tests):
    t = ["build/sdtscore"]
    for spec in tests:
        kind, name, _ = parse_test(spec)
        if kind == "unit":
            t += unit_binaries(name)
        elif kind == "py":
            t += PY_TARGETS.get(name, [])
        elif kind == "all":
            t.append("all")
    return sorted(set(t))


def run_test(tree, spec, every=False):
    """None when the test passes, else a short reason (the mutant is killed);
    every: the list of every FAIL line instead."""
    kind, name, extra = parse_test(spec)
    env = clean_env(tree, extra)
    if kind == "unit":
        cmds = [([os.path.join(tree, b)], os.path.join(tree, "tests")) for b in unit_binaries(name)]
    elif kind == "golden":
        env["GOLDEN_CASES"] = " ".join(golden_cases(name))
        cmds = [(["sh", "tests/run_golden.sh"], tree)]
    elif kind == "py":
        cmds = [([PY, os.path.join("tests", "py", name)], tree)]
    else:
        cmds = [(["make", "-j1", "SHARED=" + env["SHARED"], "WERROR=0", "test"], tree)]
    found = []
    for argv, cwd in cmds:
        try:
            p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            found.append("%s: no result in %d s" % (spec, TIMEOUT))
            continue
        fails = [ln[:200] for ln in p.stdout.splitlines() if ln.startswith("FAIL")]
        if not fails and p.returncode != 0:
            tail = (p.stdout + p.stderr).strip().splitlines()[-1:] or [""]
            fails = ["%s: %s exited %d %s" % (spec, argv[0], p.returncode, tail[0][:150])]
        found += fails
        if found and not every:
            break
    return found if every else (found[0] if found else None)


# ---- one worker ---------------------------------------------------------

class Worker:
    def __init__(self, k, files, jobs):
        self.tree = os.path.join(SCRATCH, "w%d" % k)
        self.files = files
        self.jobs = jobs

    def prepare(self, targets, seed):
        os.makedirs(self.tree, exist_ok=True)
        sync(self.tree, self.files)
        if seed and not os.path.exists(os.path.join(self.tree, "build")):
            copy_build(seed, os.path.join(self.tree, "build"))
        p = make(self.tree, targets, self.jobs)
        if p.returncode != 0:
            fail("the unmutated tree does not build:\n" + (p.stdout + p.stderr)[-2000:])

    def mutate(self, m, survey=None):
        """('killed', by) / ('survived', '') / ('error', why); survey: run
        these tests, every one, and report every failure."""
        path = os.path.join(self.tree, m["file"])
        with open(path, encoding="utf-8") as f:
            orig = f.read()
        find, repl = text_of(m, "find"), text_of(m, "replace")
        if orig.count(find) != 1:
            return ("error", "its text occurs %d times" % orig.count(find))
        tests = survey or m.get("tests") or ["all"]
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig.replace(find, repl))
            p = make(self.tree, targets_of(tests), self.jobs)
            if p.returncode != 0:
                err = [ln for ln in (p.stdout + p.stderr).splitlines() if "error" in ln]
                return ("error", "the mutant does not build: " + (err[:1] or ["?"])[0][:200])
            if survey:
                found = [f for spec in tests for f in run_test(self.tree, spec, True)]
                return ("killed", "\n    ".join([""] + found), None) if found else \
                    ("survived", "")
            for spec in tests:
                why = run_test(self.tree, spec)
                if why:
                    return ("killed", why, spec)
            return ("survived", "")
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig)


def in_parallel(workers, fn):
    th = [threading.Thread(target=fn, args=(w,)) for w in workers]
    for t in th:
        t.start()
    for t in th:
        t.join()


def drain(q):
    """The next item of a queue shared by the workers, or None."""
    try:
        return q.get_nowait()
    except queue.Empty:
        return None


def verify(workers, results):
    """Each test that killed a mutant passes on the unmutated tree (the
    workers restored theirs): a test that fails anyway would kill every
    mutant and prove nothing. Such kills become errors."""
    killers = {}
    for mid, r in results.items():
        if r[0] == "killed" and r[2]:
            killers.setdefault(r[2], []).append(mid)
    q, bad = queue.Queue(), {}
    for spec in sorted(killers):
        q.put(spec)

    def work(w):
        p = make(w.tree, targets_of(list(killers)), w.jobs)
        if p.returncode != 0:
            fail("the unmutated tree does not build:\n" + (p.stdout + p.stderr)[-2000:])
        for spec in iter(lambda: drain(q), None):
            why = run_test(w.tree, spec)
            if why:
                bad[spec] = why

    in_parallel(workers, work)
    for spec, why in bad.items():
        for mid in killers[spec]:
            results[mid] = ("error", "killed by %s, which fails without a mutation too: %s"
                            % (spec, why))
    return len(killers)


def survey_tests():
    """Every test there is, for --survey (the auditor on 30 organisations)."""
    return (["unit/" + d for d in sorted(os.listdir(os.path.join(ROOT, "tests", "unit")))
             if unit_binaries(d)] + ["golden/*"] +
            ["AUDIT_CASES=30 py/" + os.path.basename(f) if f.endswith("disclosure.py")
             else "py/" + os.path.basename(f)
             for f in sorted(glob.glob(os.path.join(ROOT, "tests", "py", "test_*.py")))])


def arguments():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("MUTATE_JOBS", "2")),
                    help="mutants tested at once, each in its own scratch tree")
    ap.add_argument("--only", help="comma-separated mutation ids (or globs)")
    ap.add_argument("--no-baseline", action="store_true",
                    help="do not check that the tests that killed pass without mutation")
    ap.add_argument("--scratch", help="the scratch trees' directory (default build/mutate)")
    ap.add_argument("--seed-from", help="a new scratch tree starts from this build directory "
                                         "of the working tree (it must be up to date)")
    ap.add_argument("--list", action="store_true", help="list the catalogue and stop")
    ap.add_argument("--tests", help="run these tests (';'-separated, as in the catalogue) "
                                     "instead of each mutation's own")
    ap.add_argument("--survey", action="store_true",
                    help="run every test on every mutant and list each failure "
                         "(to choose a mutation's tests)")
    return ap.parse_args()


def selected(a):
    """The catalogue's mutations that --only and --tests leave."""
    muts, problems = load()
    if problems:
        fail("the catalogue does not apply to the code:\n  " + "\n  ".join(problems))
    if a.only:
        pats = a.only.split(",")
        muts = [m for m in muts if any(fnmatch.fnmatchcase(m["id"], p) for p in pats)]
    if a.tests:
        override = [t.strip() for t in a.tests.split(";") if t.strip()]
        for t in override:
            if check_test(t):
                fail(check_test(t))
        muts = [dict(m, tests=override) for m in muts]
    return muts


def run_mutations(workers, muts, survey):
    q, results, lock = queue.Queue(), {}, threading.Lock()
    for m in muts:
        q.put(m)

    def work(w):
        for m in iter(lambda: drain(q), None):
            t0 = time.time()
            res = w.mutate(m, survey)
            with lock:
                results[m["id"]] = res
                word = {"killed": "KILLED", "survived": "SURVIVED", "error": "ERROR"}[res[0]]
                detail = res[1] if res[0] != "survived" else m["breaks"]
                print("%-8s %s (%.0f s): %s" % (word, m["id"], time.time() - t0, detail),
                      flush=True)

    in_parallel(workers, work)
    return results


def main():
    a = arguments()
    global SCRATCH
    if a.scratch:
        SCRATCH = os.path.abspath(a.scratch)
    start = time.time()
    muts = selected(a)
    if a.list:
        for m in muts:
            print("%-34s %-28s %s" % (m["id"], m["file"], m["breaks"]))
        return 0
    survey = survey_tests() if a.survey else None
    tests = survey or sorted({t for m in muts for t in (m.get("tests") or ["all"])})
    n = max(1, min(a.jobs, len(muts)))
    workers = [Worker(k, source_files(), 1 if n > 1 else 2) for k in range(n)]
    seed = os.path.abspath(a.seed_from) if a.seed_from else None
    in_parallel(workers, lambda w: w.prepare(targets_of(tests), seed))
    print("mutate: %d mutations, %d scratch trees, built in %.0f s"
          % (len(muts), n, time.time() - start), flush=True)
    results = run_mutations(workers, muts, survey)
    if not a.no_baseline and not survey:
        t0 = time.time()
        k = verify(workers, results)
        print("mutate: the %d tests that killed were run without mutation (%.0f s)"
              % (k, time.time() - t0), flush=True)
    killed = sum(r[0] == "killed" for r in results.values())
    survived = [i for i, r in results.items() if r[0] == "survived"]
    errors = [i for i, r in results.items() if r[0] == "error"]
    for i in survived:
        print("survived: %s" % i)
    for i in errors:
        print("error: %s: %s" % (i, results[i][1]))
    print("%d killed, %d survived%s (%.0f s)" % (
        killed, len(survived), ", %d errors" % len(errors) if errors else "",
        time.time() - start))
    return 1 if survived or errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Replays every fuzz harness (tests/fuzz/fuzz_*.c, built with the normal
compiler as $B/fuzz/replay_<target>) on its committed corpus and on every
crash input found so far (tests/fuzz/crashes/<target>/), so that a bug the
fuzzer found stays fixed. One PASS/FAIL line per target."""
import glob
import os
import subprocess

from sdtcheck import SDT, finish, report

HERE = os.path.dirname(os.path.abspath(__file__))
FUZZ = os.path.join(os.path.dirname(HERE), "fuzz")
B = os.environ.get("B") or os.path.dirname(SDT)


def main():
    targets = sorted(os.path.basename(p)[5:-2]
                     for p in glob.glob(os.path.join(FUZZ, "fuzz_*.c")))
    for t in targets:
        name = "fuzz/" + t
        binary = os.path.join(B, "fuzz", "replay_" + t)
        if not os.path.exists(binary):
            report(name, ["%s is not built (make test builds it)" % binary])
            continue
        p = subprocess.run([binary, t, os.path.join(FUZZ, "corpus", t),
                            os.path.join(FUZZ, "crashes", t)],
                           capture_output=True, text=True)
        if p.returncode == 0 and p.stdout.startswith("PASS"):
            print(p.stdout.strip())
            continue
        # The harness aborts on the first broken promise: the last file
        # named on stderr is the input that broke it.
        last = [l for l in p.stderr.splitlines() if l.startswith("replay: ")]
        why = [l for l in p.stderr.splitlines()
               if not l.startswith("replay: ")][:3]
        report(name, ["exit %d on %s" % (p.returncode,
                                         last[-1][8:] if last else "?")]
               + why)


main()
finish()

"""Compare two `stats --format json` outputs number by number (used by
test_merge.py and test_threads.py): every number within 1e-12 relative
(1e-13 absolute for figures that are zero up to rounding), everything
else equal."""
import math

REL = 1e-12
ABS = 1e-13


def diff(a, b, where="$", out=None):
    """Problems (strings) where a and b differ; also counts numbers."""
    if out is None:
        out = {"problems": [], "numbers": 0}
    if isinstance(a, dict):
        if not isinstance(b, dict) or list(a) != list(b):
            out["problems"].append("%s: keys %s vs %s" % (
                where, list(a), list(b) if isinstance(b, dict) else b))
            return out
        for k in a:
            diff(a[k], b[k], "%s.%s" % (where, k), out)
    elif isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            out["problems"].append("%s: lengths differ" % where)
            return out
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (where, i), out)
    elif isinstance(a, (int, float)) and not isinstance(a, bool):
        out["numbers"] += 1
        if isinstance(b, bool) or not isinstance(b, (int, float)):
            out["problems"].append("%s: %r vs %r" % (where, a, b))
        elif isinstance(a, int) and isinstance(b, int):
            if a != b:
                out["problems"].append("%s: %d vs %d" % (where, a, b))
        elif not (abs(a - b) <= REL * max(abs(a), abs(b)) or abs(a - b) <= ABS):
            out["problems"].append("%s: %.17g vs %.17g (rel %.3g)" % (
                where, a, b, abs(a - b) / max(abs(a), abs(b))))
    elif a != b:
        out["problems"].append("%s: %r vs %r" % (where, a, b))
    return out

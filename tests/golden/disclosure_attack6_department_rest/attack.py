# A department's own members (2) and its hidden team Small (2) beside its
# big team (20, split by --by into 18 onsite and 2 remote): the 4 are
# D - D/Big, or Org - E - D/Big, on every scale, unless a cell is hidden.
import sys
import openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1])["Scores"].iter_rows(values_only=True))
col = {h: k for k, h in enumerate(rows[0])}
cell = {(r[0], r[col["Scale"]]): (r[col["n scored"]], r[col["Mean"]]) for r in rows[1:] if r[0]}
for scale in ("a", "b"):
    routes = [[("Org/D", 1), ("Org/D/Big", -1)],
              [("Org", 1), ("Org/E", -1), ("Org/D/Big", -1)]]
    leaked = None
    for route in routes:
        got = [(cell[g, scale], sign) for g, sign in route]
        if all(isinstance(m, float) for (_, m), _ in got):
            n = sum(sign * c[0] for c, sign in got)
            leaked = sum(sign * c[0] * c[1] for c, sign in got) / n
    print("scale %s %s" % (scale, "leaked: the 4 people's mean %.4f" % leaked
                           if leaked is not None else "blocked"))

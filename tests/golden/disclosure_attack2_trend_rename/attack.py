# Attack 2 of the disclosure issue: wave 1's own report shows D1 with T (23
# people); a trend after T moved to D2 shows wave 1's D1 without T (20):
# T's 3 people = (23 * D1 - 20 * D1 without T) / 3, on every scale.
import sys
import openpyxl
own = list(openpyxl.load_workbook(sys.argv[1])["Scores"].iter_rows(values_only=True))
col = {h: k for k, h in enumerate(own[0])}
trend = list(openpyxl.load_workbook(sys.argv[2])["Trend"].iter_rows(values_only=True))
in_trend = {x[1] for x in trend[1:]}
for r in own[1:]:
    # composites (rows of Scores too) have no Trend rows to subtract
    if r[0] != "Org/D1" or r[col["Scale"]] not in in_trend:
        continue
    t = [x for x in trend[1:] if x[0] == "Org/D1" and x[1] == r[col["Scale"]]]
    if isinstance(r[col["Mean"]], float) and t and isinstance(t[0][2], float):
        print("scale %s leaked: T's mean %.4f" % (r[col["Scale"]],
              (r[col["n scored"]] * r[col["Mean"]] - 20 * t[0][2]) / 3))
    else:
        print("scale %s blocked" % r[col["Scale"]])

# Team T's 4 people who are not onsite (2 remote, 2 hybrid, each hidden)
# = T - T onsite, on the Breakdown sheet, unless a cell is hidden.
import sys
import openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1])["Breakdown work_mode"].iter_rows(values_only=True))
values = [v for v in rows[0][4::2] if v]
cell = {}
for r in rows[2:]:
    if r[0]:
        cell[r[0], r[1], None] = (r[2], r[3])
        for k, v in enumerate(values):
            cell[r[0], r[1], v] = (r[4 + 2 * k], r[5 + 2 * k])
for scale in ("a", "b"):
    (n1, m1), (n2, m2) = cell["Org/T", scale, None], cell["Org/T", scale, "onsite"]
    if isinstance(m1, float) and isinstance(m2, float):
        print("scale %s leaked: the 4 people's mean %.4f" % (scale, (n1 * m1 - n2 * m2) / (n1 - n2)))
    else:
        print("scale %s blocked" % scale)

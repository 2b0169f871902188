# Attack 1 of the disclosure issue, as an attacker with the workbook:
# T2's 4 onsite people = Org onsite - (T1 - T1 remote), on every scale.
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
    need = [cell["Org", scale, "onsite"], cell["Org/T1", scale, None], cell["Org/T1", scale, "remote"]]
    if all(isinstance(m, float) for _, m in need):
        (n1, m1), (n2, m2), (n3, m3) = need
        print("scale %s leaked: T2 onsite mean %.4f" % (scale, (n1 * m1 - (n2 * m2 - n3 * m3)) / 4))
    else:
        print("scale %s blocked" % scale)

# Attack 4: in an anonymised benchmark, a mean stored to 17 digits is a
# fraction k / (items x n) whose denominator gives the organisation's n
# back. The attacker tries every n from 5 to 2000 on each other
# organisation's means and counts how often the true n (from the full
# benchmark, which the consultant keeps) is the smallest fitting one.
# The Organisations sheet lists a block per scale (a heading row, then a
# row per organisation: label, size, mean, ...); the first block is read.
import sys
import openpyxl


def first_block(path):
    rows = []
    for r in openpyxl.load_workbook(path)["Organisations"].iter_rows(min_row=5,
                                                                      values_only=True):
        if all(v is None for v in r):
            if rows:
                break
            continue
        if r[1] is not None:
            rows.append(r)
    return rows


mine = first_block(sys.argv[1])
full = first_block(sys.argv[2])
rows = [r for r in mine if isinstance(r[0], str) and r[0].startswith("Organisation ")]
client = next(r[0] for r in mine if isinstance(r[1], int))
true_n = sorted((r for r in full if isinstance(r[1], int) and r[0] != client), key=lambda r: -r[2])
found = 0
for r, t in zip(rows, true_n):
    m = r[2]
    guess = next((n for n in range(5, 2001) if abs(m * 3 * n - round(m * 3 * n)) < 1e-6), None)
    found += guess == t[1]
print("sizes shown: %s" % sorted({str(r[1]) for r in rows}))
print("blocked" if found == 0 else "leaked: %d of %d sizes" % (found, len(rows)))

# Attack 4: in an anonymised benchmark, a mean stored to 17 digits is a
# fraction k / (items x n) whose denominator gives the organisation's n
# back. The attacker tries every n from 5 to 2000 on each other
# organisation's means and counts how often the true n (from the full
# benchmark, which the consultant keeps) is the smallest fitting one.
import sys
import openpyxl
mine = list(openpyxl.load_workbook(sys.argv[1])["Organisations"].iter_rows(values_only=True))
full = list(openpyxl.load_workbook(sys.argv[2])["Organisations"].iter_rows(values_only=True))
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

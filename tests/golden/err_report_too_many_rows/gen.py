# 10 one-item scales, 1 000 composites (pairs of two different scales) and 1 050
# one-person teams: 1 051 groups x 1 010 scale and composite rows need more
# rows than an Excel sheet's 1 048 576.
import json
items = [{"id": "q%d" % i, "reverse": False} for i in range(10)]
scales = [{"id": "s%d" % i, "items": ["q%d" % i], "min_answered": 1} for i in range(10)]
comps = [{"id": "c%d" % k, "scales": ["s%d" % (k % 10), "s%d" % ((k % 10 + 1 + k // 10 % 9) % 10)]}
         for k in range(1000)]
json.dump({"format": "sdtscore-instrument/1", "id": "wide", "version": "1",
           "response_scale": {"min": 1, "max": 5}, "items": items, "scales": scales,
           "composites": comps}, open("wide.json", "w"))
with open("wide.csv", "w") as f:
    f.write("id,team," + ",".join("q%d" % i for i in range(10)) + "\n")
    for t in range(1050):
        f.write("r%d,Org/T%05d,%s\n" % (t, t, ",".join("3" for _ in range(10))))

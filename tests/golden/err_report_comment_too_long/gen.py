# Twelve respondents of one team, every one with an open comment (ten and
# five writers make a list); one comment is 40 000 characters long, more
# than an Excel cell's 32 767.
import random
random.seed(2)
with open("data.csv", "w") as f:
    f.write("id,team," + ",".join("q%d" % k for k in range(1, 19)) + ",enps,comment\n")
    for i in range(12):
        answers = ",".join(str(random.randint(1, 5)) for _ in range(18))
        text = "y" * 40000 if i == 3 else "More time for learning %d" % i
        f.write("r%02d,Org/T1,%s,%d,%s\n" % (i, answers, random.randint(0, 10), text))

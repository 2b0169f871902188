# Twelve respondents in two teams; six give a work mode of 40 000
# characters, more than an Excel cell's 32 767.
import random
random.seed(1)
with open("data.csv", "w") as f:
    f.write("id,team,a1,a2,b1,b2,mode\n")
    for i in range(12):
        f.write("r%d,Org/T%d,%s,%s\n" % (i, i % 2, ",".join(str(random.randint(1, 5)) for _ in range(4)),
                                          "x" * 40000 if i % 2 else "office"))

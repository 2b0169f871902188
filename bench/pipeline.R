# The same pipeline in R, for `make bench`: read the CSV, alpha per scale,
# rwg.j per team and ICC, on the bundled bpnsfs-work layout.
suppressMessages({ library(psych); library(multilevel) })
d <- read.csv(commandArgs(TRUE)[1])
scales <- list(autonomy_satisfaction = c(1, 7, 13, 19), autonomy_frustration = c(2, 8, 14, 20),
               relatedness_satisfaction = c(3, 9, 15, 21), relatedness_frustration = c(4, 10, 16, 22),
               competence_satisfaction = c(5, 11, 17, 23), competence_frustration = c(6, 12, 18, 24))
for (s in names(scales)) {
  items <- d[, paste0("q", scales[[s]])]
  a <- psych::alpha(items, warnings = FALSE)
  score <- rowMeans(items, na.rm = TRUE)
  ok <- !is.na(d$team) & d$team != ""
  r <- multilevel::rwg.j(items[ok, ], d$team[ok], ranvar = 2)
  m <- aov(score[ok] ~ as.factor(d$team[ok]))
  i1 <- multilevel::ICC1(m); i2 <- multilevel::ICC2(m)
}

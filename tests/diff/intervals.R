# tests/diff/intervals.R DIR SICALC QUANTILES -- writes the data of
# tests/diff/intervals.si to DIR, runs SICALC over it, and checks every
# interval against base R, computed here independently: prop.test
# (Wilson, with and without continuity correction), binom.test
# (Clopper-Pearson), qbeta (Jeffreys), poisson.test (exact Poisson, and
# the exact ISR interval), t.test, Byar's closed form, the DSR and
# Dobson's interval written out from Dobson et al. (1991) with qchisq;
# and QUANTILES (tests/diff/quantiles.c, "none" to skip) against qbeta,
# qt and qgamma. Prints one 'ok'/'FAIL' line per comparison with its
# largest relative difference, then 'N passed, N failed'.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; bin <- args[2]; qbin <- args[3]
tol <- 1e-12
pass <- 0; failed <- 0
report <- function(name, d, ok = TRUE) {
  good <- ok && is.finite(d) && d <= tol
  cat(if (good) "ok  " else "FAIL", sprintf("%s: largest relative difference %.3g (%s)\n",
      name, d, if (ok) "1e-12 allowed" else "structure differs"))
  if (good) pass <<- pass + 1 else failed <<- failed + 1
}
rel <- function(got, want) {
  d <- abs(got - want) / pmax(abs(want), 1e-300)
  d[want == 0 & got == 0] <- 0
  if (length(d) == 0) Inf else max(d)
}

# ---- data ----
counts <- data.frame(
  area = rep(sprintf("a%02d", 1:10), each = 2),
  k = c(0, 0, 20, 30, 10, 15, 1, 0, 17, 20, 100, 140, 1, 2, 499, 500, 6000, 6345, 3, 4),
  n = c(20, 30, 20, 30, 20, 30, 500, 500, 60, 60, 400, 600, 3, 4, 500, 500, 50000, 48765, 1000, 2000))
write.csv(counts, file.path(dir, "counts.csv"), row.names = FALSE, quote = FALSE)
set.seed(16)
persons <- data.frame(area = c(rep("b1", 30), rep("b2", 5), rep("b3", 400), "b4"),
                      y = round(c(rnorm(30, 50, 10), rnorm(5, 3, 1), rnorm(400, 1000, 250), 7), 2))
write.csv(persons, file.path(dir, "persons.csv"), row.names = FALSE, quote = FALSE)
bands <- c("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
           "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+")
esp <- c(5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
         5500, 5000, 4000, 2500, 1500, 1000)
ref <- c(0.0002, 0.0001, 0.0001, 0.0002, 0.0003, 0.0003, 0.0004, 0.0006, 0.001, 0.0015,
         0.0025, 0.004, 0.0065, 0.01, 0.016, 0.028, 0.05, 0.09, 0.18)
strata <- do.call(rbind, lapply(1:4, function(i) {
  pop <- sample(2000:9000, 19, replace = TRUE) %/% c(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5, 9)
  deaths <- rpois(19, pop * ref * c(1, 1.4, 0.8, 0.004)[i])
  data.frame(area = sprintf("s%d", i), band = bands, deaths = deaths, pop = pop)
}))
write.csv(strata, file.path(dir, "strata.csv"), row.names = FALSE, quote = FALSE)

# ---- sicalc ----
si <- file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "intervals.si")
out <- file.path(dir, "got.csv")
status <- system2(bin, c(si, file.path(dir, c("counts.csv", "persons.csv", "strata.csv")),
                         "--format", "csv", "-o", out))
if (status != 0) { cat("FAIL sicalc exit status", status, "\n0 passed, 1 failed\n"); quit(status = 1) }
got <- read.csv(out, colClasses = "character", na.strings = character(0))
num <- function(x) ifelse(x == "", NA, as.numeric(x))
rows <- function(ind) got[got$indicator == ind, ]

# ---- proportions and rates (counts) ----
cnt <- read.csv(file.path(dir, "counts.csv"))
agg <- aggregate(cbind(k, n) ~ area, cnt, sum)
agg <- rbind(data.frame(area = "_T", k = sum(cnt$k), n = sum(cnt$n)), agg)
byar <- function(k, level) {
  z <- qnorm(1 - (1 - level) / 2)
  lo <- ifelse(k > 0, k * (1 - 1 / (9 * k) - z / (3 * sqrt(k)))^3, 0)
  c(pmax(lo, 0), (k + 1) * (1 - 1 / (9 * (k + 1)) + z / (3 * sqrt(k + 1)))^3)
}
methods <- list(
  p_wilson = function(k, n) suppressWarnings(prop.test(k, n, correct = FALSE)$conf.int),
  p_wilson_cc = function(k, n) suppressWarnings(prop.test(k, n, correct = TRUE)$conf.int),
  p_wilson_cc90 = function(k, n) suppressWarnings(prop.test(k, n, conf.level = 0.9, correct = TRUE)$conf.int),
  p_clopper_pearson = function(k, n) binom.test(k, n)$conf.int,
  p_clopper_pearson99 = function(k, n) binom.test(k, n, conf.level = 0.99)$conf.int,
  p_jeffreys = function(k, n) c(if (k > 0) qbeta(0.025, k + 0.5, n - k + 0.5) else 0,
                                if (k < n) qbeta(0.975, k + 0.5, n - k + 0.5) else 1),
  r_poisson = function(k, n) 1000 * poisson.test(k, n)$conf.int,
  r_byar = function(k, n) 1000 * byar(k, 0.95) / n,
  r_byar998 = function(k, n) 1000 * byar(k, 0.998) / n)
for (ind in names(methods)) {
  g <- rows(ind)
  g <- g[match(agg$area, g$area), ]
  want <- t(mapply(methods[[ind]], agg$k, agg$n))
  scale <- if (startsWith(ind, "r_")) 1000 else 1
  d <- rel(c(num(g$ci_low), num(g$ci_high), num(g$value)),
           c(want[, 1], want[, 2], scale * agg$k / agg$n))
  report(sprintf("%s (%d rows) vs R", ind, nrow(g)), d, all(!is.na(g$area)))
}

# ---- means: t.test ----
per <- read.csv(file.path(dir, "persons.csv"))
for (ind in c("m_t", "m_t90")) {
  level <- if (ind == "m_t") 0.95 else 0.9
  g <- rows(ind)
  groups <- c(list("_T" = per$y), split(per$y, per$area))
  ok <- TRUE; d <- 0
  for (a in names(groups)) {
    y <- groups[[a]]; r <- g[g$area == a, ]
    if (length(y) < 2) { ok <- ok && r$ci_low == "" && r$ci_high == ""; next }
    want <- t.test(y, conf.level = level)$conf.int
    d <- max(d, rel(c(num(r$ci_low), num(r$ci_high), num(r$value)), c(want, mean(y))))
  }
  report(sprintf("%s (%d rows, one of a single value: no interval) vs t.test", ind, nrow(g)), d, ok)
}

# ---- directly standardised rates: Dobson ----
st <- read.csv(file.path(dir, "strata.csv"))
st$band <- factor(st$band, levels = bands)
groups <- c(list("_T" = aggregate(cbind(deaths, pop) ~ band, st, sum)),
            split(st[, c("band", "deaths", "pop")], st$area))
for (ind in c("dsr_dobson", "dsr_dobson_exact")) {
  g <- rows(ind); ok <- TRUE; d <- 0
  for (a in names(groups)) {
    s <- groups[[a]]; s <- s[order(s$band), ]; r <- g[g$area == a, ]
    w <- esp / sum(esp); O <- sum(s$deaths)
    if (O == 0) { # no events: a DSR of 0 without an interval
      ok <- ok && num(r$value) == 0 && r$ci_low == "" && r$ci_high == ""
      next
    }
    dsr <- sum(w * s$deaths / s$pop)
    v <- sum(w^2 * s$deaths / s$pop^2)
    lim <- if (ind == "dsr_dobson") byar(O, 0.95)
           else c(qchisq(0.025, 2 * O) / 2, qchisq(0.975, 2 * (O + 1)) / 2)
    want <- 1e5 * c(dsr, dsr + sqrt(v / O) * (lim - O))
    ok <- ok && num(r$numerator) == O && num(r$denominator) == sum(s$pop) &&
      grepl("low_count", r$flags) == (ind == "dsr_dobson" && O < 10)
    d <- max(d, rel(c(num(r$value), num(r$ci_low), num(r$ci_high)), want))
  }
  report(sprintf("%s (%d rows; events, population, low_count when events < 10, no interval without events) vs the DSR and Dobson's formula", ind, nrow(g)), d, ok)
}

# ---- indirectly standardised ratios ----
tot <- groups[["_T"]]; tot <- tot[order(tot$band), ]
for (ind in c("isr_byar", "isr_exact_internal")) {
  g <- rows(ind); ok <- TRUE; d <- 0
  rate <- if (ind == "isr_byar") ref else tot$deaths / tot$pop
  for (a in names(groups)) {
    s <- groups[[a]]; s <- s[order(s$band), ]; r <- g[g$area == a, ]
    O <- sum(s$deaths); E <- sum(s$pop * rate)
    if (ind == "isr_exact_internal" && O < 5) {
      ok <- ok && grepl("suppressed", r$flags) && r$value == ""
      next
    }
    if (grepl("suppressed", r$flags)) next  # complementary
    lim <- if (ind == "isr_byar") byar(O, 0.95) else poisson.test(O, E)$conf.int * E
    want <- c(O, E, 100 * O / E, 100 * lim / E)
    d <- max(d, rel(c(num(r$numerator), num(r$denominator), num(r$value), num(r$ci_low), num(r$ci_high)), want))
  }
  report(sprintf("%s (%d rows) vs O/E and %s", ind, nrow(g),
                 if (ind == "isr_byar") "Byar's closed form" else "poisson.test, suppress when sum(deaths) < 5"), d, ok)
}

# ---- quantile functions ----
if (qbin != "none") {
  set.seed(7)
  cases <- list()
  ps <- c(0.0005, 0.001, 0.005, 0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975, 0.995, 0.999, 0.9995)
  for (i in 1:300) cases[[length(cases) + 1]] <- c("b", sample(ps, 1), exp(runif(1, log(0.5), log(1e5))), exp(runif(1, log(0.5), log(1e5))))
  for (i in 1:200) cases[[length(cases) + 1]] <- c("t", sample(ps, 1), exp(runif(1, 0, log(5e4))), 0)
  for (i in 1:200) cases[[length(cases) + 1]] <- c("g", sample(ps, 1), exp(runif(1, log(0.5), log(1e5))), 0)
  m <- do.call(rbind, cases)
  f <- file.path(dir, "q.txt")
  writeLines(apply(m, 1, paste, collapse = " "), f)
  q <- as.numeric(system2(qbin, stdin = f, stdout = TRUE))
  v <- matrix(as.numeric(m[, 2:4]), ncol = 3)
  want <- ifelse(m[, 1] == "b", qbeta(v[, 1], v[, 2], v[, 3]),
                 ifelse(m[, 1] == "t", qt(v[, 1], v[, 2]), qgamma(v[, 1], v[, 2])))
  for (k in c("b", "t", "g")) {
    s <- m[, 1] == k
    report(sprintf("%s (%d points) vs R", c(b = "rt_qbeta", t = "rt_qt", g = "rt_qgamma")[[k]], sum(s)),
           rel(q[s], want[s]), length(q) == nrow(m))
  }
}
cat(sprintf("%d passed, %d failed\n", pass, failed))
quit(status = if (failed) 1 else 0)

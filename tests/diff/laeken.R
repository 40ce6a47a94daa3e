# The R side of tests/diff/laeken.sh.
# Usage: Rscript laeken.R DATA.csv EXPECTED.csv
#
# Writes laeken's eusilc data to DATA.csv with a `year` column: the rows as
# 2006, and a second copy as 2007 with every income column multiplied by
# 1.03 and the weights varied by household (so the two periods differ in
# more than scale). Then reads DATA.csv back (write.csv keeps 15 digits, so
# R must see the same doubles as sicalc) and computes, from the re-read data
# only, every indicator of tests/diff/laeken.si per year, overall, by region
# (db040) and by gender (rb090), with laeken (arpr, arpt, rmpg, gini, qsr,
# weightedQuantile, weightedMedian, eqSS, eqInc), stats (weighted.mean) and
# survey (svymean, svyratio) as oracles.
#
# EXPECTED.csv: indicator, source, year, db040, rb090, value; `_T` marks a
# dimension not broken down, as in sicalc's output; values on sicalc's
# scale (percent for arpr, rmpg, gini, share_65plus).
suppressPackageStartupMessages({
  library(laeken)
  library(survey)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript laeken.R DATA.csv EXPECTED.csv")
data_csv <- args[1]
expected_csv <- args[2]

# --- the data -------------------------------------------------------------
data(eusilc, package = "laeken", envir = environment())
money <- c(grep("^(py|hy)[0-9]+n$", names(eusilc), value = TRUE), "eqIncome")
a <- eusilc
a$year <- 2006L
b <- eusilc
b$year <- 2007L
for (v in money) b[[v]] <- b[[v]] * 1.03
b$rb050 <- b$rb050 * (0.9 + 0.2 * (b$db030 %% 10) / 9)
out <- rbind(a, b)
out <- out[, c("year", setdiff(names(out), "year"))]
write.csv(out, data_csv, row.names = FALSE)

d <- read.csv(data_csv, stringsAsFactors = FALSE)
stopifnot(nrow(d) == 2 * nrow(eusilc), !anyNA(d$eqIncome), !anyNA(d$rb050))
years <- sort(unique(d$year))

# --- collecting the rows --------------------------------------------------
rows <- list()
emit <- function(indicator, source, year, db040, rb090, value) {
  rows[[length(rows) + 1]] <<- data.frame(
    indicator = indicator, source = source, year = year, db040 = db040,
    rb090 = rb090, value = value, stringsAsFactors = FALSE)
}
dims <- c("db040", "rb090")
# A by-stratum data frame (year, stratum, value) into rows.
emit_strata <- function(indicator, source, dim, vbs) {
  for (i in seq_len(nrow(vbs))) {
    emit(indicator, source, vbs$year[i],
         if (dim == "db040") as.character(vbs$stratum[i]) else "_T",
         if (dim == "rb090") as.character(vbs$stratum[i]) else "_T",
         vbs$value[i])
  }
}
# f(subset) for each year overall and each year x group of each dimension.
per_group <- function(indicator, source, f) {
  for (y in years) {
    s <- d[d$year == y, ]
    emit(indicator, source, y, "_T", "_T", f(s))
    for (dim in dims) {
      for (g in sort(unique(s[[dim]]))) {
        emit(indicator, source, y,
             if (dim == "db040") g else "_T",
             if (dim == "rb090") g else "_T",
             f(s[s[[dim]] == g, ]))
      }
    }
  }
}

# --- laeken's indicators, with years and breakdown --------------------------
laeken_ind <- function(indicator, fun, ...) {
  for (dim in dims) {
    r <- fun("eqIncome", weights = "rb050", years = "year", breakdown = dim,
             data = d, ...)
    if (dim == "db040") {  # the yearly totals once
      for (k in seq_along(r$value))
        emit(indicator, "laeken", as.integer(names(r$value)[k]), "_T", "_T",
             unname(r$value[k]))
    }
    emit_strata(indicator, "laeken", dim, r$valueByStratum)
  }
}
laeken_ind("arpr", arpr)
laeken_ind("arpr_50", arpr, p = 0.5)
laeken_ind("rmpg", rmpg)
laeken_ind("gini", gini)
laeken_ind("qsr", qsr)

# arpt: the year's threshold, in every group of that year.
ts <- arpt("eqIncome", weights = "rb050", years = "year", data = d)
per_group("arpt", "laeken", function(s) unname(ts[as.character(s$year[1])]))
per_group("arpt_group", "laeken",
          function(s) 0.6 * weightedMedian(s$eqIncome, s$rb050))

# --- weighted quantiles -----------------------------------------------------
per_group("median", "laeken", function(s) weightedMedian(s$eqIncome, s$rb050))
for (p in c(10, 25, 50, 75, 90)) {
  local({
    pp <- p / 100
    per_group(sprintf("q%d", p), "laeken",
              function(s) weightedQuantile(s$eqIncome, s$rb050, probs = pp))
  })
}
per_group("median_unweighted", "laeken",
          function(s) weightedQuantile(s$eqIncome, probs = 0.5))

# --- means and ratios: stats ------------------------------------------------
per_group("mean_income", "stats", function(s) weighted.mean(s$eqIncome, s$rb050))
per_group("mean_eqss", "stats", function(s) weighted.mean(s$eqSS, s$rb050))
per_group("allowance_ratio", "stats",
          function(s) sum(s$rb050 * s$hy050n) / sum(s$rb050 * s$eqIncome))
per_group("share_65plus", "stats",
          function(s) 100 * sum(s$rb050[s$age >= 65]) / sum(s$rb050))

# --- means and ratios: survey -----------------------------------------------
d$old <- as.numeric(d$age >= 65)
des <- svydesign(ids = ~1, weights = ~rb050, data = d)
survey_ind <- function(indicator, formula, denominator = NULL, scale = 1) {
  bys <- list(`_T` = ~year, db040 = ~year + db040, rb090 = ~year + rb090)
  for (k in names(bys)) {
    r <- if (is.null(denominator))
      svyby(formula, bys[[k]], des, svymean)
    else
      svyby(formula, bys[[k]], des, svyratio, denominator = denominator)
    v <- unname(coef(r))  # the estimates, in the rows' order
    stopifnot(length(v) == nrow(r))
    for (i in seq_len(nrow(r))) {
      emit(indicator, "survey", r$year[i],
           if (k == "db040") r$db040[i] else "_T",
           if (k == "rb090") r$rb090[i] else "_T",
           scale * v[i])
    }
  }
}
survey_ind("mean_income", ~eqIncome)
survey_ind("mean_eqss", ~eqSS)
survey_ind("allowance_ratio", ~hy050n, denominator = ~eqIncome)
survey_ind("share_65plus", ~old, scale = 100)

# --- equivalence scale and equivalised income ---------------------------------
scale <- eqSS("db030", "age", year = "year", data = d)
hplus <- c("hy040n", "hy050n", "hy070n", "hy080n", "hy090n", "hy110n")
hminus <- c("hy130n", "hy145n")
pplus <- c("py010n", "py050n", "py090n", "py100n", "py110n", "py120n",
           "py130n", "py140n")
d$.scale <- scale
inc <- eqInc("db030", hplus, hminus, pplus, character(), ".scale",
             year = "year", data = d)
for (y in years) {
  i <- d$year == y
  emit("eqss_mismatches", "laeken", y, "_T", "_T",
       sum(abs(scale[i] - d$eqSS[i]) > 1e-9))
  emit("eqincome_mismatches", "laeken", y, "_T", "_T",
       sum(abs(inc[i] - d$eqIncome[i]) > 1e-9 * (1 + abs(d$eqIncome[i]))))
}
per_group("mean_oecd_scale", "laeken",
          function(s) weighted.mean(s$.scale, s$rb050))

res <- do.call(rbind, rows)
# 17 significant digits: the comparison is to 1e-9, but keep all we have.
res$value <- sprintf("%.17g", res$value)
write.csv(res, expected_csv, row.names = FALSE)

# The R side of tests/diff/survey.sh: design-based standard errors from R's
# survey package, the oracle of sicalc's `design { ... }` and `se`.
# Usage: Rscript survey.R DIR
#
# Writes into DIR the data (every number as %.17g, so that sicalc reads
# the doubles R used):
#   apistrat.csv   survey::apistrat (stratified by stype, fpc = population
#                  count of schools per stratum)
#   apiclus1.csv   survey::apiclus1 (one-stage cluster sample of districts,
#                  fpc = number of districts)
#   apilonely.csv  apistrat stratified by county (cname), no fpc: strata
#                  with one school, survey.lonely.psu = "adjust"
#   eusilc.csv     laeken::eusilc, households (db030) in regions (db040),
#                  weight rb050, no fpc
# and expected.csv: indicator, dim, group, estimate, se, low, high -- what
# tests/diff/survey.si's indicators must give (dim "overall", or the
# breakdown column and its value), from svytotal, svymean, svyratio,
# svymean of a 0/1 variable (a share), svyby domains and svyquantile
# (Woodruff's interval: se = width / 2 qt(0.975, degf)); low and high,
# where not empty, the t interval with the design's degrees of freedom:
# confint(svymean(...), df = degf(design)) and svyciprop(method = "mean"),
# a domain as subset(design, ...) whose degf counts the domain's PSUs.
suppressPackageStartupMessages({
  library(survey)
  library(laeken)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript survey.R DIR")
dir <- args[1]

write17 <- function(d, name) {
  for (v in names(d)) {
    if (is.factor(d[[v]])) d[[v]] <- as.character(d[[v]])
    if (is.numeric(d[[v]])) {
      x <- sprintf("%.17g", d[[v]])
      x[is.na(d[[v]])] <- ""
      d[[v]] <- x
    }
  }
  write.csv(d, file.path(dir, name), row.names = FALSE, na = "")
}

rows <- list()
emit <- function(indicator, dim, group, estimate, se, low = NA, high = NA) {
  rows[[length(rows) + 1]] <<- data.frame(
    indicator = indicator, dim = dim, group = as.character(group),
    estimate = as.numeric(estimate), se = as.numeric(se),
    low = as.numeric(low), high = as.numeric(high),
    stringsAsFactors = FALSE)
}
# A t interval on the design's degrees of freedom (survey's confint with
# df = degf(design), as svyciprop(method = "mean") computes it).
emit_t <- function(indicator, dim, group, s, d, level = 0.95) {
  ci <- confint(s, level = level, df = degf(d))
  emit(indicator, dim, group, coef(s)[1], SE(s)[1], ci[1, 1], ci[1, 2])
}
emit_ciprop <- function(indicator, dim, group, f, d, level = 0.95) {
  p <- svyciprop(f, d, method = "mean", level = level)
  ci <- attr(p, "ci")
  emit(indicator, dim, group, as.numeric(p), sqrt(attr(p, "var")),
       ci[1], ci[2])
}
emit_stat <- function(indicator, s) {
  emit(indicator, "overall", "", coef(s)[1], SE(s)[1])
}
emit_by <- function(indicator, dim, b) {
  for (i in seq_len(nrow(b))) {
    emit(indicator, dim, b[[dim]][i], coef(b)[i], SE(b)[i])
  }
}

# --- api ------------------------------------------------------------------
data(api, package = "survey", envir = environment())
keep <- c("cds", "stype", "cname", "dnum", "pw", "fpc", "api00", "api99",
          "enroll", "sch.wide")
st <- apistrat[, keep]
names(st)[names(st) == "sch.wide"] <- "sch_wide"
write17(st, "apistrat.csv")
cl <- apiclus1[, keep]
names(cl)[names(cl) == "sch.wide"] <- "sch_wide"
write17(cl, "apiclus1.csv")
write17(st, "apilonely.csv")

st <- read.csv(file.path(dir, "apistrat.csv"), stringsAsFactors = FALSE)
cl <- read.csv(file.path(dir, "apiclus1.csv"), stringsAsFactors = FALSE)
st$yes <- as.numeric(st$sch_wide == "Yes")
cl$yes <- as.numeric(cl$sch_wide == "Yes")

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc,
                    data = st)
emit_stat("st_total_enroll", svytotal(~enroll, dstrat))
emit_stat("st_mean_api00", svymean(~api00, dstrat))
emit_by("st_mean_api00", "stype", svyby(~api00, ~stype, dstrat, svymean))
emit_stat("st_ratio", svyratio(~api00, ~api99, dstrat))
r <- svyby(~api00, ~stype, dstrat, svyratio, denominator = ~api99)
for (i in seq_len(nrow(r)))
  emit("st_ratio", "stype", r$stype[i], coef(r)[i], SE(r)[i])
emit_stat("st_share_yes", svymean(~yes, dstrat))
emit_by("st_share_yes", "stype", svyby(~yes, ~stype, dstrat, svymean))
emit_by("st_total_enroll", "stype", svyby(~enroll, ~stype, dstrat, svytotal))
# a function of two totals: enrolment per school of the population
emit_stat("st_count", svytotal(~I(1 + 0 * api00), dstrat))

dclus <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = cl)
emit_stat("cl_total_enroll", svytotal(~enroll, dclus))
emit_stat("cl_mean_api00", svymean(~api00, dclus))
emit_by("cl_mean_api00", "stype", svyby(~api00, ~stype, dclus, svymean))
emit_stat("cl_share_yes", svymean(~yes, dclus))
emit_by("cl_share_yes", "stype", svyby(~yes, ~stype, dclus, svymean))
emit_stat("cl_ratio", svyratio(~api00, ~api99, dclus))
# ci t: 15 districts in one stratum, 14 degrees of freedom
emit_t("cl_mean_t", "overall", "", svymean(~api00, dclus), dclus)
for (g in sort(unique(cl$stype))) {
  dg <- subset(dclus, stype == g)
  emit_t("cl_mean_t", "stype", g, svymean(~api00, dg), dg)
}
emit_ciprop("cl_share_t", "overall", "", ~yes, dclus, level = 0.9)
for (g in sort(unique(cl$stype)))
  emit_ciprop("cl_share_t", "stype", g, ~yes, subset(dclus, stype == g),
              level = 0.9)
emit_t("cl_ratio_t", "overall", "", svyratio(~api00, ~api99, dclus), dclus)
emit_t("st_mean_t", "overall", "", svymean(~api00, dstrat), dstrat)
for (g in sort(unique(st$stype))) {
  dg <- subset(dstrat, stype == g)
  emit_t("st_mean_t", "stype", g, svymean(~api00, dg), dg)
}

options(survey.lonely.psu = "adjust")
dlone <- svydesign(id = ~1, strata = ~cname, weights = ~pw, data = st)
emit_stat("lone_mean_api00", svymean(~api00, dlone))
# The total: survey >= 4.2 (arma_onestage) centres a lonely PSU's total on
# the grand mean of all PSU totals, as ?svydesign documents for "adjust";
# Debian's survey 4.1 centres it on 0 (onestrat skips the centring), which
# only a mean's influence values (summing to 0) cannot tell apart. So the
# total's SE is the documented formula, written out here.
u <- st$pw * st$enroll
grand <- sum(u) / nrow(st)
v <- 0
for (h in unique(st$cname)) {
  x <- u[st$cname == h]
  v <- v + if (length(x) == 1) (x - grand)^2 else
    length(x) / (length(x) - 1) * sum((x - mean(x))^2)
}
emit("lone_total_enroll", "overall", "", coef(svytotal(~enroll, dlone)),
     sqrt(v))
options(survey.lonely.psu = "fail")

# --- eusilc ---------------------------------------------------------------
data(eusilc, package = "laeken", envir = environment())
e <- eusilc[, c("db030", "db040", "rb090", "rb050", "eqIncome", "py010n",
                "age")]
write17(e, "eusilc.csv")
e <- read.csv(file.path(dir, "eusilc.csv"), stringsAsFactors = FALSE)
e$low <- as.numeric(e$eqIncome < 10000)
des <- svydesign(ids = ~db030, strata = ~db040, weights = ~rb050, data = e)
emit_stat("eu_mean", svymean(~eqIncome, des))
emit_stat("eu_total", svytotal(~eqIncome, des))
emit_stat("eu_share_low", svymean(~low, des))
emit_stat("eu_ratio", svyratio(~py010n, ~eqIncome, des, na.rm = TRUE))
for (dim in c("db040", "rb090")) {
  f <- as.formula(paste0("~", dim))
  emit_by("eu_mean", dim, svyby(~eqIncome, f, des, svymean))
  emit_by("eu_total", dim, svyby(~eqIncome, f, des, svytotal))
  emit_by("eu_share_low", dim, svyby(~low, f, des, svymean))
  r <- svyby(~py010n, f, des, svyratio, denominator = ~eqIncome,
             na.rm = TRUE)
  for (i in seq_len(nrow(r)))
    emit("eu_ratio", dim, r[[dim]][i], coef(r)[i], SE(r)[i])
}
# A domain that is no breakdown: adults (where), the full design.
emit_stat("eu_mean_adults", svymean(~eqIncome, subset(des, age >= 18)))

# ci t on eusilc: households in 9 regions, by region and by sex.
emit_t("eu_mean_t", "overall", "", svymean(~eqIncome, des), des)
emit_ciprop("eu_share_t", "overall", "", ~low, des)
for (dim in c("db040", "rb090")) {
  for (g in sort(unique(e[[dim]]))) {
    dg <- des[e[[dim]] == g, ]
    emit_t("eu_mean_t", dim, g, svymean(~eqIncome, dg), dg)
    emit_ciprop("eu_share_t", dim, g, ~low, dg)
  }
}

# Woodruff: the median of eqIncome, overall and by region. The point
# estimate is laeken's (first share above 1/2; equal here, see
# docs/STATISTICS.md), the SE is the interval's width / (2 t).
woodruff <- function(d) {
  q <- svyquantile(~eqIncome, d, 0.5, ci = TRUE)
  ci <- confint(q)
  df <- degf(d)
  c(coef(q)[1], (ci[2] - ci[1]) / (2 * qt(0.975, df)))
}
w <- woodruff(des)
emit("eu_median", "overall", "", w[1], w[2])
for (g in sort(unique(e$db040))) {
  w <- woodruff(subset(des, db040 == g))
  emit("eu_median", "db040", g, w[1], w[2])
}

out <- do.call(rbind, rows)
out$estimate <- sprintf("%.17g", out$estimate)
out$se <- sprintf("%.17g", out$se)
for (v in c("low", "high"))
  out[[v]] <- ifelse(is.na(out[[v]]), "", sprintf("%.17g", out[[v]]))
write.csv(out, file.path(dir, "expected.csv"), row.names = FALSE)
cat(sprintf("survey %s, %d expected rows\n", packageVersion("survey"),
            nrow(out)))

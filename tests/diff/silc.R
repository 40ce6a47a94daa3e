# The R side of tests/diff/silc.sh: the standard errors the catalogue's
# poverty domain (indicators/poverty.si) publishes on the SILC example
# (examples/silc/silc.csv, households in regions, each survey year its own
# sample), written again in R.
# Usage: Rscript silc.R SILC.csv OUT.csv [EUSILC_REFERENCE.csv]
#
# The estimates are R laeken's (Eurostat's definitions, the catalogue's)
# and survey's; the standard errors are the variance of the influence
# values by survey itself (svytotal of z on the design
# svydesign(ids = ~household_id, strata = ~region, weights = ~weight)),
# with z written out here from the convey formulas of
# ../shared/reference/README.md (Deville 1999, Osier 2009), not from
# sicalc's code. Mean, median (Woodruff), shares and ratios are survey's
# own svymean, svyquantile, svyratio on subset designs.
#
# With a third argument (../shared/reference/convey-eusilc.csv), the same
# z functions first run on laeken::eusilc and their SEs are compared with
# convey 1.0.1's there; the script stops when one differs by more than
# 1e-9 relative, so the oracle is itself checked against convey.
suppressPackageStartupMessages({
  library(survey)
  library(laeken)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript silc.R SILC.csv OUT.csv [REF.csv]")

# ---- influence values (convey's, laeken's point estimates) ----------------
wq <- function(y, w, p) weightedQuantile(y, w, p)
bw <- function(y, w) {
  N <- sum(w)
  sqrt((sum(w * y^2) - sum(w * y)^2 / N) / N) / exp(0.2 * log(N))
}
dens <- function(x0, y, w) {
  h <- bw(y, w)
  sum(w * dnorm((x0 - y) / h)) / (sum(w) * h)
}
bigs <- function(x0, y, w) {
  h <- bw(y, w)
  sum(w * y * dnorm((x0 - y) / h)) / h
}
# dm: the domain (logical over the whole sample); y, w of the whole sample.
z_arpt <- function(y, w, dm, pi = 0.6) {
  q <- wq(y[dm], w[dm], 0.5)
  z <- -pi * dm * ((y <= q) - 0.5) / (sum(w[dm]) * dens(q, y[dm], w[dm]))
  list(est = pi * q, z = z)
}
z_arpr <- function(y, w, dm, pi = 0.6) {
  all <- rep(TRUE, length(y))
  tt <- z_arpt(y, w, all, pi)
  t <- tt$est
  Nd <- sum(w[dm])
  A <- sum(w[dm] * (y[dm] < t)) / Nd
  z <- dm * ((y < t) - A) / Nd + dens(t, y[dm], w[dm]) * tt$z
  list(est = A, z = z, t = t, zT = tt$z)
}
z_poormed <- function(y, w, dm, pi = 0.6) {
  a <- z_arpr(y, w, dm, pi)
  poor <- dm & y < a$t
  m <- wq(y[poor], w[poor], 0.5)
  Nd <- sum(w[dm])
  z <- (0.5 * a$z - dm * ((y <= m) - 0.5 * a$est) / Nd) / dens(m, y[dm], w[dm])
  list(est = m, z = z, a = a)
}
z_rmpg <- function(y, w, dm, pi = 0.6) {
  p <- z_poormed(y, w, dm, pi)
  t <- p$a$t
  list(est = (t - p$est) / t, z = (p$est / t^2) * p$a$zT - p$z / t)
}
# Gini: laeken's estimate; convey's z, a function of A, T and N only.
z_gini <- function(y, w, dm) {
  yd <- y[dm]
  wd <- w[dm]
  o <- order(yd)
  ys <- yd[o]
  ws <- wd[o]
  N <- sum(wd)
  T <- sum(wd * yd)
  r <- cumsum(ws)
  A <- sum(r * ws * ys)
  k <- findInterval(yd, ys) # the last sorted position with a value <= y
  a <- yd * (cumsum(ws)[k] + wd) + (T - cumsum(ws * ys)[k])
  zd <- 2 * a / (N * T) - 2 * A * yd / (N * T^2) - (2 * A - T) / (N^2 * T)
  z <- numeric(length(y))
  z[dm] <- zd
  list(est = (2 * A - sum(ws^2 * ys)) / (N * T) - 1, z = z)
}
z_qsr <- function(y, w, dm) {
  yd <- y[dm]
  wd <- w[dm]
  Nd <- sum(wd)
  zs <- function(al) {
    q <- wq(yd, wd, al)
    list(S = sum(wd * yd * (yd <= q)),
         z = dm * (y * (y <= q) - bigs(q, yd, wd) * ((y <= q) - al) /
                     (Nd * dens(q, yd, wd))))
  }
  s20 <- zs(0.2)
  s80 <- zs(0.8)
  S80 <- sum(wd * yd) - s80$S
  z80 <- dm * y - s80$z
  list(est = S80 / s20$S, z = z80 / s20$S - S80 * s20$z / s20$S^2)
}
# The SE of an influence vector z: survey's variance of Σ w z.
se_z <- function(des, z) {
  des$variables$.z <- z
  as.numeric(SE(svytotal(~.z, des)))
}

# ---- the oracle checked against convey on eusilc --------------------------
if (length(args) >= 3 && file.exists(args[3])) {
  data(eusilc, package = "laeken", envir = environment())
  ref <- read.csv(args[3], stringsAsFactors = FALSE)
  ref <- ref[ref$design == "ids_db030", ]
  des <- svydesign(ids = ~db030, strata = ~db040, weights = ~rb050,
                   data = eusilc)
  y <- eusilc$eqIncome
  w <- eusilc$rb050
  fns <- list(arpr = z_arpr, arpt = z_arpt, rmpg = z_rmpg,
              poormed = z_poormed, gini = z_gini, qsr = z_qsr)
  worst <- 0
  checked <- 0
  for (i in seq_len(nrow(ref))) {
    f <- fns[[ref$indicator[i]]]
    if (is.null(f)) next
    dm <- if (ref$breakdown[i] == "overall") rep(TRUE, length(y)) else
      as.character(eusilc[[ref$breakdown[i]]]) == ref$group[i]
    se <- se_z(des, f(y, w, dm)$z)
    d <- abs(se - ref$se[i]) / abs(ref$se[i])
    worst <- max(worst, d)
    checked <- checked + 1
    if (d > 1e-9)
      stop(sprintf("oracle: %s %s %s: se %.17g, convey %.17g",
                   ref$indicator[i], ref$breakdown[i], ref$group[i], se,
                   ref$se[i]))
  }
  cat(sprintf("oracle vs convey on eusilc: %d SEs, max rel diff %.2g\n",
              checked, worst))
}

# ---- the SILC example ------------------------------------------------------
s <- read.csv(args[1], stringsAsFactors = FALSE, na.strings = ".",
              encoding = "UTF-8")
# indicators/poverty.si: eq_inc = income / the modified OECD scale,
# counted per household within the year (ids are unique across years)
adults <- ave(as.numeric(s$age >= 14), s$household_id, FUN = sum)
kids <- ave(as.numeric(s$age < 14), s$household_id, FUN = sum)
s$eq_inc <- s$hh_disposable_income / (1 + 0.5 * (adults - 1) + 0.3 * kids)
s$laeken_age <- ifelse(s$age >= 65, "65+", ifelse(s$age >= 18, "18-64",
                                                  "0-17"))
s$smd <- as.numeric(s$deprivation_items >= 4)
s$young <- as.numeric(s$age <= 64)
s$vlwi <- as.numeric(s$age <= 64 & !is.na(s$work_intensity) &
                       s$work_intensity <= 0.2)

rows <- list()
emit <- function(ind, year, dim, group, est, se) {
  rows[[length(rows) + 1]] <<- data.frame(
    indicator = ind, year = year, dim = dim, group = group,
    estimate = sprintf("%.17g", est), se = sprintf("%.17g", se),
    stringsAsFactors = FALSE)
}
domains <- function(d, dims) {
  out <- list(list(dim = "overall", group = "", dm = rep(TRUE, nrow(d))))
  for (dim in dims)
    for (g in sort(unique(d[[dim]])))
      out[[length(out) + 1]] <- list(dim = dim, group = g, dm = d[[dim]] == g)
  out
}
# Laeken indicators: (catalogue name, z function, scale, breakdowns)
laeken_inds <- list(
  list("arop_rate", z_arpr, 1, c("region", "sex", "laeken_age")),
  list("arop_threshold", function(y, w, dm) {
    a <- z_arpt(y, w, dm)
    list(est = a$est / 12, z = a$z / 12)
  }, 1, character(0)),
  list("relative_median_poverty_gap", z_rmpg, 1,
       c("region", "sex", "laeken_age")),
  list("median_income_at_risk", z_poormed, 1,
       c("region", "sex", "laeken_age")),
  list("gini", z_gini, 1, c("region", "sex")),
  list("income_quintile_share_ratio", z_qsr, 1, c("region", "sex")))

for (yr in sort(unique(s$year))) {
  d <- s[s$year == yr, ]
  des <- svydesign(ids = ~household_id, strata = ~region, weights = ~weight,
                   data = d)
  y <- d$eq_inc
  w <- d$weight
  for (li in laeken_inds) {
    for (dm in domains(d, li[[4]])) {
      r <- li[[2]](y, w, dm$dm)
      emit(li[[1]], yr, dm$dim, dm$group, r$est, se_z(des, r$z))
    }
  }
  for (dm in domains(d, c("region", "sex", "laeken_age"))) {
    sub <- des[dm$dm, ]
    m <- svymean(~eq_inc, sub)
    emit("mean_eq_income", yr, dm$dim, dm$group, coef(m), SE(m))
    q <- svyquantile(~eq_inc, sub, 0.5, ci = TRUE)
    ci <- confint(q)
    emit("median_eq_income", yr, dm$dim, dm$group,
         wq(y[dm$dm], w[dm$dm], 0.5),
         (ci[2] - ci[1]) / (2 * qt(0.975, degf(sub))))
    p <- svymean(~smd, sub)
    emit("severe_material_deprivation", yr, dm$dim, dm$group, coef(p), SE(p))
  }
  for (dm in domains(d, c("region", "sex"))) {
    r <- svyratio(~vlwi, ~young, des[dm$dm, ])
    emit("very_low_work_intensity", yr, dm$dim, dm$group, coef(r), SE(r))
  }
  # laeken's own estimates, to check the ones above
  for (dim in c("region", "sex")) {
    l <- list(arop_rate = arpr("eq_inc", "weight", breakdown = dim,
                               data = d),
              gini = gini("eq_inc", "weight", breakdown = dim, data = d),
              income_quintile_share_ratio = qsr("eq_inc", "weight",
                                                breakdown = dim, data = d),
              relative_median_poverty_gap = rmpg("eq_inc", "weight",
                                                 breakdown = dim, data = d))
    for (ind in names(l)) {
      f <- if (ind == "income_quintile_share_ratio") 1 else 100
      mine <- rows[vapply(rows, function(x) x$indicator == ind &&
                            x$year == yr && x$dim == "overall", TRUE)][[1]]
      v <- as.numeric(mine$estimate) * f
      if (abs(v - l[[ind]]$value) > 1e-9 * abs(v))
        stop(sprintf("%s %d: %.17g, laeken %.17g", ind, yr, v,
                     l[[ind]]$value))
      vs <- l[[ind]]$valueByStratum
      for (j in seq_len(nrow(vs))) {
        mine <- rows[vapply(rows, function(x) x$indicator == ind &&
                              x$year == yr && x$dim == dim &&
                              x$group == as.character(vs[j, 1]), TRUE)]
        v <- as.numeric(mine[[1]]$estimate) * f
        if (abs(v - vs$value[j]) > 1e-9 * abs(v))
          stop(sprintf("%s %d %s: %.17g, laeken %.17g", ind, yr, vs[j, 1],
                       v, vs$value[j]))
      }
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, args[2], row.names = FALSE, fileEncoding = "UTF-8")
cat(sprintf("silc: %d expected rows\n", nrow(out)))

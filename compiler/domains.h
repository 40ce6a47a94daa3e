/* domains.h — `domain labour { title "Labour market" title@sr "..." }`:
 * the catalogue's domains, their titles in each language, and the check
 * that indicators name declared ones. */
#ifndef SICALC_DOMAINS_H
#define SICALC_DOMAINS_H

#include "ast.h"
#include "diag.h"

/* Checks the domain declarations (only title and title@LANG clauses,
 * each once; no domain declared twice) and, when the catalogue declares
 * at least one domain, that every indicator's `domain` names one (an
 * unknown one gets a did-you-mean). A catalogue that declares none keeps
 * its domains as free words. Errors go to d. */
void domains_check(diag *d, const ast_program *p);

/* The title of domain name in lang ("sr"; NULL for the plain title),
 * or NULL when it is not declared or has no such title. */
const char *domains_title(const ast_program *p, const char *name,
                          const char *lang);

#endif

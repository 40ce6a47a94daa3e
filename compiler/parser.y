/* parser.y — the grammar of .si files. Actions call one ast_* builder
 * each; syntax errors are worded in yyreport_syntax_error below. */

%define api.pure full
%define api.prefix {parse_}
%define api.token.prefix {T_}
%define api.location.type {loc}
%define parse.error custom
%locations
%expect 0
%param {parse_ctx *ctx}

%code requires {
#include "ast.h"
typedef struct parse_ctx parse_ctx;
}

%code {
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "parse.h"
#include "suggest.h"

/* The parser's stack: each open bracket, prefix operator or `if` takes
 * a level. 10,000 is bison's default, written out because the message
 * quotes it; beyond it the parse stops with an error, never a crash
 * (expression depth proper is limited in load.c). */
#define YYMAXDEPTH 10000

#define parse_lex lexer_lex
static void parse_error(const loc *at, parse_ctx *ctx, const char *msg);
#define A (ctx->arena)

/* A rule's span runs from its first to its last symbol; an empty rule
 * sits, zero-width, at the end of what precedes it. */
#define YYLLOC_DEFAULT(cur, rhs, n)                                       \
    do {                                                                  \
        if (n) {                                                          \
            (cur).file = YYRHSLOC(rhs, 1).file;                           \
            (cur).start = YYRHSLOC(rhs, 1).start;                         \
            (cur).end = YYRHSLOC(rhs, n).end;                             \
        } else {                                                          \
            (cur).file = YYRHSLOC(rhs, 0).file;                           \
            (cur).start = (cur).end = YYRHSLOC(rhs, 0).end;               \
        }                                                                 \
    } while (0)
}

%initial-action { @$ = (loc){ctx->file, 0, 0}; }

%union {
    double num;
    const char *str;
    ast_expr *expr;
    ast_list *list;
    ast_arg arg;
    ast_op op;
    ast_band *band;
    ast_clause *clause;
    ast_column *column;
    ast_decl *decl;
    ast_param param;
    ast_area *area;
}

%token YYEOF 0 "end of file"
%token <str> NAME "name"
%token <num> NUMBER "number"
%token <str> STRING "string"
%token <str> TITLE_AT "'title@…'" DEFINITION_AT "'definition@…'"
             NOTE_AT "'note@…'"

/* Reserved words. */
%token USE "'use'" CONST "'const'" LET "'let'" FN "'fn'"
       DATASET "'dataset'" INDICATOR "'indicator'"
       AND "'and'" OR "'or'" NOT "'not'" IN "'in'" IS "'is'"
       MISSING "'missing'" IF "'if'" THEN "'then'" ELSE "'else'"
       TRUE "'true'" FALSE "'false'" WHERE "'where'"
       WEIGHTED "'weighted'" BY "'by'" WHEN "'when'" PER "'per'"

/* Soft keywords: clause and dataset words, also names (see `name`). */
%token <str> TITLE "'title'" DOMAIN "'domain'" DEFINITION "'definition'"
             UNIT "'unit'" NUMERATOR "'numerator'"
             DENOMINATOR "'denominator'" VALUE "'value'" BETTER "'better'"
             THRESHOLDS "'thresholds'" TARGET "'target'"
             SUPPRESS "'suppress'" SOURCE "'source'"
             PERIODICITY "'periodicity'" NOTE "'note'" PERIOD "'period'"
             WEIGHT "'weight'" COLUMN "'column'" FROM "'from'" CI "'ci'"
             POLICY "'policy'" LOW_COUNT "'low_count'" INDEX "'index'"
             ACROSS "'across'" SCALE "'scale'" COMBINE "'combine'"
             AREA "'area'" TEST "'test'" DECIMALS "'decimals'"
             DESIGN "'design'" SE "'se'"
             DATA "'data'" EXPECT "'expect'" WITHIN "'within'"
             HIERARCHY "'hierarchy'" CODELIST "'codelist'"

%token EQ "'=='" NE "'!='" LE "'<='" GE "'>='" DOTDOT "'..'"

%nterm <str> name
%nterm <decl> design
%nterm <expr> expr primary bound in_rhs opt_where opt_weight opt_per call_args
%nterm <param> param
%nterm <list> exprs
%nterm <arg> arg
%nterm <op> cmp
%nterm <band> band
%nterm <clause> clause bands
%nterm <column> column
%nterm <decl> decl params ditems clauses titems iitems levels codes
%nterm <area> members
%nterm <num> mweight
%nterm <str> strings
%nterm <list> cells cell_list
%nterm <expr> within expect_ci

/* Operator precedence, lowest first, comes from prec.def, the table the
 * printers read too: the Makefile's prec.awk writes the declarations
 * after the next line into build/gen/parser.y, which bison reads. */
/* PRECEDENCE */

%%

/* file.si: decl decl ... */
decls
    : %empty
    | decls decl        { ast_push_decl(ctx->decls, ctx->ndecls, ctx->cap, $2); }
    | decls error       /* resynchronise at the next declaration */
    ;

/* use laeken | use "common/age.si" | const N = 0.6 | let x = e
 * | fn f(a, b) = e | dataset d { ... } | indicator i { ... }
 * | domain labour { title "Labour market" } | index sdi { ... } */
decl
    : USE name          { $$ = ast_decl_use(A, @1, $2, @2, false); }
    | USE STRING        { $$ = ast_decl_use(A, @1, $2, @2, true); }
    | CONST name '=' expr { $$ = ast_decl_expr(A, DECL_CONST, @1, $2, @2, $4); }
    | LET name '=' expr { $$ = ast_decl_expr(A, DECL_LET, @1, $2, @2, $4); }
    | FN name '(' params ')' '=' expr
                        { $$ = ast_decl_finish($4, @1, $2, @2, @7, $7); }
    | DATASET name '{' ditems '}'
                        { $$ = ast_decl_finish($4, @1, $2, @2, @5, NULL); }
    | INDICATOR name '{' clauses '}'
                        { $$ = ast_decl_finish($4, @1, $2, @2, @5, NULL); }
    | POLICY '{' clauses '}'
                        { $$ = ast_decl_policy($3, @1, @4); }
    | TEST name '{' titems '}'
                        { $$ = ast_decl_finish($4, @1, $2, @2, @5, NULL); }
    | DOMAIN name '{' clauses '}'
                        { $$ = ast_decl_domain($4, @1, $2, @2, @5); }
    | INDEX name '{' iitems '}'
                        { $$ = ast_decl_finish($4, @1, $2, @2, @5, NULL); }
    | HIERARCHY name '{' levels '}'
                        { $$ = ast_decl_finish($4, @1, $2, @2, @5, NULL); }
    | CODELIST name '{' codes '}'
                        { $$ = ast_decl_finish($4, @1, $2, @2, @5, NULL); }
    ;

/* region > district > municipality */
levels
    : name              { $$ = ast_hier_level(A, NULL, $1, @1); }
    | levels '>' name   { $$ = ast_hier_level(A, $1, $3, @3); }
    ;

/* district "Pirotski" in "Južna i Istočna Srbija" title "Pirot District"
 * title@sr "Pirotski okrug" (each entry opens with its level's name) */
codes
    : %empty            { $$ = ast_decl_new(A, DECL_CODELIST); }
    | codes NAME STRING { $$ = ast_codelist_entry(A, $1, $2, @2, $3, @3); }
    | codes IN STRING   { $$ = ast_codelist_parent(ctx->diag, $1, $3, @3); }
    | codes TITLE STRING
                        { $$ = ast_codelist_title(ctx->diag, $1, @2, NULL, $3); }
    | codes TITLE_AT STRING
                        { $$ = ast_codelist_title(ctx->diag, $1, @2, $2, $3); }
    | codes error       { $$ = ast_decl_broken($1); /* resume at the next entry */ }
    ;

/* title "..."  across municipality  scale minmax 1..100  combine mean
 * missing reweight  area economy weight 1 { a, b weight 2 }  better higher */
iitems
    : %empty            { $$ = ast_index_new(A); }
    | iitems clause     { $$ = ast_add_clause(A, $1, $2); }
    | iitems ACROSS name { $$ = ast_index_word(ctx->diag, $1, AST_IX_ACROSS, @3, $3); }
    | iitems COMBINE name { $$ = ast_index_word(ctx->diag, $1, AST_IX_COMBINE, @3, $3); }
    | iitems MISSING name { $$ = ast_index_word(ctx->diag, $1, AST_IX_MISSING, @3, $3); }
    | iitems SCALE name { $$ = ast_index_scale(ctx->diag, $1, @3, $3, false, 0, 0, NULL, false, @3); }
    | iitems SCALE name NUMBER DOTDOT NUMBER
                        { $$ = ast_index_scale(ctx->diag, $1, @3, $3, true, $4, $6, NULL, false, @3); }
    | iitems SCALE name NAME { $$ = ast_index_scale(ctx->diag, $1, @3, $3, false, 0, 0, $4, false, @4); }
    | iitems SCALE name STRING { $$ = ast_index_scale(ctx->diag, $1, @3, $3, false, 0, 0, $4, true, @4); }
    | iitems AREA name mweight '{' members '}'
                        { $$ = ast_index_area(A, $1, $3, @3, $4, @4, $6); }
    | iitems error      { $$ = ast_decl_broken($1); /* resume at the next item */ }
    ;

/* registered_unemployment_rate, average_wage_ratio weight 2 */
members
    : name mweight      { $$ = ast_area_member(A, NULL, $1, @1, $2, @2); }
    | members ',' name mweight { $$ = ast_area_member(A, $1, $3, @3, $4, @4); }
    ;

/* weight 2 | nothing (weight 1) */
mweight
    : %empty            { $$ = -1; }
    | WEIGHT NUMBER     { $$ = $2; }
    ;

/* data people "year,sex" "2022,M"  expect rate(sex = "M") = 50 within 0.1
   expect dsr = 812.5 ci 700.1 .. 940.2 */
titems
    : %empty            { $$ = ast_decl_new(A, DECL_TEST); }
    | titems DATA strings { $$ = ast_test_data(A, $1, @2, NULL, $3); }
    | titems DATA name strings { $$ = ast_test_data(A, $1, @2, $3, $4); }
    | titems EXPECT name cells '=' expr within expect_ci
                        { $$ = ast_test_expect(A, $1, @2, $3, $4, $6, $7, $8); }
    ;

/* "year,sex" "2022,M": lines of an inline CSV table */
strings
    : STRING            { $$ = ast_lines(A, NULL, $1); }
    | strings STRING    { $$ = ast_lines(A, $1, $2); }
    ;

/* (sex = "M", year = 2022) */
cells
    : %empty            { $$ = NULL; }
    | '(' cell_list ')' { $$ = $2; }
    ;

cell_list
    : name '=' expr     { $$ = ast_cell(A, NULL, $1, $3); }
    | cell_list ',' name '=' expr { $$ = ast_cell(A, $1, $3, $5); }
    ;

/* within 0.05 */
within
    : %empty            { $$ = NULL; }
    | WITHIN expr       { $$ = $2; }
    ;

/* ci 700.1 .. 940.2 (the interval's bounds) */
expect_ci
    : %empty            { $$ = NULL; }
    | CI bound DOTDOT bound { $$ = ast_in_range(A, @$, $2, $4); }
    ;

/* a, b */
params
    : %empty            { $$ = ast_decl_new(A, DECL_FN); }
    | param             { $$ = ast_fn_param(A, NULL, $1); }
    | params ',' param  { $$ = ast_fn_param(A, $1, $3); }
    ;

/* x | p = 0.6 (a default value) */
param
    : name              { $$ = ast_param_make($1, @1, NULL); }
    | name '=' expr     { $$ = ast_param_make($1, @1, $3); }
    ;

/* period year  weight w  weight w allow negative  column age int in 0..120 */
ditems
    : %empty            { $$ = ast_decl_new(A, DECL_DATASET); }
    | ditems PERIOD name { $$ = ast_dataset_period(ctx->diag, $1, $3, @3); }
    | ditems WEIGHT name { $$ = ast_dataset_weight(ctx->diag, $1, $3, @3); }
    | ditems WEIGHT name NAME NAME
                        { $$ = ast_dataset_weight_signed(ctx->diag, $1, $3, @3, $4, @4, $5, @5); }
    | ditems column     { $$ = ast_dataset_column(A, $1, $2); }
    | design '}'        { $$ = $1; }
    | ditems error      { $$ = ast_decl_broken($1); /* resume at the next item */ }
    ;

/* design { strata region  cluster household_id  fpc psu_total  lonely adjust } */
design
    : ditems DESIGN '{' { $$ = ast_dataset_design(ctx->diag, A, $1, @2); }
    | design name name  { $$ = ast_design_item(ctx->diag, $1, $2, @2, $3, @3); }
    ;

/* column income number in 0..1e9 missing ("", "NA") */
column
    : COLUMN name name  { $$ = ast_column_make(A, $2, @2, $3, @3); }
    | column IN in_rhs  { $$ = ast_column_in(ctx->diag, $1, $3); }
    | column MISSING '(' exprs ')'
                        { $$ = ast_column_missing(ctx->diag, $1, @2, $4); }
    ;

/* title "..."  numerator count()  by sex, age_group ... */
clauses
    : %empty            { $$ = ast_decl_new(A, DECL_INDICATOR); }
    | clauses clause    { $$ = ast_add_clause(A, $1, $2); }
    | clauses error     { $$ = ast_decl_broken($1); /* resume at the next clause */ }
    ;

/* title@sr "..."  unit per 1000  thresholds good < 10, bad
 * target 10 by 2030  suppress when denominator < 20 */
clause
    : TITLE STRING      { $$ = ast_clause_text(A, CL_TITLE, @1, NULL, $2, @2); }
    | TITLE_AT STRING   { $$ = ast_clause_text(A, CL_TITLE, @1, $1, $2, @2); }
    | DEFINITION STRING { $$ = ast_clause_text(A, CL_DEFINITION, @1, NULL, $2, @2); }
    | DEFINITION_AT STRING { $$ = ast_clause_text(A, CL_DEFINITION, @1, $1, $2, @2); }
    | NOTE STRING       { $$ = ast_clause_text(A, CL_NOTE, @1, NULL, $2, @2); }
    | NOTE_AT STRING    { $$ = ast_clause_text(A, CL_NOTE, @1, $1, $2, @2); }
    | SOURCE STRING     { $$ = ast_clause_text(A, CL_SOURCE, @1, NULL, $2, @2); }
    | DOMAIN name       { $$ = ast_clause_text(A, CL_DOMAIN, @1, NULL, $2, @2); }
    | BETTER name       { $$ = ast_clause_text(A, CL_BETTER, @1, NULL, $2, @2); }
    | PERIODICITY name  { $$ = ast_clause_text(A, CL_PERIODICITY, @1, NULL, $2, @2); }
    | PERIODICITY STRING { $$ = ast_clause_text(A, CL_PERIODICITY, @1, NULL, $2, @2); }
    | FROM name         { $$ = ast_clause_text(A, CL_FROM, @1, NULL, $2, @2); }
    | UNIT name         { $$ = ast_clause_unit(A, @1, $2, @2, false, false, 0); }
    | UNIT name NUMBER  { $$ = ast_clause_unit(A, @1, $2, @2, false, true, $3); }
    | UNIT PER NUMBER   { $$ = ast_clause_unit(A, @1, "per", @2, false, true, $3); }
    | UNIT STRING       { $$ = ast_clause_unit(A, @1, $2, @2, true, false, 0); }
    | NUMERATOR expr    { $$ = ast_clause_expr(A, CL_NUMERATOR, @1, $2); }
    | DENOMINATOR expr  { $$ = ast_clause_expr(A, CL_DENOMINATOR, @1, $2); }
    | VALUE expr        { $$ = ast_clause_expr(A, CL_VALUE, @1, $2); }
    | BY exprs          { $$ = ast_clause_by(A, @1, $2); }
    | THRESHOLDS bands  { $$ = ast_clause_at($2, CL_THRESHOLDS, @1); }
    | TARGET expr BY expr { $$ = ast_clause_target(A, @1, $2, $4); }
    | SUPPRESS WHEN expr { $$ = ast_clause_expr(A, CL_SUPPRESS, @1, $3); }
    | CI name NUMBER    { $$ = ast_clause_ci(A, @1, $2, @2, $3); }
    | LOW_COUNT WHEN expr { $$ = ast_clause_flag(A, @1, $1, $3); }
    | DECIMALS NUMBER   { $$ = ast_clause_decimals(A, @1, $2); }
    | SE                { $$ = ast_clause_text(A, CL_SE, @1, NULL, "", @1); }
    ;

/* good < 10, warning < 20, bad */
bands
    : band              { $$ = ast_band_add(A, NULL, $1); }
    | bands ',' band    { $$ = ast_band_add(A, $1, $3); }
    ;

/* good < 10 | bad */
band
    : name cmp expr     { $$ = ast_band_make(A, @$, $1, $2, $3); }
    | name              { $$ = ast_band_make(A, @$, $1, OP_LT, NULL); }
    ;

/* < <= > >= == != */
cmp
    : '<'               { $$ = OP_LT; }
    | LE                { $$ = OP_LE; }
    | '>'               { $$ = OP_GT; }
    | GE                { $$ = OP_GE; }
    | EQ                { $$ = OP_EQ; }
    | NE                { $$ = OP_NE; }
    ;

/* a, b + 1, c */
exprs
    : expr              { $$ = ast_list_add(A, NULL, $1); }
    | exprs ',' expr    { $$ = ast_list_add(A, $1, $3); }
    ;

/* a or not b and x in (1, 2) and y is not missing and -z * 2 >= w */
expr
    : expr OR expr      { $$ = ast_binary(A, @$, OP_OR, $1, $3); }
    | expr AND expr     { $$ = ast_binary(A, @$, OP_AND, $1, $3); }
    | NOT expr %prec PREFIX_NOT { $$ = ast_unary(A, @$, OP_NOT, $2); }
    | expr cmp expr %prec EQ { $$ = ast_binary(A, @$, $2, $1, $3); }
    | expr IN in_rhs    { $$ = ast_in(@$, $1, $3, false); }
    | expr NOT IN in_rhs { $$ = ast_in(@$, $1, $4, true); }
    | expr IS MISSING %prec IS { $$ = ast_is_missing(A, @$, $1, false); }
    | expr IS NOT MISSING %prec IS { $$ = ast_is_missing(A, @$, $1, true); }
    | expr '+' expr     { $$ = ast_binary(A, @$, OP_ADD, $1, $3); }
    | expr '-' expr     { $$ = ast_binary(A, @$, OP_SUB, $1, $3); }
    | expr '*' expr     { $$ = ast_binary(A, @$, OP_MUL, $1, $3); }
    | expr '/' expr     { $$ = ast_binary(A, @$, OP_DIV, $1, $3); }
    | expr '%' expr     { $$ = ast_binary(A, @$, OP_MOD, $1, $3); }
    | '-' expr %prec UMINUS { $$ = ast_unary(A, @$, OP_NEG, $2); }
    | IF expr THEN expr ELSE expr %prec IF_ELSE
                        { $$ = ast_if(A, @$, $2, $4, $6); }
    | primary
    ;

/* (a, "b", 3) | 15..64 | -1..x */
in_rhs
    : '(' exprs ')'     { $$ = ast_in_list(A, @$, $2); }
    | bound DOTDOT bound { $$ = ast_in_range(A, @$, $1, $3); }
    ;

/* 15 | -1 | lo */
bound
    : NUMBER            { $$ = ast_num(A, @$, $1); }
    | '-' NUMBER        { $$ = ast_num(A, @$, -$2); }
    | name              { $$ = ast_name(A, @$, $1); }
    ;

/* 1.5 | "x" | true | age | (a + b) | sum(x where c weighted by w) */
primary
    : NUMBER            { $$ = ast_num(A, @$, $1); }
    | STRING            { $$ = ast_str(A, @$, $1); }
    | TRUE              { $$ = ast_bool(A, @$, true); }
    | FALSE             { $$ = ast_bool(A, @$, false); }
    | name              { $$ = ast_name(A, @$, $1); }
    | name '.' name     { $$ = ast_qualified(A, @$, $1, $3); }
    | '(' expr ')'      { $$ = $2; }
    | name '(' call_args opt_where opt_weight opt_per ')'
                        { $$ = ast_call(A, @$, $1, @1, $3, $4, $5, $6); }
    ;

/* x, 0.5 | age, 0: "0-14", 15: "15+" */
call_args
    : %empty            { $$ = NULL; }
    | arg               { $$ = ast_call_arg(A, NULL, $1); }
    | call_args ',' arg { $$ = ast_call_arg(A, $1, $3); }
    ;

/* x | 15: "15-24" */
arg
    : expr              { $$ = ast_arg_make(NULL, $1); }
    | expr ':' expr     { $$ = ast_arg_make($1, $3); }
    ;

/* where age >= 15 */
opt_where
    : %empty            { $$ = NULL; }
    | WHERE expr        { $$ = $2; }
    ;

/* weighted by w */
opt_weight
    : %empty            { $$ = NULL; }
    | WEIGHTED BY expr  { $$ = $3; }
    ;

/* per household_id */
opt_per
    : %empty            { $$ = NULL; }
    | PER expr          { $$ = $2; }
    ;

/* age | `Broj stanovnika` | value (a clause word used as a name) */
name
    : NAME | TITLE | DOMAIN | DEFINITION | UNIT | NUMERATOR | DENOMINATOR
    | VALUE | BETTER | THRESHOLDS | TARGET | SUPPRESS | SOURCE
    | PERIODICITY | NOTE | PERIOD | WEIGHT | COLUMN | FROM | CI | POLICY
    | TEST | DATA | EXPECT | WITHIN
    | LOW_COUNT | INDEX | ACROSS | SCALE | COMBINE | AREA | DECIMALS
    | HIERARCHY | CODELIST | DESIGN | SE
    ;

%%

/* ---- syntax error messages ---- */

/* The closing bracket for an opening one. */
static char closer(char open)
{
    return open == '(' ? ')' : '}';
}

/* Appends one alternative to the "expected ..." list. */
static void add_alt(char *buf, size_t size, int *n, const char *alt)
{
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", *n ? ", " : "", alt);
    (*n)++;
}

/* Replaces the last ", " of the list by " or ". */
static void or_last(char *buf)
{
    char *comma = NULL;
    for (char *p = strstr(buf, ", "); p; p = strstr(p + 1, ", "))
        comma = p;
    if (!comma)
        return;
    memmove(comma + 4, comma + 2, strlen(comma + 2) + 1);
    memcpy(comma, " or ", 4);
}

/* The symbol of a one-character token such as '('. */
static yysymbol_kind_t sym(int ch)
{
    return YYTRANSLATE(ch);
}

/* Soft keywords (and plain names): summarised as "name". */
static bool is_name(yysymbol_kind_t s)
{
    return s == YYSYMBOL_NAME || (s >= YYSYMBOL_TITLE && s <= YYSYMBOL_CODELIST);
}

/* Symbols that start an expression: summarised as "expression". */
static bool starts_expr(yysymbol_kind_t s)
{
    return is_name(s) || s == YYSYMBOL_NUMBER || s == YYSYMBOL_STRING ||
           s == YYSYMBOL_TRUE || s == YYSYMBOL_FALSE || s == YYSYMBOL_IF ||
           s == YYSYMBOL_NOT || s == sym('-') || s == sym('(');
}

/* Clause keywords: summarised as "indicator clause". */
static bool starts_clause(yysymbol_kind_t s)
{
    return (s >= YYSYMBOL_TITLE && s <= YYSYMBOL_NOTE) || s == YYSYMBOL_BY ||
           s == YYSYMBOL_FROM || s == YYSYMBOL_CI ||
           s == YYSYMBOL_LOW_COUNT || s == YYSYMBOL_DECIMALS ||
           s == YYSYMBOL_SE || s == YYSYMBOL_TITLE_AT || s == YYSYMBOL_DEFINITION_AT ||
           s == YYSYMBOL_NOTE_AT;
}

/* Binary and comparison operators: summarised as "operator". */
static bool is_operator(yysymbol_kind_t s)
{
    return (s >= YYSYMBOL_AND && s <= YYSYMBOL_IS) ||
           (s >= YYSYMBOL_EQ && s <= YYSYMBOL_GE) || s == sym('<') ||
           s == sym('>') || s == sym('+') || s == sym('-') ||
           s == sym('*') || s == sym('/') || s == sym('%');
}

static bool is_comparison(yysymbol_kind_t s)
{
    return (s >= YYSYMBOL_EQ && s <= YYSYMBOL_GE) || s == sym('<') ||
           s == sym('>') || s == YYSYMBOL_IN || s == YYSYMBOL_IS ||
           s == YYSYMBOL_NOT;
}

static bool starts_decl(yysymbol_kind_t s)
{
    return s == YYSYMBOL_USE || s == YYSYMBOL_CONST || s == YYSYMBOL_LET ||
           s == YYSYMBOL_FN || s == YYSYMBOL_DATASET ||
           s == YYSYMBOL_INDICATOR || s == YYSYMBOL_POLICY ||
           s == YYSYMBOL_TEST || s == YYSYMBOL_DOMAIN ||
           s == YYSYMBOL_INDEX || s == YYSYMBOL_HIERARCHY ||
           s == YYSYMBOL_CODELIST;
}

/* Lists what the parser could take there, summarised in groups so that
 * the list stays short: "expected expression, found ...". */
static void describe_expected(const bool *set, char *buf, size_t size,
                              int *n)
{
    bool expr = set[YYSYMBOL_NUMBER];
    /* Where a name may stand, soft keywords are names, not clauses. */
    bool names = !expr && set[YYSYMBOL_NAME];
    bool clauses = !expr && !names && set[YYSYMBOL_NUMERATOR];
    bool ops = set[sym('*')], decls = set[YYSYMBOL_INDICATOR];
    if (expr) add_alt(buf, size, n, "expression");
    if (names) add_alt(buf, size, n, "name");
    if (ops) add_alt(buf, size, n, "operator");
    if (clauses) add_alt(buf, size, n, "indicator clause");
    if (decls) add_alt(buf, size, n, "declaration");
    for (int s = 0; s < YYNTOKENS; s++) {
        yysymbol_kind_t k = (yysymbol_kind_t)s;
        if (!set[s] || (expr && starts_expr(k)) ||
            (names && is_name(k)) || (ops && is_operator(k)) ||
            (clauses && starts_clause(k)) || (decls && starts_decl(k)))
            continue;
        add_alt(buf, size, n, yysymbol_name(k));
    }
    or_last(buf);
}

/* A name where a keyword was expected (`denomintor`, `colum`): the
 * closest keyword the parser could take there, or NULL. */
static const char *keyword_hint(parse_ctx *ctx, loc at,
                                const yysymbol_kind_t *alts, int nalts)
{
    const char *cands[YYNTOKENS];
    int n = 0;
    for (int i = 0; i < nalts; i++) {
        const char *name = yysymbol_name(alts[i]);
        size_t len = strlen(name);
        if (len < 3 || name[0] != '\'' || name[len - 1] != '\'' ||
            !(name[1] >= 'a' && name[1] <= 'z') || strchr(name, '@'))
            continue;
        char *word = rt_arena_alloc(ctx->arena, len - 1);
        memcpy(word, name + 1, len - 2);
        word[len - 2] = '\0';
        cands[n++] = word;
    }
    size_t len = at.end - at.start;
    char *found = rt_arena_alloc(ctx->arena, len + 1);
    memcpy(found, ctx->file->text + at.start, len);
    found[len] = '\0';
    return suggest_best(found, cands, n);
}

/* Bison calls this on a syntax error. The message names what was found
 * by its spelling, and when a bracket is left open, where it opened:
 * "expected ')' to close '(' at 4:17, found 'denominator'". */
static int yyreport_syntax_error(const yypcontext_t *yc, parse_ctx *ctx)
{
    loc at = *yypcontext_location(yc);
    yysymbol_kind_t found = yypcontext_token(yc);
    ctx->errors++;
    if (ctx->lex_error_at == at.start + 1)
        return 0; /* the scanner has already said what is wrong here */
    bool set[YYNTOKENS] = {false};
    yysymbol_kind_t alts[YYNTOKENS];
    int nalts = yypcontext_expected_tokens(yc, alts, YYNTOKENS);
    for (int i = 0; i < nalts; i++)
        set[alts[i]] = true;

    char buf[512] = "";
    const lexer_open *top = ctx->nopen ? &ctx->open[ctx->nopen - 1] : NULL;
    if (top) {
        yysymbol_kind_t want = sym(closer(top->ch));
        int line, col;
        source_linecol(ctx->file, top->at.start, &line, &col);
        /* Inside ( ), or at a point that cannot belong to the block any
         * more, the missing bracket is the whole story. */
        if (set[want] && (top->ch == '(' || found == YYSYMBOL_YYEOF ||
                          starts_decl(found)))
            snprintf(buf, sizeof buf, "'%c' to close '%c' at %d:%d",
                     closer(top->ch), top->ch, line, col);
    }
    int n = *buf != '\0';
    if (!n)
        describe_expected(set, buf, sizeof buf, &n);
    const char *what = found == YYSYMBOL_YYEOF ? "end of file"
                                               : lexer_spelling(ctx, at);
    const char *hint = found == sym('=') && !set[found]
                           ? " (to compare, write '==')" : "";
    const char *kw = found == YYSYMBOL_NAME && !set[found]
                         ? keyword_hint(ctx, at, alts, nalts) : NULL;
    char mean[128];
    if (kw) {
        snprintf(mean, sizeof mean, " (did you mean '%s'?)", kw);
        hint = mean;
    }
    if (is_comparison(found) && !set[found] && set[sym('+')])
        diag_error(ctx->diag, at, "unexpected %s: comparisons do not chain "
                   "(write 'a < b and b < c')", what);
    else if (n)
        diag_error(ctx->diag, at, "expected %s, found %s%s", buf, what, hint);
    else
        diag_error(ctx->diag, at, "unexpected %s", what);
    return 0;
}

/* Bison's own errors: only "memory exhausted", when YYMAXDEPTH levels
 * are open at once (all syntax errors go through yyreport_syntax_error). */
static void parse_error(const loc *at, parse_ctx *ctx, const char *msg)
{
    (void)msg;
    ctx->errors++;
    diag_error(ctx->diag, *at, "nested too deeply: more than %d brackets, "
               "prefix operators and 'if's open at once",
               YYMAXDEPTH);
}

int parse_file(rt_arena *a, diag *d, const src_file *f, ast_decl ***decls,
               int *n, size_t *cap)
{
    parse_ctx ctx;
    lexer_init(&ctx, a, d, f);
    ctx.decls = decls;
    ctx.ndecls = n;
    ctx.cap = cap;
    parse_parse(&ctx);
    return ctx.errors;
}

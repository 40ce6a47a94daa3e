/* prec.c — lookups over prec.def: each operator's level and spellings. */
#include "prec.h"

static const struct {
    prec_level level;
    const char *src, *formula;
    rt_opcode ir;
} ops[] = {
#define LEVEL(k, assoc, tokens)
#define OP(k, level, src, formula, ir) {PREC_##level, src, formula, ir},
#include "prec.def"
#undef OP
#undef LEVEL
};

prec_level prec_of(ast_op op)
{
    return (unsigned)op < OP__COUNT ? ops[op].level : PREC_ATOM;
}

const char *prec_spelling(ast_op op, prec_style style)
{
    if ((unsigned)op >= OP__COUNT)
        return "?";
    return style == PREC_FORMULA ? ops[op].formula : ops[op].src;
}

int prec_ir_op(rt_opcode op)
{
    for (int i = 0; i < OP__COUNT; i++)
        if (ops[i].ir == op)
            return i;
    return -1;
}

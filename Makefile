# sicalc — plain Makefile. `make` builds ./sicalc; `make check` runs every
# test (also under ASan+UBSan) and ends with "N passed, N failed";
# `make example` runs the bundled example. Missing Debian packages are
# installed with apt-get (sudo when not root).

B       ?= build
CC      ?= cc
OPT     ?= -O2
SAN     ?=
WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wno-unused-parameter
CFLAGS  = -std=c11 $(OPT) -g $(WARN) $(SAN) -D_XOPEN_SOURCE=700 \
          -I$(B)/gen -Icompiler -Iruntime -MMD -MP
LDLIBS  = -lcsv -lm

RUNTIME_SRC  = $(sort $(wildcard runtime/*.c))
COMPILER_SRC = $(sort $(wildcard compiler/*.c))
GEN_SRC      = $(B)/gen/parser.c $(B)/gen/lexer.c
RUNTIME_OBJ  = $(RUNTIME_SRC:%.c=$(B)/%.o)
COMPILER_OBJ = $(COMPILER_SRC:%.c=$(B)/%.o) $(B)/gen/parser.o $(B)/gen/lexer.o
UNIT_SRC     = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN     = $(UNIT_SRC:%.c=$(B)/%)

DEPS_OK = $(B)/.deps-ok

.PHONY: all deps check test unit example clean fmt-check doc
all: sicalc

sicalc: $(B)/sicalc
	cp $< $@

deps: $(DEPS_OK)
$(DEPS_OK):
	@sh tests/install-deps.sh re2c bison libcsv-dev
	@mkdir -p $(B) && touch $@

$(B)/sicalc: $(COMPILER_OBJ) $(RUNTIME_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/gen/parser.c $(B)/gen/parser.h: compiler/parser.y | $(DEPS_OK)
	@mkdir -p $(B)/gen
	bison -Wall -Werror --defines=$(B)/gen/parser.h -o $(B)/gen/parser.c $<

$(B)/gen/lexer.c: compiler/lexer.re $(B)/gen/parser.h | $(DEPS_OK)
	@mkdir -p $(B)/gen
	re2c -W -Werror --no-generation-date --no-version -o $@ $<

$(B)/gen/stdlib.inc: $(sort $(wildcard stdlib/*.si)) stdlib/embed.sh
	@mkdir -p $(B)/gen
	sh stdlib/embed.sh $(sort $(wildcard stdlib/*.si)) > $@

# Objects that include generated headers must wait for them.
$(COMPILER_OBJ) $(RUNTIME_OBJ): | $(B)/gen/parser.h $(B)/gen/stdlib.inc $(DEPS_OK)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CFLAGS) -Wno-unused-function -c -o $@ $<

# Unit tests link the runtime and the compiler (without its main).
$(B)/tests/unit/%: tests/unit/%.c $(RUNTIME_OBJ) $(filter-out $(B)/compiler/sicalc.o,$(COMPILER_OBJ))
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $(filter %.c %.o,$^) $(LDLIBS)

unit: $(UNIT_BIN)

# The whole suite with the normal build, then again under ASan+UBSan.
check: sicalc unit
	@$(MAKE) -s B=build/asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  build/asan/sicalc unit >/dev/null
	@sh tests/check.sh

test: check

example: sicalc
	./sicalc examples/pirot/indicators.si examples/pirot/municipal.csv --format table

# The catalogue as documents (docs/catalogue.md, .html, .sr.md) from
# indicators/*.si in bytewise order; tests/doc/stale.sh checks they are
# current.
doc: sicalc
	@src='$(sort $(wildcard indicators/*.si))'; \
	if [ -z "$$src" ]; then \
	  echo "make doc: no indicators/*.si yet; nothing to document"; \
	else \
	  set -ex; \
	  ./sicalc doc $$src -o docs/catalogue.md; \
	  ./sicalc doc $$src -o docs/catalogue.html; \
	  ./sicalc doc $$src --lang sr -o docs/catalogue.sr.md; \
	fi

fmt-check:
	clang-format --dry-run --Werror compiler/*.c compiler/*.h runtime/*.c runtime/*.h tests/unit/*.c

clean:
	rm -rf build sicalc

-include $(COMPILER_OBJ:.o=.d) $(RUNTIME_OBJ:.o=.d) $(UNIT_BIN:=.d)

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
          -I$(B)/gen -Icmd -Icompiler -Iruntime -MMD -MP
LDLIBS  = -lcsv -lm -pthread

RUNTIME_SRC  = $(sort $(wildcard runtime/*.c))
COMPILER_SRC = $(sort $(wildcard compiler/*.c))
CMD_SRC      = $(sort $(wildcard cmd/*.c))
GEN_SRC      = $(B)/gen/parser.c $(B)/gen/lexer.c
RUNTIME_OBJ  = $(RUNTIME_SRC:%.c=$(B)/%.o)
COMPILER_OBJ = $(COMPILER_SRC:%.c=$(B)/%.o) $(B)/gen/parser.o $(B)/gen/lexer.o
CMD_OBJ      = $(CMD_SRC:%.c=$(B)/%.o)
UNIT_SRC     = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN     = $(UNIT_SRC:%.c=$(B)/%)

DEPS_OK = $(B)/.deps-ok

.PHONY: all deps check test unit example clean fmt-check doc bench fuzz fuzz-build valgrind mutants \
        install uninstall install-vscode man-deps report-deps example-report check-sql
all: sicalc

sicalc: $(B)/sicalc
	cp $< $@

deps: $(DEPS_OK)
$(DEPS_OK):
	@sh tests/install-deps.sh re2c bison libcsv-dev
	@mkdir -p $(B) && touch $@

$(B)/sicalc: $(CMD_OBJ) $(COMPILER_OBJ) $(RUNTIME_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The grammar with its operator precedence from compiler/prec.def.
$(B)/gen/parser.y: compiler/parser.y compiler/prec.def compiler/prec.awk
	@mkdir -p $(B)/gen
	awk -f compiler/prec.awk compiler/prec.def compiler/parser.y > $@

# One bison run makes both files (a grouped target, so `make -j` runs it once).
$(B)/gen/parser.c $(B)/gen/parser.h &: $(B)/gen/parser.y | $(DEPS_OK)
	@mkdir -p $(B)/gen
	bison -Wall -Werror --defines=$(B)/gen/parser.h -o $(B)/gen/parser.c $<

$(B)/gen/lexer.c: compiler/lexer.re $(B)/gen/parser.h | $(DEPS_OK)
	@mkdir -p $(B)/gen
	re2c -W -Werror --no-generation-date --no-version -o $@ $<

$(B)/gen/stdlib.inc: $(sort $(wildcard stdlib/*.si)) stdlib/embed.sh
	@mkdir -p $(B)/gen
	sh stdlib/embed.sh $(sort $(wildcard stdlib/*.si)) > $@

# Objects that include generated headers must wait for them.
$(CMD_OBJ) $(COMPILER_OBJ) $(RUNTIME_OBJ): | $(B)/gen/parser.h $(B)/gen/stdlib.inc $(DEPS_OK)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CFLAGS) -Wno-unused-function -c -o $@ $<

# Unit tests link the runtime and the compiler (without its main).
$(B)/tests/unit/%: tests/unit/%.c $(RUNTIME_OBJ) $(COMPILER_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $(filter %.c %.o,$^) $(LDLIBS)

unit: $(UNIT_BIN)

# The whole suite with the normal build, then again under ASan+UBSan.
check: sicalc unit man-deps report-deps
	@$(MAKE) -s B=build/asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  build/asan/sicalc unit >/dev/null
	@sh tests/check.sh

test: check

# `sicalc sql` against real engines (tests/sql/run.sh): SQLite runs in
# make check; PostgreSQL (a throw-away cluster), DuckDB and ClickHouse
# (chDB, in-process; both from npm into build/npm) here, run by .ci/run.
check-sql: sicalc
	@sh tests/sql/run.sh ./sicalc postgres duckdb clickhouse

# Mutation check (tests/mutants/run.sh): a copy of the tracked files with
# one deliberate defect at a time, rebuilt and tested until a suite fails;
# fails unless every mutant is caught. Never touches this tree.
mutants:
	@sh tests/mutants/run.sh

example: sicalc
	./sicalc examples/pirot/indicators.si examples/pirot/municipal.csv --format table

# Pirot's municipal profile (docs/REPORT.md) in English and Serbian
# Cyrillic: outputs, not committed (.gitignore).
example-report: sicalc
	./sicalc report indicators/*.si examples/pirot/data/*.csv --focus Pirot \
	  --peers --reference examples/pirot/reference.csv \
	  -o examples/pirot/report.html
	./sicalc report indicators/*.si examples/pirot/data/*.csv --focus Pirot \
	  --peers --reference examples/pirot/reference.csv --lang sr-Cyrl \
	  -o examples/pirot/report.sr-Cyrl.html

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

# Fuzzing (fuzz/README.md): libFuzzer harnesses built with clang under
# ASan+UBSan in build/fuzz; `make fuzz FUZZ_SECONDS=N` runs each one for N
# seconds, one process at a time and niced, from the committed corpus
# fuzz/corpus/NAME (read only) into build/fuzz/corpus/NAME, and fails on
# any crash, leak, timeout or sanitizer report (the reproducer is left in
# build/fuzz/crashes/).
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES = si csv
FUZZ_B = build/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer -fsanitize=fuzzer-no-link \
           -Wno-bitwise-instead-of-logical

fuzz-build:
	@sh tests/install-deps.sh clang libclang-rt-14-dev
	@$(MAKE) -s B=$(FUZZ_B) CC=clang OPT=-O1 SAN="$(FUZZ_SAN)" \
	  $(FUZZ_HARNESSES:%=$(FUZZ_B)/fuzz/fuzz_%)

$(B)/fuzz/fuzz_%: fuzz/fuzz_%.c $(RUNTIME_OBJ) $(COMPILER_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $(filter %.c %.o,$^) $(LDLIBS)

fuzz: fuzz-build
	@for h in $(FUZZ_HARNESSES); do \
	  mkdir -p $(FUZZ_B)/corpus/$$h $(FUZZ_B)/crashes; \
	  log=$(FUZZ_B)/fuzz-$$h.log; \
	  echo "== fuzz $$h: $(FUZZ_SECONDS)s (log in $$log)"; \
	  if nice -n 19 $(FUZZ_B)/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) \
	      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	      -dict=fuzz/$$h.dict -artifact_prefix=$(FUZZ_B)/crashes/$$h- \
	      $(FUZZ_B)/corpus/$$h fuzz/corpus/$$h >$$log 2>&1; then \
	    grep -E 'cov: ' $$log | tail -n 1; \
	    grep -E '^(Done |stat::number_of_executed_units|stat::peak_rss)' $$log; \
	  else \
	    tail -n 60 $$log; \
	    echo "FAIL fuzz $$h: a crash, leak, timeout or sanitizer report;" \
	      "reproducer in $(FUZZ_B)/crashes/"; \
	    exit 1; \
	  fi; \
	done

# The benchmark (bench/run.sh): sicalc against DuckDB, SQLite, pandas and
# two floors (libcsv's, sicalc's own splitter) on generated microdata (1M
# and 10M rows; BENCH_QUICK=1 for 1M only). Prints the table and the goals,
# writes bench/results/latest.md; reports, never fails on a missed goal.
bench:
	@BENCH_QUICK=$(BENCH_QUICK) sh bench/run.sh

# The benchmark's own-splitter floor (bench/floor_own.c): sicalc's CSV
# reader and the few runtime objects it needs, built with sicalc's flags.
FLOOR_OWN_OBJ = $(addprefix $(B)/runtime/,csvin.o csvopen.o arena.o xalloc.o hugemem.o \
                  dataerr.o tempfile.o)
$(B)/bench/floor_own: $(B)/bench/floor_own.o $(FLOOR_OWN_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# sicalc under valgrind on the examples, the catalogue and two error runs
# (valgrind --error-exitcode; leaks count as errors).
valgrind: sicalc
	@sh tests/robustness/valgrind.sh ./sicalc

# `make install PREFIX=/usr/local DESTDIR=` (docs/sicalc.1, README):
# the binary (the stdlib is embedded in it), the man page, bash completion,
# Vim's syntax and ftdetect files where Vim looks (share/vim/vimfiles, in
# Debian's runtimepath for PREFIX=/usr), the VS Code extension and the
# pre-commit hook under share/sicalc; `make install-vscode` copies the
# extension into ~/.vscode/extensions. `make uninstall` removes them all.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(DESTDIR)$(PREFIX)/bin
MAN1DIR  = $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
VIMDIR   = $(DESTDIR)$(PREFIX)/share/vim/vimfiles
DATADIR  = $(DESTDIR)$(PREFIX)/share/sicalc
VSCODE_EXTDIR ?= $(HOME)/.vscode/extensions
VSCODE_FILES = package.json language-configuration.json README.md \
               syntaxes/si.tmLanguage.json

install: sicalc
	install -d $(BINDIR) $(MAN1DIR) $(COMPDIR) $(VIMDIR)/syntax \
	  $(VIMDIR)/ftdetect $(DATADIR)/vscode/syntaxes
	install -m 755 sicalc $(BINDIR)/sicalc
	install -m 644 docs/sicalc.1 $(MAN1DIR)/sicalc.1
	install -m 644 editors/bash/sicalc $(COMPDIR)/sicalc
	install -m 644 editors/vim/syntax/si.vim $(VIMDIR)/syntax/si.vim
	install -m 644 editors/vim/ftdetect/si.vim $(VIMDIR)/ftdetect/si.vim
	for f in $(VSCODE_FILES); do \
	  install -m 644 editors/vscode/$$f $(DATADIR)/vscode/$$f || exit 1; \
	done
	install -m 755 editors/pre-commit $(DATADIR)/pre-commit

uninstall:
	rm -f $(BINDIR)/sicalc $(MAN1DIR)/sicalc.1 $(COMPDIR)/sicalc \
	  $(VIMDIR)/syntax/si.vim $(VIMDIR)/ftdetect/si.vim
	rm -rf $(DATADIR)

install-vscode:
	install -d $(VSCODE_EXTDIR)/sicalc.sicalc-si-0.1.0/syntaxes
	for f in $(VSCODE_FILES); do \
	  install -m 644 editors/vscode/$$f \
	    $(VSCODE_EXTDIR)/sicalc.sicalc-si-0.1.0/$$f || exit 1; \
	done

# The browser test's chromium and pdfinfo (tests/report/browser.sh) and
# its playwright-core (npm, into tests/report/node_modules).
report-deps:
	@command -v chromium >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || \
	  sh tests/install-deps.sh chromium poppler-utils
	@command -v npm >/dev/null 2>&1 || sh tests/install-deps.sh nodejs npm
	@[ -d tests/report/node_modules/playwright-core ] || \
	  (cd tests/report && npm ci --no-audit --no-fund --silent) || \
	  echo "warning: npm ci in tests/report failed; the browser test will say so" >&2

# man and groff for the man page test (tests/install/run.sh).
man-deps:
	@command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1 || \
	  sh tests/install-deps.sh man-db groff-base

fmt-check:
	clang-format --dry-run --Werror cmd/*.c cmd/*.h compiler/*.c compiler/*.h runtime/*.c runtime/*.h tests/unit/*.c fuzz/*.c bench/*.c

clean:
	rm -rf build sicalc

-include $(CMD_OBJ:.o=.d) $(COMPILER_OBJ:.o=.d) $(RUNTIME_OBJ:.o=.d) $(UNIT_BIN:=.d) \
         $(B)/bench/floor_own.d

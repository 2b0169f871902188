# sdtscore - build, test, install.
#
#   make                 library (static + shared), CLI, pkg-config file
#   make deps            install missing Debian packages (root), or print the command
#   make test            unit tests (cmocka), reference and golden CLI tests
#   make example         score the bundled example and write its report
#   make bench           benchmarks (not part of the tests)
#   make install         PREFIX=/usr/local DESTDIR=
#   make man3            regenerate the API reference (man/man3) from the headers
#   make SANITIZE=address,undefined   build with sanitizers (into build-san/)
#   make WERROR=1        treat warnings as errors (CI)
#   make mutate          the mutation catalogue: every deliberate bug must fail a test
#   make rwg-table       regenerate the precomputed rwg(j) cutoffs (engine/stats/rwg_table.inc)

VERSION_MAJOR := $(shell sed -n 's/^\#define SDT_VERSION_MAJOR \([0-9]*\)/\1/p' engine/include/sdt_error.h)
VERSION := $(shell sed -n 's/^\#define SDT_VERSION "\(.*\)"/\1/p' engine/include/sdt_error.h)

PREFIX ?= /usr/local
DESTDIR ?=
SHARED ?= ../shared
CC ?= cc
PKG_CONFIG ?= pkg-config

ifneq ($(SANITIZE),)
B ?= build-san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B ?= build
SANFLAGS :=
endif

PKGS := libcjson gsl xlsxwriter libzip expat libutf8proc
WARN := -Wall -Wextra -Wshadow -Wconversion -Wformat=2 -Wmissing-prototypes \
        -Wstrict-prototypes
ifeq ($(WERROR),1)
WARN += -Werror
endif
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CFLAGS ?= -O2 -g
LAYER_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
               $(SANFLAGS) -fPIC $(PKG_CFLAGS)
# The engine's layers, lowest first: each is compiled with its own and
# the lower layers' headers only (ENGINE_INC_<layer>), so a file that
# reached up a layer would not build. The disclosure engine sits below
# stats, whose published figures it protects, as well as groups.
ENGINE_LAYERS := util disclosure instrument input stats groups run
ENGINE_INC_util := -Iengine/include -Iengine/util
ENGINE_INC_disclosure := $(ENGINE_INC_util) -Iengine/disclosure
ENGINE_INC_instrument := $(ENGINE_INC_disclosure) -Iengine/instrument
ENGINE_INC_input := $(ENGINE_INC_instrument) -Iengine/input
ENGINE_INC_stats := $(ENGINE_INC_input) -Iengine/stats
ENGINE_INC_groups := $(ENGINE_INC_stats) -Iengine/groups
ENGINE_INC_run := $(ENGINE_INC_groups) -Iengine/run
ALL_CFLAGS = $(LAYER_CFLAGS) $(ENGINE_INC_run)
LIBS = $(PKG_LIBS) -lcsv -lm -lpthread
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

ENGINE_SRC := $(sort $(wildcard $(ENGINE_LAYERS:%=engine/%/*.c)))
REPORT_SRC := $(sort $(wildcard reports/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
INSTRUMENTS := $(sort $(wildcard instruments/*.json))

ENGINE_OBJ := $(ENGINE_SRC:%.c=$(B)/%.o) $(B)/gen/bundled.o
REPORT_OBJ := $(REPORT_SRC:%.c=$(B)/%.o) $(B)/gen/i18n_texts.o
# One library holds the whole product: engine and report writer.
LIB_OBJ := $(ENGINE_OBJ) $(REPORT_OBJ)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/%.o)

UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))

SONAME := libsdtscore.so.$(VERSION_MAJOR)

# Quiet by default; `make V=1` shows every command.
ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all deps test unit golden reftest example bench install clean fuzz check audit \
        check-install check-abi abi-baseline mutate check-layers rwg-table

all: $(B)/sdtscore $(B)/libsdtscore.a $(B)/libsdtscore.so $(B)/sdtscore.pc

# Library objects export only what the installed headers mark SDT_API.
# Each layer sees only what it may use: the CLI is compiled against the
# installed headers alone (engine/include, its own cli/), so a CLI file
# that reached into the engine's internals would not build.
$(B)/engine/%.o $(B)/reports/%.o: VIS := -fvisibility=hidden
$(foreach l,$(ENGINE_LAYERS),$(eval $$(B)/engine/$(l)/%.o: INC := $$(ENGINE_INC_$(l))))
$(B)/reports/%.o: INC := -Iengine/include -Ireports
$(B)/cli/%.o: INC := -Iengine/include -Icli
$(B)/%.o: %.c $(wildcard engine/include/*.h engine/*/*.h reports/*.h cli/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(LAYER_CFLAGS) $(INC) $(VIS) -c $< -o $@

# Bundled instruments are compiled into the library so that `-i ID` works
# wherever the binary is installed.
$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra $< -o $@

$(B)/gen/bundled.c: $(B)/tools/embed $(INSTRUMENTS)
	@mkdir -p $(dir $@)
	$(B)/tools/embed $(INSTRUMENTS) > $@.tmp && mv $@.tmp $@

# The simulated rwg(j) cutoffs the reports use most, precomputed
# (engine/stats/rwg_table.inc, committed: numbers only, which
# engine/stats/rwg_table.c includes and reads): regenerate after changing
# the simulation or the bundled instruments (test_rwg_table fails until then).
$(B)/tools/rwg_table: tools/rwg_table.c $(B)/libsdtscore.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS_ALL) -o $@ $< $(B)/libsdtscore.a $(LIBS)

rwg-table: $(B)/tools/rwg_table
	$(B)/tools/rwg_table > engine/stats/rwg_table.inc.tmp
	mv engine/stats/rwg_table.inc.tmp engine/stats/rwg_table.inc

$(B)/engine/stats/rwg_table.o: engine/stats/rwg_table.inc

$(B)/gen/bundled.o: $(B)/gen/bundled.c
	$(Q)$(CC) $(ALL_CFLAGS) -fvisibility=hidden -c $< -o $@

# The workbook's texts are data (reports/i18n.tsv, a line a message: id,
# en, fi, sv), made into the library's table at build time.
$(B)/tools/i18n_table: tools/i18n_table.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra $< -o $@

$(B)/gen/i18n_texts.c: $(B)/tools/i18n_table reports/i18n.tsv
	@mkdir -p $(dir $@)
	$(B)/tools/i18n_table reports/i18n.tsv > $@.tmp && mv $@.tmp $@

$(B)/gen/i18n_texts.o: $(B)/gen/i18n_texts.c reports/i18n_texts.h reports/sheet.h
	$(Q)$(CC) $(LAYER_CFLAGS) -Iengine/include -Ireports -fvisibility=hidden -c $< -o $@

$(B)/libsdtscore.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# The version script names the ABI (SDTSCORE_<major>); visibility decides
# what is in it.
$(B)/libsdtscore.so: $(LIB_OBJ) libsdtscore.map
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=libsdtscore.map \
	  $(LDFLAGS_ALL) -o $(B)/$(SONAME) $(LIB_OBJ) $(LIBS)
	$(Q)ln -sf $(SONAME) $@

$(B)/sdtscore: $(CLI_OBJ) $(B)/libsdtscore.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(B)/libsdtscore.a $(LIBS)

$(B)/sdtscore.pc: sdtscore.pc.in engine/include/sdt_error.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# cmocka's assert macros widen int to unsigned: only tests skip that warning.
$(B)/tests/%: tests/unit/%.c $(B)/libsdtscore.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-sign-conversion -Ireports $(shell $(PKG_CONFIG) --cflags cmocka) $(LDFLAGS_ALL) -o $@ $< \
	  $(B)/libsdtscore.a $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

deps:
	@sh tools/deps.sh

# The layers, checked apart from the build's own flags: every cli/ and
# reports/ file compiles with the installed headers and its own folder
# only (so neither reaches into engine/), no engine file names a header of
# reports/ or cli/, every engine file includes headers of its own layer or
# lower ones only (ENGINE_LAYERS; the build's per-layer -I enforces it
# too), and the report writer's declarations of the library helpers it
# uses (reports/rep_engine.h) agree with the engine's.
check-layers:
	@for f in $(CLI_SRC); do $(CC) $(LAYER_CFLAGS) -fsyntax-only -Iengine/include -Icli $$f || \
	  { echo "FAIL check-layers: $$f needs more than -Iengine/include -Icli"; exit 1; }; done
	@for f in $(REPORT_SRC); do $(CC) $(LAYER_CFLAGS) -fsyntax-only -Iengine/include -Ireports $$f || \
	  { echo "FAIL check-layers: $$f needs more than -Iengine/include -Ireports"; exit 1; }; done
	@! grep -n '#include "\(sheet\|bench_sheets\|rep_engine\|cli\|waves\|batch\)\.h"' engine/*/*.c engine/*/*.h || \
	  { echo "FAIL check-layers: the engine includes a header of reports/ or cli/"; exit 1; }
	@! ls engine/*.c engine/*.h 2>/dev/null | grep . || \
	  { echo "FAIL check-layers: engine files outside a layer folder"; exit 1; }
	@seen=engine/include; for l in $(ENGINE_LAYERS); do seen="$$seen engine/$$l"; \
	  for f in engine/$$l/*.[ch]; do for h in $$(sed -n 's/^#include "\([^"]*\)".*/\1/p' $$f); do \
	    ok=; for d in $$seen; do test -e "$$d/$$h" && ok=1; done; test -n "$$ok" || \
	    { echo "FAIL check-layers: $$f includes $$h, which is not of layer $$l or below"; exit 1; }; \
	  done; done; done
	@printf '#include "internal.h"\n#include "rep_engine.h"\n' | $(CC) $(LAYER_CFLAGS) -fsyntax-only \
	  $(ENGINE_INC_util) -Ireports -x c - || \
	  { echo "FAIL check-layers: reports/rep_engine.h disagrees with engine/util/internal.h"; exit 1; }
	@echo "PASS check-layers ($(words $(CLI_SRC)) cli, $(words $(REPORT_SRC)) reports files, engine layers $(ENGINE_LAYERS))"

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  ( cd tests && SHARED=$(abspath $(SHARED)) ../$$t ) || fail=1; done; \
	  test $$fail = 0

golden: $(B)/sdtscore
	@SDT=$(abspath $(B)/sdtscore) SHARED=$(abspath $(SHARED)) sh tests/run_golden.sh



# Every test; prints one closing "N passed, N failed" line.
test: all $(UNIT_BIN) check-layers
	@SDT=$(abspath $(B)/sdtscore) SHARED=$(abspath $(SHARED)) B=$(B) \
	  SDT_SANFLAGS="$(SANFLAGS)" UNIT="$(UNIT_BIN)" sh tests/run_all.sh

check: test

# The disclosure auditor over thousands of random organisations (slow;
# `make test` runs 200): AUDIT_CASES=N AUDIT_SEED=S to choose.
AUDIT_CASES ?= 3000
audit: all
	@SDT=$(abspath $(B)/sdtscore) SHARED=$(abspath $(SHARED)) AUDIT_CASES=$(AUDIT_CASES) \
	  /usr/bin/python3 tests/py/test_disclosure.py

# The mutation catalogue (tests/mutations/catalogue.json): each small
# deliberate bug is applied in turn to a scratch copy of the working tree
# under build/mutate/, rebuilt, and the tests it names are run; fails when
# a mutation survives them or its text no longer occurs exactly once.
# Prints "N killed, N survived". MUTATIONS=id,glob,... runs some only;
# MUTATE_JOBS scratch trees work at once (one per core).
MUTATE_JOBS ?= 2
mutate: all $(UNIT_BIN)
	@SHARED=$(abspath $(SHARED)) /usr/bin/python3 tools/mutate.py -j $(MUTATE_JOBS) \
	  $(if $(MUTATIONS),--only '$(MUTATIONS)') $(if $(SANITIZE),,--seed-from $(B))

example: all
	@sh examples/run.sh $(B)/sdtscore

bench: all
	@sh bench/run.sh $(B)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include/sdtscore $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/sdtscore $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(B)/libsdtscore.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/$(SONAME) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libsdtscore.so
	install -m 644 engine/include/*.h $(DESTDIR)$(PREFIX)/include/sdtscore/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' sdtscore.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/sdtscore.pc
	install -m 644 sdtscore.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/man/man3
	install -m 644 man/man3/*.3 $(DESTDIR)$(PREFIX)/share/man/man3/
	while read fn pg; do printf '.so man3/%s.3\n' "$$pg" \
	  > $(DESTDIR)$(PREFIX)/share/man/man3/$$fn.3; done < man/man3/index
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 tools/sdtscore.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/sdtscore

clean:
	rm -rf build build-san

# The API reference: section-3 pages made from the installed headers'
# comments (tools/man3.py), committed under man/man3 so that make install
# needs nothing but install(1); tests/py/test_man3.py fails when they are
# not current. Run after changing a header.
.PHONY: man3
man3:
	/usr/bin/python3 tools/man3.py man/man3

# The library as an embedder gets it: install into a temporary prefix,
# build examples/embed.c with pkg-config against the shared library and
# (--static) against libsdtscore.a, and run both under valgrind, each
# scoring the example and writing a report through the installed API.
PFX = $(abspath $(B)/prefix)
check-install: all
	@rm -rf $(PFX)
	@$(MAKE) --no-print-directory install PREFIX=$(PFX) >/dev/null
	@PKG_CONFIG_PATH=$(PFX)/lib/pkgconfig; export PKG_CONFIG_PATH; \
	  $(CC) -std=c11 -Wall -Wextra -Werror examples/embed.c \
	    $$($(PKG_CONFIG) --cflags --libs sdtscore) -Wl,-rpath,$(PFX)/lib -o $(B)/embed-shared && \
	  $(CC) -std=c11 -Wall -Wextra -Werror examples/embed.c $$($(PKG_CONFIG) --cflags sdtscore) \
	    -L$(PFX)/lib -Wl,-Bstatic -lsdtscore -Wl,-Bdynamic \
	    $$($(PKG_CONFIG) --static --libs-only-l sdtscore | sed 's/-lsdtscore//') -o $(B)/embed-static
	@ldd $(B)/embed-shared | grep -q '$(PFX)/lib/$(SONAME)' || { echo "embed-shared does not use the installed library"; exit 1; }
	@! ldd $(B)/embed-static | grep -q libsdtscore || { echo "embed-static is not static"; exit 1; }
	@for e in embed-shared embed-static; do \
	  valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	    $(B)/$$e examples/learning-leadership-pulse.csv $(B)/$$e.xlsx > $(B)/$$e.out || exit 1; \
	  grep -q '^autonomy_satisfaction' $(B)/$$e.out && test -s $(B)/$$e.xlsx || exit 1; \
	  echo "PASS check-install/$$e"; done
	@MANPATH= man -M $(PFX)/share/man -P cat 3 sdt_wave_compare_new 2>/dev/null | \
	  grep -q 'sdt_wave_compare_new(sdt_wave_compare \*\*out' || \
	  { echo "FAIL check-install/man3: man sdt_wave_compare_new"; exit 1; }
	@echo "PASS check-install/man3"

# The ABI against its baseline (abigail-tools): additions pass; a change
# that breaks programs built against libsdtscore.so.$(VERSION_MAJOR) fails
# until the soname (SDT_VERSION_MAJOR) is bumped and the baseline renewed
# with `make abi-baseline`.
ABI_BASELINE := abi/libsdtscore.so.$(VERSION_MAJOR).abi
abi-baseline: $(B)/libsdtscore.so
	@mkdir -p abi
	abidw --no-show-locs --no-corpus-path --headers-dir engine/include $(B)/$(SONAME) > $(ABI_BASELINE)

check-abi: $(B)/libsdtscore.so
	@test -f $(ABI_BASELINE) || { echo "no $(ABI_BASELINE): the soname was bumped; run make abi-baseline"; exit 1; }
	@abidw --no-show-locs --no-corpus-path --headers-dir engine/include $(B)/$(SONAME) > $(B)/current.abi
	@abidiff --no-show-locs $(ABI_BASELINE) $(B)/current.abi > $(B)/abidiff.txt; st=$$?; \
	  bad=$$(( (st & 3) || (st & 8) )); \
	  if [ $$st -ne 0 ] && grep -q 'changes summary: [1-9][0-9]* Removed\|changes summary: [0-9]* Removed, [1-9]' $(B)/abidiff.txt; then bad=1; fi; \
	  if [ $$bad -ne 0 ]; then cat $(B)/abidiff.txt; \
	    echo "FAIL check-abi: incompatible change to $(SONAME) (bump SDT_VERSION_MAJOR, then make abi-baseline)"; exit 1; fi; \
	  echo "PASS check-abi ($(SONAME)$$( [ $$st -ne 0 ] && echo ': functions added'))"

# ---- Hardening (issue 7): fuzzing, fuzz replay, allocation failures, valgrind.
#   make fuzz FUZZ_SECONDS=60   clang + libFuzzer + ASan/UBSan, each target in
#                               turn (FUZZ_TARGETS="map csv" for some); new
#                               crash inputs land in build-fuzz/crashes/
#   make valgrind               the golden CLI tests under valgrind (no sanitizers)
# The replay drivers and the allocation-failure test run in `make test`.
FUZZ_TARGETS := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_B := build-fuzz
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)
FUZZ_HDR := $(wildcard tests/fuzz/*.h)

.PHONY: valgrind

$(B)/fuzz/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(FUZZ_HDR) $(B)/libsdtscore.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  REPLAY  $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Ireports -Icli -Itests/fuzz $(LDFLAGS_ALL) -o $@ tests/fuzz/replay.c \
	  tests/fuzz/fuzz_$*.c $(B)/libsdtscore.a $(LIBS)

# Malloc is interposed in the test binary itself, so it links no sanitizer
# allocator of its own choosing: see tests/alloc/failalloc.c.
$(B)/alloc/failalloc: tests/alloc/failalloc.c $(B)/libsdtscore.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Ireports -Icli $(LDFLAGS_ALL) -o $@ $< \
	  $(B)/libsdtscore.a $(LIBS)

test: $(FUZZ_REPLAY) $(B)/alloc/failalloc
mutate: $(FUZZ_REPLAY) $(B)/alloc/failalloc

fuzz:
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang and libclang-rt-14-dev: sh tools/deps.sh fuzz"; exit 2; }
	$(MAKE) B=$(FUZZ_B) CC=$(FUZZ_CC) SANITIZE=fuzzer-no-link,address,undefined \
	  $(FUZZ_B)/libsdtscore.a
	@for t in $(FUZZ_TARGETS); do \
	  echo "  FUZZ    $$t ($(FUZZ_SECONDS) s)"; \
	  $(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 $(FUZZ_SAN) \
	    $(ENGINE_INC_run) -Ireports -Itests/fuzz $(PKG_CFLAGS) tests/fuzz/fuzz_$$t.c \
	    $(FUZZ_B)/libsdtscore.a $(LIBS) -o $(FUZZ_B)/fuzz_$$t.new && \
	    mv $(FUZZ_B)/fuzz_$$t.new $(FUZZ_B)/fuzz_$$t || exit 1; \
	  mkdir -p $(FUZZ_B)/corpus/$$t $(FUZZ_B)/crashes/$$t; \
	  $(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(FUZZ_B)/crashes/$$t/ -print_final_stats=1 \
	    $(FUZZ_B)/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

valgrind: $(B)/sdtscore
	@printf '#!/bin/sh\nexec valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q %s "$$@"\n' \
	  "$(abspath $(B)/sdtscore)" > $(B)/sdtscore-valgrind
	@chmod +x $(B)/sdtscore-valgrind
	@SDT=$(abspath $(B)/sdtscore-valgrind) SDT_VALGRIND=1 SHARED=$(abspath $(SHARED)) sh tests/run_golden.sh > $(B)/valgrind.log 2>&1; \
	  grep '^FAIL' $(B)/valgrind.log; \
	  echo "valgrind: $$(grep -c '^PASS' $(B)/valgrind.log) passed, $$(grep -c '^FAIL' $(B)/valgrind.log) failed"; \
	  ! grep -q '^FAIL' $(B)/valgrind.log

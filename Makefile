# Makefile -- libclaimgraph, the claimgraph command, its tests and tools.
#
#   make run      install missing build dependencies, build, run on corpus/
#   make check    the same set-up, then every test, then again under
#                 AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench    throughput and peak memory on a generated corpus, and
#                 reconcile on 250k, 500k and 1M generated claims
#   make eval       extraction quality on ../shared/corpus-dev (gold files)
#   make eval-html  main-text quality on ../shared's Readability test pages
#   make install PREFIX=/usr/local
#
# Variants build side by side: build/ (normal) and build/san/ (sanitizers).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/claimgraph
MANDIR  ?= $(PREFIX)/share/man
BUILD   ?= build
SAN     ?=
SHARED  ?= ../shared

VERSION := 0.1.0
PKGS    := libxml-2.0 icu-uc icu-i18n libutf8proc jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

CFLAGS  ?= -O2 -g
CG_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -fPIC \
             -Iinclude -Isrc $(PKG_CFLAGS) \
             -DCG_DICT_DIR='"$(DATADIR)/dictionaries"'
LDLIBS  := $(PKG_LIBS) -lpthread -lm
ifeq ($(SAN),1)
  CG_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all
  LDFLAGS   += -fsanitize=address,undefined
endif

LIB_SRC  := $(sort $(shell find src -name '*.c' -not -path 'src/cli/*'))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tools/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_BIN := $(TOOL_SRC:tools/%.c=$(BUILD)/tools/%)

BIN := $(BUILD)/claimgraph
LIB := $(BUILD)/libclaimgraph.a
LIB_INT := $(BUILD)/libclaimgraph-internal.a
SO  := $(BUILD)/libclaimgraph.so

.PHONY: all deps run check test test-unit test-golden test-cli sanitize \
        bench eval eval-html install install-check clean lib

all: $(BIN) $(LIB) $(SO) $(TOOL_BIN)
lib: $(LIB)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CG_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

# The installed archive is one object in which only the cg_ names stay
# global (the shared library's exports.map, for static linking): the
# library's files share helpers under short prefixes (xdoc_, cargs_ ...)
# that must not clash with a program's own names.  The tests and tools,
# which call those helpers, link the plain archive of every object.
$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -r -nostdlib -o $(BUILD)/obj/claimgraph-all.o $(LIB_OBJ)
	objcopy --wildcard --keep-global-symbol='cg_*' $(BUILD)/obj/claimgraph-all.o \
	  $(BUILD)/obj/claimgraph-lib.o
	rm -f $@ && ar rcs $@ $(BUILD)/obj/claimgraph-lib.o

$(LIB_INT): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(SO): $(LIB_OBJ) src/exports.map
	$(CC) -shared -Wl,-soname,libclaimgraph.so.0 -Wl,--version-script=src/exports.map \
	  $(LDFLAGS) -o $@ $(LIB_OBJ) $(LDLIBS)

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB_INT)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB_INT) $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/obj/tools/%.o $(LIB_INT)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB_INT) $(LDLIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Test and tool objects are not intermediate: keep them between runs.
.SECONDARY:

# ---- set-up ---------------------------------------------------------------
deps:
	@sh tools/install-deps.sh

# ---- the two commands -----------------------------------------------------
run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(BUILD)/out
	$(BIN) ingest corpus/ -o $(BUILD)/out/corpus.ingest.jsonl
	$(BIN) extract corpus/ -o $(BUILD)/out/corpus.extract.jsonl
	$(BIN) reconcile $(BUILD)/out/corpus.extract.jsonl -o $(BUILD)/out/corpus.graph.json
	@echo "wrote $(BUILD)/out/corpus.ingest.jsonl, corpus.extract.jsonl ($$(wc -l < $(BUILD)/out/corpus.extract.jsonl) documents) and corpus.graph.json"

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory sanitize

sanitize:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 CFLAGS='-O1 -g' test

test: all $(TEST_BIN)
	@$(MAKE) --no-print-directory install-check
	@sh tests/run-tests.sh $(BUILD)

# Install into a scratch prefix, then use it as a user would: the command
# with its installed dictionaries, and a program built against the library
# through pkg-config.
install-check:
	@rm -rf $(BUILD)/inst
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)/inst-build SAN=$(SAN) CFLAGS='$(CFLAGS)' \
	  PREFIX=$(abspath $(BUILD))/inst install >/dev/null
	@$(BUILD)/inst/bin/claimgraph dict check >/dev/null
	@test -f $(BUILD)/inst/share/man/man1/claimgraph.1
	@printf '#include <claimgraph/claimgraph.h>\n#include <stdio.h>\nint main(void) { cg_error e; cg_extractor *x = cg_extractor_new(CG_DICTS, &e); if (!x) { puts(e.message); return 1; } cg_extractor_free(x); puts(cg_version()); return 0; }\n' > $(BUILD)/inst/embed.c
	@$(CC) $(CG_CFLAGS) -DCG_DICTS='"$(abspath $(BUILD))/inst/share/claimgraph/dictionaries"' \
	  $(BUILD)/inst/embed.c -o $(BUILD)/inst/embed $(LDFLAGS) \
	  $$(PKG_CONFIG_PATH=$(abspath $(BUILD))/inst/lib/pkgconfig pkg-config --cflags --libs claimgraph) \
	  -Wl,-rpath,$(abspath $(BUILD))/inst/lib
	@$(BUILD)/inst/embed >/dev/null
	@$(CC) $(CG_CFLAGS) -DCG_DICTS='"$(abspath $(BUILD))/inst/share/claimgraph/dictionaries"' \
	  $(BUILD)/inst/embed.c -o $(BUILD)/inst/embed-static $(LDFLAGS) \
	  -I$(BUILD)/inst/include $(BUILD)/inst/lib/libclaimgraph.a $(LDLIBS)
	@$(BUILD)/inst/embed-static >/dev/null
	@for f in "-D libclaimgraph.so" "-g libclaimgraph.a"; do set -- $$f; \
	  bad=$$(nm $$1 --defined-only $(BUILD)/inst/lib/$$2 | awk 'NF == 3 { print $$3 }' | \
	    grep -v '^cg_' | head -n 5 | tr '\n' ' '); \
	  if [ -n "$$bad" ]; then echo "install: FAIL: $$2 exports names without cg_: $$bad"; \
	  exit 1; fi; done
	@echo "install: 3 passed, 0 failed"

# ---- measuring ------------------------------------------------------------
eval: all
	@if [ -d $(SHARED)/corpus-dev ]; then \
	  $(BIN) eval --gold $(SHARED)/corpus-dev; \
	else echo "eval: skipped ($(SHARED)/corpus-dev not found)"; fi

eval-html: all
	@if [ -d $(SHARED)/data/readability-test-pages ]; then \
	  $(BUILD)/tools/eval_html $(SHARED)/data/readability-test-pages; \
	else echo "eval-html: skipped ($(SHARED)/data/readability-test-pages not found)"; fi

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tools/bench.sh $(BUILD)
	@sh tools/bench-reconcile.sh $(BUILD)

# ---- installing -----------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(INCDIR)/claimgraph $(DESTDIR)$(DATADIR)/dictionaries/entities
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/claimgraph
	install -m 644 docs/claimgraph.1 $(DESTDIR)$(MANDIR)/man1/claimgraph.1
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libclaimgraph.a
	install -m 755 $(SO) $(DESTDIR)$(LIBDIR)/libclaimgraph.so.$(VERSION)
	ln -sf libclaimgraph.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libclaimgraph.so.0
	ln -sf libclaimgraph.so.0 $(DESTDIR)$(LIBDIR)/libclaimgraph.so
	install -m 644 include/claimgraph/*.h $(DESTDIR)$(INCDIR)/claimgraph/
	install -m 644 dictionaries/*.tsv $(DESTDIR)$(DATADIR)/dictionaries/
	install -m 644 dictionaries/entities/*.tsv $(DESTDIR)$(DATADIR)/dictionaries/entities/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|; s|@VERSION@|$(VERSION)|; s|@PKGS@|$(PKGS)|' \
	  claimgraph.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/claimgraph.pc

clean:
	rm -rf $(BUILD)

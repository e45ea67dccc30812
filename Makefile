# Makefile for the canal2redis tool set: kcat-lite | canal2ops | ops2redis.
# Each tool's folder has a build.mk that adds to PROGS, MANS and the rules.

VERSION   = 0.2.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
CGIDIR   ?= $(PREFIX)/lib/cgi-bin
MANPREFIX ?= $(PREFIX)/share/man
DOCDIR   ?= $(PREFIX)/share/doc/canal2redis
EXAMPLESDIR ?= $(DOCDIR)/examples
DESTDIR  ?=

CC       ?= cc
PKG_CONFIG ?= pkg-config
YAJL_CFLAGS    ?= $(shell $(PKG_CONFIG) --cflags yajl)
YAJL_LIBS      ?= $(shell $(PKG_CONFIG) --libs yajl)
HIREDIS_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags hiredis)
HIREDIS_LIBS   ?= $(shell $(PKG_CONFIG) --libs hiredis)
RDKAFKA_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags rdkafka)
RDKAFKA_LIBS   ?= $(shell $(PKG_CONFIG) --libs rdkafka)
MARIADB_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags libmariadb)
MARIADB_LIBS   ?= $(shell $(PKG_CONFIG) --libs libmariadb)
CMOCKA_LIBS    ?= $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WERROR   ?=
WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wwrite-strings \
            -Wmissing-prototypes -Wpointer-arith -Wformat=2
CFLAGS   ?= -O2 -g
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DVERSION=\"$(VERSION)\" -Icommon
ALL_CFLAGS = -std=c11 $(WARN) $(if $(WERROR),-Werror) $(CFLAGS)

# Sanitizer build: every object also exists as NAME.san.o, every program as
# PROG.san; `make check` runs the unit tests and the filter tests with these.
SAN_FLAGS ?= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -O1 -g

PROGS =
MANS  =
CLEANFILES =
# Installed beside the programs: scripts (to BINDIR), CGI programs (to
# CGIDIR instead of BINDIR), and examples as SOURCE:NAME (to EXAMPLESDIR).
SCRIPTS =
CGI_PROGS =
EXAMPLES =

all: progs

UNIT_TESTS =
FUZZ_TARGETS =
FUZZ_CC    ?= clang
FUZZ_FLAGS ?= -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

include common/build.mk
include $(sort $(filter-out common/build.mk,$(wildcard */build.mk)))

progs: $(PROGS)
san: $(PROGS:=.san)

# Unit tests (cmocka) are built with the sanitizers. Fuzz targets need
# clang's libFuzzer; without clang they are skipped and test/run says so.
unit-tests: $(UNIT_TESTS)
fuzz-build:
	@if command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory $(FUZZ_TARGETS); \
	else echo "fuzz: $(FUZZ_CC) not found, fuzz targets not built" >&2; fi

%.o: %.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(EXTRA_CFLAGS) -MMD -MP -c -o $@ $<
%.san.o: %.c
	$(CC) $(CPPFLAGS) -std=c11 $(WARN) $(if $(WERROR),-Werror) $(SAN_FLAGS) $(EXTRA_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find . -name '*.d' -not -path './.git/*' 2>/dev/null)

# The programs that print VERSION are rebuilt when it changes.
VERSION_SRC = $(shell grep -lw VERSION $(wildcard */*.c) 2>/dev/null)
$(VERSION_SRC:.c=.o) $(VERSION_SRC:.c=.san.o): Makefile

deps:
	@scripts/deps

# Tests: unit tests (sanitizer build), then every test script.
# TESTS=... picks scripts; VARIANT=plain runs them on the plain build.
check:
	@scripts/deps
	@$(MAKE) --no-print-directory progs san unit-tests fuzz-build
	@test/run $(TESTS)

bench:
	@scripts/deps
	@$(MAKE) --no-print-directory progs
	@bench/run $(BENCHES)

demo:
	@scripts/deps demo
	@$(MAKE) --no-print-directory progs
	@scripts/demo

# The original lab tutorial's insert, update and delete on the live stack
# (scripts/stack: MariaDB, Canal, Kafka, Redis on private ports) through
# kcat-lite | canal2ops | ops2redis.
live:
	@scripts/deps
	@$(MAKE) --no-print-directory progs
	@examples/live.sh

# Installed files name the installed paths: the default ones (/usr/local/...)
# in the sources are replaced by the ones of this install.
SUBST = sed -e 's|/usr/local/share/doc/canal2redis/examples|$(EXAMPLESDIR)|g' \
	-e 's|/usr/local/lib/cgi-bin|$(CGIDIR)|g' -e 's|/usr/local/bin|$(BINDIR)|g'
INSTALL_STRIP =

install: progs
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(CGIDIR) $(DESTDIR)$(EXAMPLESDIR)
	for p in $(filter-out $(CGI_PROGS),$(PROGS)); do \
	    install -m 755 $(INSTALL_STRIP) $$p $(DESTDIR)$(BINDIR)/ || exit 1; done
	for p in $(CGI_PROGS); do \
	    install -m 755 $(INSTALL_STRIP) $$p $(DESTDIR)$(CGIDIR)/ || exit 1; done
	for p in $(SCRIPTS); do \
	    install -m 755 $$p $(DESTDIR)$(BINDIR)/ || exit 1; done
	for m in $(MANS); do d=$(DESTDIR)$(MANPREFIX)/man$${m##*.}; \
	    mkdir -p $$d && $(SUBST) $$m > $$d/$${m##*/} && chmod 644 $$d/$${m##*/} || exit 1; done
	install -m 644 README.md NEWS LICENSE $(DESTDIR)$(DOCDIR)/
	for e in $(EXAMPLES); do f=$(DESTDIR)$(EXAMPLESDIR)/$${e#*:}; \
	    $(SUBST) $${e%%:*} > $$f && chmod 644 $$f || exit 1; done

install-strip:
	$(MAKE) --no-print-directory install INSTALL_STRIP=-s

uninstall:
	for p in $(filter-out $(CGI_PROGS),$(PROGS)) $(SCRIPTS); do rm -f $(DESTDIR)$(BINDIR)/$${p##*/}; done
	for p in $(CGI_PROGS); do rm -f $(DESTDIR)$(CGIDIR)/$${p##*/}; done
	for m in $(MANS); do rm -f $(DESTDIR)$(MANPREFIX)/man$${m##*.}/$${m##*/}; done
	rm -f $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/NEWS $(DESTDIR)$(DOCDIR)/LICENSE
	for e in $(EXAMPLES); do rm -f $(DESTDIR)$(EXAMPLESDIR)/$${e#*:}; done
	-rmdir $(DESTDIR)$(EXAMPLESDIR) $(DESTDIR)$(DOCDIR)

lint-man:
	mandoc -Tlint -W warning $(MANS)

clean:
	rm -f $(PROGS) $(PROGS:=.san) $(UNIT_TESTS) $(FUZZ_TARGETS) $(CLEANFILES)
	find . -name '*.o' -o -name '*.d' -o -name '*.a' | grep -v '^./.git' | xargs rm -f

.PHONY: all progs san deps check bench demo live install install-strip uninstall lint-man clean unit-tests fuzz-build

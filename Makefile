# zorgkluis: the two commands a newcomer needs, and a few more.
#
#   make run    install dependencies, build, create a demo database (two
#               organisations on PROFILE), serve it
#   make run-pg the same demo on a throw-away PostgreSQL server, removed
#               when it stops
#   make check  install dependencies, build with -Werror, run every test
#               on SQLite and on a throw-away PostgreSQL server, then run
#               them again under ASan and UBSan (on SQLite); each run has
#               a fresh TMPDIR and fails if a test leaves anything in it
#   make bench  run the benchmarks (see docs/performance.md)
#   make screenshots  run the browser tests and keep their screenshots
#               in docs/img/ui (docs/ui.md and the README show them)
#   make fuzz   build the libFuzzer harnesses with clang and run each for
#               FUZZ_SECONDS (see tests/fuzz/README.md)
#   make install  after make build: the binary, its man page and a systemd
#               unit under PREFIX (default /usr/local), staged in DESTDIR

MAKEFLAGS += --no-print-directory

JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
BUILD   ?= build
SAN     ?= build-san
DB      ?= var/zorgkluis.db
PROFILE ?= profiles/woondroomzorg.json
LISTEN  ?= 127.0.0.1:8080
FUZZ    ?= build-fuzz
FUZZ_SECONDS ?= 60
PREFIX  ?= /usr/local
DESTDIR ?=
ZK      ?= $(BUILD)/zorgkluis

.PHONY: all deps build run run-pg check test test-san bench fuzz install clean screenshots

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DZK_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p var
	@if [ ! -f $(DB) ]; then \
	  $(BUILD)/zorgkluis init --db $(DB) --profile $(PROFILE) --demo \
	    >$(DB).init.log 2>&1 || { cat $(DB).init.log; exit 1; }; \
	fi
	@bash scripts/demo-banner.sh $(BUILD)/zorgkluis $(DB) $(LISTEN)
	@$(BUILD)/zorgkluis serve --db $(DB) --listen $(LISTEN)

run-pg: build
	@bash scripts/run-pg.sh $(BUILD)/zorgkluis $(PROFILE) $(LISTEN)

check: build
	@bash scripts/install-deps.sh check
	@bash scripts/check-leftovers.sh $(BUILD) -j $(JOBS)
	@cmake -S . -B $(SAN) -DZK_WERROR=ON -DZK_ASAN=ON -DZK_UBSAN=ON \
	  -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(SAN) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ZK_CHECK_PG=0 \
	  bash scripts/check-leftovers.sh $(SAN) -j $(JOBS) -LE pgsql

bench: build
	@bash scripts/install-deps.sh bench
	@bash bench/run.sh $(BUILD)

screenshots: build
	@bash scripts/install-deps.sh check
	@mkdir -p docs/img/ui
	@cd $(BUILD) && ZK_WEB_SHOTS=$(CURDIR)/docs/img/ui ctest -L web --output-on-failure

fuzz:
	@bash scripts/install-deps.sh fuzz
	@cmake -S . -B $(FUZZ) -DCMAKE_C_COMPILER=clang -DZK_FUZZ=ON \
	  -DZK_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(FUZZ) -j $(JOBS)
	@bash tests/fuzz/run.sh $(FUZZ) $(FUZZ_SECONDS)

install:
	@test -x $(ZK) || { echo "make install: no $(ZK); run make build first" >&2; exit 1; }
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 0755 $(ZK) $(DESTDIR)$(PREFIX)/bin/zorgkluis
	install -m 0644 docs/zorgkluis.1 $(DESTDIR)$(PREFIX)/share/man/man1/zorgkluis.1
	sed 's|@BINDIR@|$(PREFIX)/bin|g' contrib/zorgkluis.service \
	  >$(DESTDIR)$(PREFIX)/lib/systemd/system/zorgkluis.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/zorgkluis.service

clean:
	rm -rf $(BUILD) $(SAN) $(FUZZ)

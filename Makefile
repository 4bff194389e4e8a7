# Hunar: one Kore module (hunar.so), a few plain programs, and the tests.
#
#   make            build hunar.so and the programs
#   make run        everything up with demo data, in the foreground
#   make up/down    the same, in the background / stop it
#   make test       unit + integration + browser tests (sanitised build)
#   make bench      the benchmarks under bench/
#   make cluster-up/cluster-down/cluster-test  the loopback cluster (infra/cluster)

CC?=		cc
FEATURES:=	$(shell cat /usr/share/kore/features 2>/dev/null)

# Kore's own warning set (its examples), plus -Werror in the test build.
WARN=		-Wall -Wextra -Wno-unused-parameter -Wmissing-declarations \
		-Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		-Wpointer-arith -Wcast-qual -Wsign-compare
CFLAGS+=	-std=c99 -D_GNU_SOURCE -fPIC -g -O2 -I. $(WARN) $(FEATURES)
LIBS=		-lhiredis -lmsgpackc -lsodium -lpq -lm
PROGLIBS=	$(LIBS) -lcurl

ifeq ($(SAN),1)
BUILD?=		build-san
CFLAGS+=	-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=undefined -Werror
LDFLAGS+=	-fsanitize=address,undefined
endif
BUILD?=		build

MODULES=	infra web ussd courses matching programmes
# A domain's plain programs (daemons) are <domain>/hunar_*.c: each has a
# main() and links the pure objects; everything else is the Kore module.
DAEMON_SRCS:=	$(wildcard $(addsuffix /hunar_*.c,$(MODULES)))
SRCS:=		$(filter-out $(DAEMON_SRCS),\
		    $(wildcard $(addsuffix /*.c,$(MODULES))))
# Pure files include no Kore header: they go into the unit tests and the
# plain programs as well as into the module.
PURE:=		$(shell grep -L '<kore/' $(SRCS) /dev/null | grep -v /dev/null)
OBJS:=		$(SRCS:%.c=$(BUILD)/%.o)
PURE_OBJS:=	$(PURE:%.c=$(BUILD)/%.o)
UNIT_SRCS:=	$(wildcard tests/unit/*.c)
UNIT_OBJS:=	$(UNIT_SRCS:%.c=$(BUILD)/%.o)
PROG_SRCS:=	$(DAEMON_SRCS) $(wildcard bench/*.c)
PROGS:=		$(patsubst %.c,$(BUILD)/bin/%,$(notdir $(PROG_SRCS)))
HDRS:=		$(wildcard */*.h tests/unit/*.h)

all: sqlcheck $(BUILD)/hunar.so $(BUILD)/unit $(PROGS)

# Migration file names and versions (unique across */sql/): no database.
sqlcheck:
	@bash infra/migrate --check

$(BUILD)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/hunar.so: $(OBJS)
	$(CC) -shared $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/unit: $(UNIT_OBJS) $(PURE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJS) $(PURE_OBJS) $(LIBS)

$(foreach m,$(MODULES),$(eval $(BUILD)/bin/%: $(m)/%.c $(PURE_OBJS) $(HDRS) ; \
	@mkdir -p $$(dir $$@) && \
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$< $$(PURE_OBJS) $$(PROGLIBS)))

$(BUILD)/bin/%: bench/%.c $(PURE_OBJS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(PURE_OBJS) $(PROGLIBS)

# libFuzzer targets (tests/fuzz/fuzz_*.c) over the pure cores, built by
# clang with ASan/UBSan; `make fuzz` runs each 300 s, make test 5 s.
FUZZ_CC?=	clang-14
FUZZ_CFLAGS=	-std=c99 -D_GNU_SOURCE -g -O1 -I. $(FEATURES) \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_PURE:=	$(PURE:%.c=build-fuzz/obj/%.o)
FUZZERS:=	$(patsubst tests/fuzz/%.c,build-fuzz/%,\
		    $(wildcard tests/fuzz/fuzz_*.c))

build-fuzz/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_PURE) $(HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_PURE) \
	    $(LIBS)

fuzzers: $(FUZZERS)

# Kept between runs (make deletes a chain's intermediate files).
.SECONDARY: $(FUZZ_PURE)

fuzz: install-deps
	bash tests/fuzz/run $${FUZZ_SECONDS:-300}

restore-test: install-deps
	bash tests/restore/run

# Faults under MO and MT load against the running stack (make up first),
# one table row per fault (tests/chaos/README.md): Kore killed then held
# down CHAOS_SECONDS (30) and CHAOS_LONG (300), each daemon killed, Redis,
# PostgreSQL and Kannel stopped, poison, slow connections.  chaos-long:
# the 10-minute Kore outage alone (issue 13, deliverable 1).
chaos: install-deps all
	bash -c 'set -a; [ -f infra/hunar.env.local ] && . infra/hunar.env.local; \
	    . infra/hunar.env; set +a; python3 tests/chaos/run.py'

chaos-long: install-deps all
	bash -c 'set -a; [ -f infra/hunar.env.local ] && . infra/hunar.env.local; \
	    . infra/hunar.env; set +a; CHAOS_LONG=0 \
	    CHAOS_LONGEST=$${CHAOS_LONGEST:-600} python3 tests/chaos/run.py \
	    "down $${CHAOS_LONGEST:-600}s"'

install-deps:
	bash infra/install

unit: $(BUILD)/unit
	./$(BUILD)/unit

# The demo turns the browser phone (/phone) on; HUNAR_PHONE=0 keeps it off.
run: install-deps all
	HUNAR_PHONE=$${HUNAR_PHONE:-1} bash infra/stack run

up: install-deps all
	HUNAR_PHONE=$${HUNAR_PHONE:-1} bash infra/stack up

down:
	bash infra/stack down

status:
	bash infra/stack status

test: install-deps
	bash tests/run

bench: install-deps all
	bash bench/run

cluster-deps:
	@command -v haproxy >/dev/null && command -v patroni >/dev/null && \
	    command -v pgbouncer >/dev/null && command -v redis-sentinel >/dev/null && \
	    command -v etcd >/dev/null && command -v etcdctl >/dev/null || \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	    haproxy etcd-server etcd-client patroni pgbouncer redis-sentinel

cluster-up: install-deps cluster-deps all
	bash infra/cluster/cluster up

cluster-down:
	bash infra/cluster/cluster down

cluster-test: install-deps cluster-deps all
	bash infra/cluster/chaos

# Fails on a cppcheck warning or on a file that crosses the map's lines
# (tests/arch/check: includes, READMEs, stale paths, function lengths).
lint:
	cppcheck --quiet --error-exitcode=1 --inline-suppr \
	    --enable=warning,portability --suppress=missingIncludeSystem \
	    -I. $(MODULES) bench
	python3 tests/arch/check

clean:
	rm -rf build build-san build-fuzz

.PHONY: chaos chaos-long restore-test fuzzers fuzz all sqlcheck install-deps unit run up down status test bench lint clean \
		cluster-deps cluster-up cluster-down cluster-test

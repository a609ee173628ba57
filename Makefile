# Ward Kiosk. `make run` and `make test` do all the set-up on a fresh
# Debian 12 machine: missing packages, Go modules, the build.

GO      ?= go
BIN     := bin/kiosk
DATA    ?= .data
PKGS    := ./...
STAMP   := bin/.deps
# mailpit is the real SMTP server the mail tests and benchmarks deliver to,
# on loopback; the stamp names the version so a bump reinstalls it.
MAILPIT_VERSION := v1.33.1
MAILPIT := bin/.mailpit-$(MAILPIT_VERSION)
# staticcheck is installed from its own go.mod, not kept as a tool in
# ours: it then builds with the x/tools it was released with, and its
# modules stay out of the kiosk's module graph, where they would share
# versions with the product. It refuses a module whose go line is newer
# than the Go it was built with, so the stamp names the Go version too.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/.staticcheck-$(STATICCHECK_VERSION)-$(shell $(GO) env GOVERSION 2>/dev/null)
# gremlins mutates the auth core one change at a time and runs its tests:
# a mutant that lives is a rule no test pins down. Installed like
# staticcheck, from its own go.mod.
GREMLINS_VERSION := v0.6.0
GREMLINS := bin/.gremlins-$(GREMLINS_VERSION)
# The kiosk API's generators, pinned like the linters; protoc itself is
# Debian's protobuf-compiler (scripts/install-deps.sh). make generate
# rewrites api/gen from api/kiosk/v1/kiosk.proto; the result is committed.
PROTOC_GEN_GO_VERSION := v1.36.12
PROTOC_GEN_CONNECT_VERSION := v1.21.1
PROTOC_GEN_GO := bin/.protoc-gen-go-$(PROTOC_GEN_GO_VERSION)
PROTOC_GEN_CONNECT := bin/.protoc-gen-connect-go-$(PROTOC_GEN_CONNECT_VERSION)

.PHONY: run test lint bench build deps fmt vet fuzz mutate clean demo-smartcard generate generate-check fleet deb

# run creates the demo data set on first use, then starts the kiosk in
# this terminal with ctrl+c allowed (kiosk mode off).
run: build
	@if [ ! -e "$(DATA)/kiosk.db" ]; then \
		echo "Creating the demo data set in $(DATA):"; \
		$(BIN) --data "$(DATA)" demo; \
	fi
	KIOSK_KIOSK_MODE=false $(BIN) --data "$(DATA)"

# test runs lint first, so a finding fails it before the slow tests run.
# It builds the packages for the install test (see test-deb).
test: lint $(MAILPIT) deb
	KIOSK_DEB_DIR=$(CURDIR)/dist $(GO) test -race -count=1 $(PKGS)

# test-deb runs only the package install test: make deb, then apt
# installs the terminal's package into a fresh minimal Debian 12 root
# and the test checks what it promises through reinstall, remove and
# purge (packaging/installtest). It needs root (chroot, dpkg; elsewhere
# it skips) and a Debian mirror (KIOSK_DEB_MIRROR names another than
# Debian's); the debootstrapped root is cached in ~/.cache/ward-kiosk:
# under a minute the first time, seconds after, so test runs it too.
.PHONY: test-deb
test-deb: deps deb
	KIOSK_DEB_DIR=$(CURDIR)/dist $(GO) test -count=1 -v ./packaging/installtest

# lint is every check that runs no test: formatting, a tidy go.mod and
# go.sum, vet and staticcheck.
lint: deps $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) mod tidy -diff
	$(GO) vet $(PKGS)
	bin/staticcheck $(PKGS)

bench: deps $(MAILPIT)
	@$(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS) | tee bin/bench.txt | $(GO) run ./tools/benchtable

build: deps
	$(GO) build -o $(BIN) ./cmd/kiosk

# demo-smartcard starts pcscd with the vsmartcard-vpcd reader (unless a
# pcscd runs already) and inserts DEMO_USER's virtual card; then type
# remove, insert or quit. For demos only: never install vsmartcard-vpcd on
# a production kiosk.
DEMO_USER ?= 382JSMITH01
demo-smartcard: build
	$(GO) build -o bin/vcard ./cmd/vcard
	@if [ ! -e "$(DATA)/kiosk.db" ]; then \
		echo "Creating the demo data set in $(DATA):"; \
		$(BIN) --data "$(DATA)" demo; \
	fi
	./scripts/demo-smartcard.sh "$(DATA)" "$(DEMO_USER)"

# fleet starts a Trust on this machine: PostgreSQL in a temporary
# directory, a throwaway CA with the service's and three terminals'
# certificates, two service instances and mailpit, and prints how to start
# client kiosks against them (README: A fleet on one machine).
fleet: build $(MAILPIT)
	$(GO) run ./tools/fleet --kiosk $(BIN) --mailpit bin/mailpit --dir .fleet

# deb builds the Debian packages into dist/: ward-kiosk (the terminal)
# and ward-kiosk-server (the service), with nfpm (pinned in go.mod) from
# packaging/*.yaml; the version comes from git (docs/deploy.md).
deb: deps
	$(GO) run ./tools/mkdeb --out dist

# deps installs missing Debian packages and downloads Go modules; the
# stamp keeps it from asking apt on every build.
deps: $(STAMP)
$(STAMP): scripts/install-deps.sh go.mod go.sum
	./scripts/install-deps.sh
	$(GO) mod download
	@mkdir -p bin && touch $@

$(MAILPIT): | $(STAMP)
	GOBIN=$(CURDIR)/bin $(GO) install github.com/axllent/mailpit@$(MAILPIT_VERSION)
	@touch $@

$(STATICCHECK): | $(STAMP)
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	@touch $@

$(PROTOC_GEN_GO): | $(STAMP)
	GOBIN=$(CURDIR)/bin $(GO) install google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
	@touch $@

$(PROTOC_GEN_CONNECT): | $(STAMP)
	GOBIN=$(CURDIR)/bin $(GO) install connectrpc.com/connect/cmd/protoc-gen-connect-go@$(PROTOC_GEN_CONNECT_VERSION)
	@touch $@

# generate regenerates the kiosk API's Go code from its .proto files.
generate: $(PROTOC_GEN_GO) $(PROTOC_GEN_CONNECT)
	rm -rf api/gen && mkdir -p api/gen
	PATH="$(CURDIR)/bin:$$PATH" protoc -I api \
		--go_out=api/gen --go_opt=paths=source_relative \
		--connect-go_out=api/gen --connect-go_opt=paths=source_relative \
		$$(find api -name '*.proto' -not -path 'api/gen/*' | sort)

# generate-check fails when the committed generated code is not what
# make generate writes.
generate-check: generate
	@git diff --exit-code --stat -- api/gen && test -z "$$(git status --porcelain -- api/gen)" || \
		{ echo "api/gen is out of date: run make generate and commit it"; exit 1; }

$(GREMLINS): | $(STAMP)
	GOBIN=$(CURDIR)/bin $(GO) install github.com/go-gremlins/gremlins/cmd/gremlins@$(GREMLINS_VERSION)
	@touch $@

# mutate reports the mutation score (efficacy: killed over killed and
# lived) of the auth core and its password policy: ./auth takes in
# auth/policy. It is slow (half an hour on two cores) and not part of test;
# each package's own tests judge its mutants. Listed: those that lived or
# timed out; auth/MUTANTS.md names the ones no test can kill. -count=1:
# gremlins times each mutant against its coverage run, which a cached
# test result would make a fraction of a second.
mutate: $(GREMLINS)
	GOFLAGS=-count=1 bin/gremlins unleash --workers 1 --timeout-coefficient 10 -S lt ./auth

fuzz: deps
	$(GO) test -run '^$$' -fuzz FuzzCheck -fuzztime 30s ./auth/policy/

clean:
	rm -rf bin dist

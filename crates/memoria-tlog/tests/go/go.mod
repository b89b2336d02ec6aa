// The independent verifier run by tests/it/go.rs. It builds offline against Debian's
// golang-golang-x-mod-dev (0.7.0), which installs the module's source under
// /usr/share/gocode; run it as the test does:
//   GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off go run . DIR...
module memoria.invalid/tlog-verify

go 1.19

require golang.org/x/mod v0.7.0

replace golang.org/x/mod => /usr/share/gocode/src/golang.org/x/mod

// The independent client run by tests/it/log.rs: Go's own sumdb/tlog and sumdb/note
// (golang.org/x/mod) read a running Memoria's transparency log over HTTP. It builds
// offline against Debian's golang-golang-x-mod-dev (0.7.0), which installs the module's
// source under /usr/share/gocode; run it as the test does:
//   GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off go run . -url URL -token T -vkey K
module memoria.invalid/log-client

go 1.19

require golang.org/x/mod v0.7.0

replace golang.org/x/mod => /usr/share/gocode/src/golang.org/x/mod

// The independent checker of what `memoria log` prints, run by tests/it/log.rs. It
// builds offline against Debian's golang-golang-x-mod-dev (0.7.0):
//   GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off go run . ARGS...
module memoria.invalid/log-receipt

go 1.19

require golang.org/x/mod v0.7.0

replace golang.org/x/mod => /usr/share/gocode/src/golang.org/x/mod

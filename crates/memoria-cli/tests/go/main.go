// Command receipt checks, with Go's golang.org/x/mod/sumdb/{note,tlog} and nothing
// of Memoria's, what `memoria log` printed:
//
//	receipt VKEY RECEIPT ENTRY                 inclusion: the c2sp.org/tlog-proof@v1
//	                                           receipt shows ENTRY (the bytes `memoria
//	                                           log entry` printed) in the signed tree
//	receipt VKEY RECEIPT ENTRY OLD CONSISTENCY also: the consistency proof shows the
//	                                           signed tree extends the checkpoint OLD
//
// It prints "ok" and exits 0, or prints why not and exits 1.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...any) {
	fmt.Printf(format+"\n", args...)
	os.Exit(1)
}

func read(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	return b
}

// open verifies a signed checkpoint and returns its size and root.
func open(verifier note.Verifier, signed string) (int64, tlog.Hash) {
	n, err := note.Open([]byte(signed), note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint: too few lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	root, err := hash(lines[2])
	if err != nil {
		fail("checkpoint root: %v", err)
	}
	return size, root
}

func hash(b64 string) (tlog.Hash, error) {
	var h tlog.Hash
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != len(h) {
		return h, fmt.Errorf("not a base64 hash: %q", b64)
	}
	copy(h[:], raw)
	return h, nil
}

// split reads "header\n[key value\n]...hashes\n\ncheckpoint".
func split(text, header, key string) (int64, []tlog.Hash, string) {
	head, cp, ok := strings.Cut(text, "\n\n")
	if !ok {
		fail("no blank line before the checkpoint")
	}
	lines := strings.Split(head, "\n")
	if lines[0] != header {
		fail("first line %q, want %q", lines[0], header)
	}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], key+" ") {
		fail("no %s line", key)
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(lines[0], key+" "), 10, 64)
	if err != nil {
		fail("%s: %v", key, err)
	}
	var proof []tlog.Hash
	for _, l := range lines[1:] {
		h, err := hash(l)
		if err != nil {
			fail("%v", err)
		}
		proof = append(proof, h)
	}
	return n, proof, cp
}

func main() {
	if len(os.Args) != 4 && len(os.Args) != 6 {
		fail("usage: receipt VKEY RECEIPT ENTRY [OLD-CHECKPOINT CONSISTENCY]")
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(read(os.Args[1]))))
	if err != nil {
		fail("vkey: %v", err)
	}
	index, proof, cp := split(string(read(os.Args[2])), "c2sp.org/tlog-proof@v1", "index")
	size, root := open(verifier, cp)
	entry := bytes.TrimSuffix(read(os.Args[3]), []byte("\n"))
	if err := tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(entry)); err != nil {
		fail("inclusion of entry %d in tree %d: %v", index, size, err)
	}
	if len(os.Args) == 6 {
		oldSize, oldRoot := open(verifier, string(read(os.Args[4])))
		old, tproof, newCp := split(string(read(os.Args[5])), "memoria.consistency-proof@v1", "old-size")
		newSize, newRoot := open(verifier, newCp)
		if old != oldSize {
			fail("the proof is from size %d, the old checkpoint states %d", old, oldSize)
		}
		if err := tlog.CheckTree(tproof, newSize, newRoot, oldSize, oldRoot); err != nil {
			fail("consistency %d -> %d: %v", oldSize, newSize, err)
		}
	}
	fmt.Println("ok")
}

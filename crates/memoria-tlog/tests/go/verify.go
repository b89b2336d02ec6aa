// Command verify is the independent check of memoria-tlog: Go's own sumdb/tlog and
// sumdb/note (golang.org/x/mod) read what the Rust crate wrote and must agree with it.
//
// Usage: verify DIR...
//
// Each DIR holds a log that the Rust test generated:
//
//	entries          one entry per line, hex
//	vkey             the log's verifier key
//	checkpoint       the signed checkpoint of the whole log
//	bad-checkpoint*  checkpoints that must be refused
//	proofs           "inclusion ok|bad SIZE INDEX H,H,..." and
//	                 "consistency ok|bad OLD NEW H,H,..." ("-" for an empty proof)
//	tiles            "PATH HEX" per tile, C2SP paths (tile/L/N[.p/W])
//	newtiles         "OLD NEW PATH,PATH,..." the tiles Rust says change from OLD to NEW
//
// Go builds its own tree from the entries, so a wrong Rust root, proof or tile fails
// even where the Rust verifier would agree with the Rust prover.
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is fixed by C2SP tlog-tiles; Go's sumdb paths carry it, C2SP paths do not.
const tileHeight = 8

type storage map[int64]tlog.Hash

func (s storage) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		h, ok := s[x]
		if !ok {
			return nil, fmt.Errorf("no stored hash %d", x)
		}
		out[i] = h
	}
	return out, nil
}

func lines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out, sc.Err()
}

func hashList(field string) ([]tlog.Hash, error) {
	if field == "-" {
		return nil, nil
	}
	var out []tlog.Hash
	for _, x := range strings.Split(field, ",") {
		b, err := hex.DecodeString(x)
		if err != nil || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("bad hash %q", x)
		}
		var h tlog.Hash
		copy(h[:], b)
		out = append(out, h)
	}
	return out, nil
}

func equalProofs(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func checkDir(dir string) (string, error) {
	// The tree, built by Go alone.
	entryLines, err := lines(filepath.Join(dir, "entries"))
	if err != nil {
		return "", err
	}
	store := storage{}
	var entries [][]byte
	for i, l := range entryLines {
		d, err := hex.DecodeString(l)
		if err != nil {
			return "", fmt.Errorf("entry %d: %v", i, err)
		}
		entries = append(entries, d)
		hs, err := tlog.StoredHashes(int64(i), d, store)
		if err != nil {
			return "", err
		}
		base := tlog.StoredHashIndex(0, int64(i))
		for j, h := range hs {
			store[base+int64(j)] = h
		}
	}
	size := int64(len(entries))
	root, err := tlog.TreeHash(size, store)
	if err != nil {
		return "", err
	}

	// The checkpoint: signature by note.Open, content against Go's own root.
	vkey, err := os.ReadFile(filepath.Join(dir, "vkey"))
	if err != nil {
		return "", err
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return "", fmt.Errorf("vkey: %v", err)
	}
	known := note.VerifierList(verifier)
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		return "", err
	}
	n, err := note.Open(msg, known)
	if err != nil {
		return "", fmt.Errorf("checkpoint: %v", err)
	}
	want := fmt.Sprintf("%s\n%d\n%s\n", verifier.Name(), size, root.String())
	if n.Text != want {
		return "", fmt.Errorf("checkpoint text %q, Go computes %q", n.Text, want)
	}
	bad, _ := filepath.Glob(filepath.Join(dir, "bad-checkpoint*"))
	for _, b := range bad {
		msg, err := os.ReadFile(b)
		if err != nil {
			return "", err
		}
		if _, err := note.Open(msg, known); err == nil {
			return "", fmt.Errorf("%s: a tampered checkpoint verified", filepath.Base(b))
		}
	}

	// Proofs: Go's checks must accept the good ones, refuse the bad, and Go's own
	// proofs must be byte for byte the ones Rust made.
	proofLines, err := lines(filepath.Join(dir, "proofs"))
	if err != nil {
		return "", err
	}
	var nInc, nCons int
	for _, l := range proofLines {
		f := strings.Fields(l)
		if len(f) != 5 {
			return "", fmt.Errorf("bad proof line %q", l)
		}
		a, err1 := strconv.ParseInt(f[2], 10, 64)
		b, err2 := strconv.ParseInt(f[3], 10, 64)
		proof, err3 := hashList(f[4])
		if err1 != nil || err2 != nil || err3 != nil {
			return "", fmt.Errorf("bad proof line %q", l)
		}
		good := f[1] == "ok"
		switch f[0] {
		case "inclusion":
			nInc++
			th, err := tlog.TreeHash(a, store)
			if err != nil {
				return "", err
			}
			err = tlog.CheckRecord(tlog.RecordProof(proof), a, th, b, tlog.RecordHash(entries[b]))
			if good != (err == nil) {
				return "", fmt.Errorf("%s: Go CheckRecord says %v", l, err)
			}
			if good {
				mine, err := tlog.ProveRecord(a, b, store)
				if err != nil || !equalProofs(mine, proof) {
					return "", fmt.Errorf("%s: Go ProveRecord differs (%v)", l, err)
				}
			}
		case "consistency":
			nCons++
			h1, err1 := tlog.TreeHash(a, store)
			h2, err2 := tlog.TreeHash(b, store)
			if err1 != nil || err2 != nil {
				return "", fmt.Errorf("%s: tree hash", l)
			}
			err := tlog.CheckTree(tlog.TreeProof(proof), b, h2, a, h1)
			if good != (err == nil) {
				return "", fmt.Errorf("%s: Go CheckTree says %v", l, err)
			}
			if good {
				mine, err := tlog.ProveTree(b, a, store)
				if err != nil || !equalProofs(mine, proof) {
					return "", fmt.Errorf("%s: Go ProveTree differs (%v)", l, err)
				}
			}
		default:
			return "", fmt.Errorf("bad proof line %q", l)
		}
	}

	// Tiles: same names (modulo the height Go puts in its paths), same bytes.
	tileLines, err := lines(filepath.Join(dir, "tiles"))
	if err != nil {
		return "", err
	}
	for _, l := range tileLines {
		f := strings.Fields(l)
		if len(f) != 2 || !strings.HasPrefix(f[0], "tile/") {
			return "", fmt.Errorf("bad tile line %q", l)
		}
		goPath := fmt.Sprintf("tile/%d/%s", tileHeight, strings.TrimPrefix(f[0], "tile/"))
		t, err := tlog.ParseTilePath(goPath)
		if err != nil {
			return "", fmt.Errorf("%s: Go cannot parse %s: %v", f[0], goPath, err)
		}
		if t.Path() != goPath {
			return "", fmt.Errorf("%s: Go writes it as %s", f[0], t.Path())
		}
		data, err := tlog.ReadTileData(t, store)
		if err != nil {
			return "", fmt.Errorf("%s: %v", f[0], err)
		}
		if hex.EncodeToString(data) != f[1] {
			return "", fmt.Errorf("%s: contents differ from Go's", f[0])
		}
	}
	newLines, err := lines(filepath.Join(dir, "newtiles"))
	if err != nil {
		return "", err
	}
	for _, l := range newLines {
		f := strings.Fields(l)
		if len(f) != 3 {
			return "", fmt.Errorf("bad newtiles line %q", l)
		}
		old, err1 := strconv.ParseInt(f[0], 10, 64)
		nw, err2 := strconv.ParseInt(f[1], 10, 64)
		if err1 != nil || err2 != nil {
			return "", fmt.Errorf("bad newtiles line %q", l)
		}
		// Go's NewTiles lists every intermediate width of a partial tile (sumdb
		// publishes them all); C2SP has only the widths checkpoints committed to. So take
		// Go's tiles of each tree (widest per tile) and compare the difference.
		newSet := treeTiles(nw)
		for p := range treeTiles(old) {
			delete(newSet, p)
		}
		var goPaths []string
		for p := range newSet {
			goPaths = append(goPaths, p)
		}
		var rustPaths []string
		if f[2] != "-" {
			rustPaths = strings.Split(f[2], ",")
		}
		sort.Strings(goPaths)
		sort.Strings(rustPaths)
		if strings.Join(goPaths, ",") != strings.Join(rustPaths, ",") {
			return "", fmt.Errorf("new tiles %d -> %d: Go %v, Rust %v", old, nw, goPaths, rustPaths)
		}
	}
	return fmt.Sprintf("size %d: checkpoint + %d bad, %d inclusion, %d consistency, %d tiles, %d tile sets",
		size, len(bad), nInc, nCons, len(tileLines), len(newLines)), nil
}

// treeTiles is the set of C2SP tile paths of a tree of size n, computed by Go's tlog.
func treeTiles(n int64) map[string]bool {
	widest := map[[2]int64]tlog.Tile{}
	for _, t := range tlog.NewTiles(tileHeight, 0, n) {
		k := [2]int64{int64(t.L), t.N}
		if w, ok := widest[k]; !ok || t.W > w.W {
			widest[k] = t
		}
	}
	out := map[string]bool{}
	for _, t := range widest {
		out["tile/"+strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", tileHeight))] = true
	}
	return out
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: verify DIR...")
		os.Exit(2)
	}
	for _, dir := range os.Args[1:] {
		summary, err := checkDir(dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL %s: %v\n", dir, err)
			os.Exit(1)
		}
		fmt.Printf("ok %s: %s\n", filepath.Base(dir), summary)
	}
}

// Command client is the independent check of the transparency log a running Memoria
// serves: Go's own sumdb/tlog and sumdb/note (golang.org/x/mod) fetch it over HTTP, as
// any outside tool could, and must find it whole.
//
// Usage:
//
//	client -url BASE -token BEARER -vkey VKEY [-old FILE] [-save FILE]
//
// The token must be an installation administrator's (entry bundles and receipts need
// one). The client
//
//  1. checks that the checkpoint is refused without the token;
//  2. fetches /log/checkpoint and opens it with note.Open and the log's vkey;
//  3. reads the tree through tlog.TileHashReader over /log/tile/... (Go's sumdb paths
//     tile/8/L/N[.p/W] carry the tile height, C2SP's do not: the client drops it), which
//     itself checks every tile against the signed root;
//  4. fetches every entry bundle /log/tile/entries/N[.p/W] and proves each entry's
//     tlog.RecordHash in the signed tree (tlog.ProveRecord, tlog.CheckRecord);
//  5. asks /api/v1/log/proof for receipts of a few entries and checks that each is
//     signed, names the entry the bundle holds, and carries exactly the proof Go makes;
//  6. with -old, opens that earlier checkpoint and proves the signed tree extends it
//     (tlog.ProveTree, tlog.CheckTree), and checks /api/v1/log/consistency gives the
//     same proof;
//  7. with -save, writes the checkpoint it verified, for a later -old.
//
// It prints one "ok ..." line, or "FAIL: ..." on stderr and exits 1.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is fixed by C2SP tlog-tiles; Go's sumdb paths carry it, C2SP paths do not.
const tileHeight = 8

type server struct {
	base, token string
	http        *http.Client
}

// get fetches path with the bearer token (or without one when anonymous) and returns
// the status and the body.
func (s *server) get(path string, anonymous bool) (int, []byte, error) {
	req, err := http.NewRequest("GET", s.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	if !anonymous {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return resp.StatusCode, body, err
}

func (s *server) mustGet(path string) ([]byte, error) {
	status, body, err := s.get(path, false)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", path, err)
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", path, status)
	}
	return body, nil
}

// c2spPath is the C2SP name of a Go tile: tile/8/L/N → tile/L/N.
func c2spPath(t tlog.Tile) string {
	return "tile/" + strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", tileHeight))
}

// tiles reads hash tiles over HTTP for tlog.TileHashReader, each once.
type tiles struct {
	s       *server
	cache   map[string][]byte
	fetched int
}

func (r *tiles) Height() int { return tileHeight }

func (r *tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, t := range ts {
		p := c2spPath(t)
		if data, ok := r.cache[p]; ok {
			out[i] = data
			continue
		}
		data, err := r.s.mustGet("/log/" + p)
		if err != nil {
			return nil, err
		}
		if len(data) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("%s: %d bytes, want %d", p, len(data), t.W*tlog.HashSize)
		}
		r.cache[p] = data
		r.fetched++
		out[i] = data
	}
	return out, nil
}

func (r *tiles) SaveTiles([]tlog.Tile, [][]byte) {}

// tree is a checkpoint opened with the log's key.
type tree struct {
	origin string
	tlog.Tree
}

// openCheckpoint verifies a signed checkpoint with the log's key and reads its tree.
func openCheckpoint(msg []byte, verifier note.Verifier) (tree, error) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return tree{}, fmt.Errorf("the checkpoint does not verify: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return tree{}, fmt.Errorf("the checkpoint text %q is not origin, size, root", n.Text)
	}
	if lines[0] != verifier.Name() {
		return tree{}, fmt.Errorf("the checkpoint is for %q, the key for %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return tree{}, fmt.Errorf("bad checkpoint size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return tree{}, fmt.Errorf("bad checkpoint root %q", lines[2])
	}
	return tree{origin: lines[0], Tree: tlog.Tree{N: size, Hash: root}}, nil
}

// bundle splits an entry bundle of exactly w entries.
func bundle(data []byte, w int) ([][]byte, error) {
	var out [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, fmt.Errorf("truncated length")
		}
		n := int(binary.BigEndian.Uint16(data))
		data = data[2:]
		if len(data) < n {
			return nil, fmt.Errorf("truncated entry")
		}
		out = append(out, data[:n])
		data = data[n:]
	}
	if len(out) != w {
		return nil, fmt.Errorf("%d entries, want %d", len(out), w)
	}
	return out, nil
}

// receipt is a c2sp.org/tlog-proof@v1 receipt, read.
type receipt struct {
	index      int64
	proof      tlog.RecordProof
	checkpoint []byte
}

func parseReceipt(text string) (receipt, error) {
	var r receipt
	head, checkpoint, ok := strings.Cut(text, "\n\n")
	if !ok {
		return r, fmt.Errorf("no blank line before the checkpoint")
	}
	lines := strings.Split(head, "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		return r, fmt.Errorf("header %q", lines[0])
	}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return r, fmt.Errorf("no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil {
		return r, fmt.Errorf("bad index line %q", lines[0])
	}
	r.index = index
	for _, l := range lines[1:] {
		h, err := tlog.ParseHash(l)
		if err != nil {
			return r, fmt.Errorf("bad proof hash %q", l)
		}
		r.proof = append(r.proof, h)
	}
	r.checkpoint = []byte(checkpoint)
	return r, nil
}

func equal(a, b []tlog.Hash) bool {
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

func run() (string, error) {
	base := flag.String("url", "", "the server's base URL")
	token := flag.String("token", "", "an installation administrator's bearer token")
	vkeyText := flag.String("vkey", "", "the log's verifier key")
	oldFile := flag.String("old", "", "an earlier checkpoint the log must extend")
	saveFile := flag.String("save", "", "where to write the checkpoint verified")
	flag.Parse()
	if *base == "" || *token == "" || *vkeyText == "" {
		return "", fmt.Errorf("give -url, -token and -vkey")
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(*vkeyText))
	if err != nil {
		return "", fmt.Errorf("vkey: %v", err)
	}
	s := &server{base: strings.TrimSuffix(*base, "/"), token: *token, http: &http.Client{Timeout: 60 * time.Second}}

	// 1. Nothing without a token.
	status, _, err := s.get("/log/checkpoint", true)
	if err != nil {
		return "", err
	}
	if status != http.StatusUnauthorized {
		return "", fmt.Errorf("GET /log/checkpoint without a token: status %d, want 401", status)
	}

	// 2. The checkpoint.
	msg, err := s.mustGet("/log/checkpoint")
	if err != nil {
		return "", err
	}
	t, err := openCheckpoint(msg, verifier)
	if err != nil {
		return "", err
	}
	size, root := t.N, t.Hash
	if size == 0 {
		return "", fmt.Errorf("the log is empty")
	}

	// 3. The tree, through tiles; every read is checked against the signed root.
	tr := &tiles{s: s, cache: map[string][]byte{}}
	reader := tlog.TileHashReader(t.Tree, tr)
	if th, err := tlog.TreeHash(size, reader); err != nil || th != root {
		return "", fmt.Errorf("the tiles do not give the signed root (%v)", err)
	}

	// 4. Every entry, from the bundles, proved in the signed tree.
	var entries [][]byte
	for n := int64(0); n*256 < size; n++ {
		w := size - n*256
		if w > 256 {
			w = 256
		}
		p := "tile/entries/" + strings.TrimPrefix(tlog.Tile{H: tileHeight, L: 0, N: n, W: int(w)}.Path(), fmt.Sprintf("tile/%d/0/", tileHeight))
		data, err := s.mustGet("/log/" + p)
		if err != nil {
			return "", err
		}
		got, err := bundle(data, int(w))
		if err != nil {
			return "", fmt.Errorf("%s: %v", p, err)
		}
		entries = append(entries, got...)
	}
	for i, e := range entries {
		var leaf struct {
			V      int     `json:"v"`
			Seq    int64   `json:"seq"`
			Action string  `json:"action"`
			Detail *string `json:"detail"`
		}
		if err := json.Unmarshal(e, &leaf); err != nil || leaf.V != 1 || leaf.Action == "" || leaf.Detail == nil {
			return "", fmt.Errorf("entry %d is not a Memoria audit leaf (%v)", i, err)
		}
		proof, err := tlog.ProveRecord(size, int64(i), reader)
		if err != nil {
			return "", fmt.Errorf("entry %d: proving it: %v", i, err)
		}
		if err := tlog.CheckRecord(proof, size, root, int64(i), tlog.RecordHash(e)); err != nil {
			return "", fmt.Errorf("entry %d is not the entry the signed tree holds: %v", i, err)
		}
	}

	// 5. The server's receipts: signed, for the entry the bundle holds, Go's own proof.
	picks := map[int64]bool{0: true, size - 1: true, size / 2: true}
	for _, i := range []int64{255, 256, 511, 512} {
		if i < size {
			picks[i] = true
		}
	}
	for i := range picks {
		body, err := s.mustGet(fmt.Sprintf("/api/v1/log/proof?index=%d", i))
		if err != nil {
			return "", err
		}
		var answer struct {
			Index   int64  `json:"index"`
			Size    int64  `json:"size"`
			Receipt string `json:"receipt"`
			Entry   string `json:"entry"`
		}
		if err := json.Unmarshal(body, &answer); err != nil {
			return "", fmt.Errorf("proof %d: %v", i, err)
		}
		r, err := parseReceipt(answer.Receipt)
		if err != nil {
			return "", fmt.Errorf("receipt %d: %v", i, err)
		}
		rt, err := openCheckpoint(r.checkpoint, verifier)
		if err != nil {
			return "", fmt.Errorf("receipt %d: %v", i, err)
		}
		if r.index != i || answer.Index != i || answer.Size != rt.N || rt.Tree != t.Tree {
			return "", fmt.Errorf("receipt %d: for index %d in a tree of %d, not the checkpoint's", i, r.index, rt.N)
		}
		if !bytes.Equal([]byte(answer.Entry), entries[i]) {
			return "", fmt.Errorf("receipt %d: the entry differs from the bundle's", i)
		}
		mine, err := tlog.ProveRecord(size, i, reader)
		if err != nil || !equal(mine, r.proof) {
			return "", fmt.Errorf("receipt %d: the proof differs from Go's (%v)", i, err)
		}
		if err := tlog.CheckRecord(r.proof, rt.N, rt.Hash, i, tlog.RecordHash([]byte(answer.Entry))); err != nil {
			return "", fmt.Errorf("receipt %d does not prove its entry: %v", i, err)
		}
	}

	// 6. The signed tree extends the earlier checkpoint.
	summary := ""
	if *oldFile != "" {
		msg, err := os.ReadFile(*oldFile)
		if err != nil {
			return "", err
		}
		old, err := openCheckpoint(msg, verifier)
		if err != nil {
			return "", fmt.Errorf("the older checkpoint: %v", err)
		}
		if old.N > size {
			return "", fmt.Errorf("the log shrank from %d to %d entries", old.N, size)
		}
		proof, err := tlog.ProveTree(size, old.N, reader)
		if err != nil {
			return "", fmt.Errorf("proving %d -> %d: %v", old.N, size, err)
		}
		if err := tlog.CheckTree(proof, size, root, old.N, old.Hash); err != nil {
			return "", fmt.Errorf("the log of %d entries does not extend the checkpoint of %d: %v", size, old.N, err)
		}
		body, err := s.mustGet(fmt.Sprintf("/api/v1/log/consistency?old=%d", old.N))
		if err != nil {
			return "", err
		}
		var answer struct {
			Old   int64    `json:"old"`
			Size  int64    `json:"size"`
			Proof []string `json:"proof"`
		}
		if err := json.Unmarshal(body, &answer); err != nil {
			return "", fmt.Errorf("consistency: %v", err)
		}
		var theirs []tlog.Hash
		for _, p := range answer.Proof {
			b, err := base64.StdEncoding.DecodeString(p)
			if err != nil || len(b) != tlog.HashSize {
				return "", fmt.Errorf("consistency: bad hash %q", p)
			}
			var h tlog.Hash
			copy(h[:], b)
			theirs = append(theirs, h)
		}
		if answer.Old != old.N || answer.Size != size || !equal(theirs, proof) {
			return "", fmt.Errorf("consistency %d -> %d: the server's proof differs from Go's", old.N, size)
		}
		summary = fmt.Sprintf(", extends %d", old.N)
	}

	// 7. Keep the checkpoint for a later run.
	if *saveFile != "" {
		if err := os.WriteFile(*saveFile, msg, 0o644); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("ok size %d, %d entries, %d tiles, %d receipts%s", size, len(entries), tr.fetched, len(picks), summary), nil
}

func main() {
	summary, err := run()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(summary)
}

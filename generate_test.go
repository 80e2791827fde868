package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedCodeIsCurrent regenerates ent/ and graph/ in a copy of the
// repository and fails if anything differs from the committed files: the
// generated code must never be edited by hand nor left stale.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating takes a while; skipped with -short")
	}
	if os.Getenv("WUTONG_GENERATE_CHECKED") != "" {
		// .ci/run has just run go generate on this checkout and found the
		// tree unchanged; regenerating again under -race would only double
		// the few minutes it takes.
		t.Skip("go generate was checked by .ci/run")
	}
	t.Parallel()
	tmp := t.TempDir()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(tmp, path), 0o755)
		}
		switch filepath.Ext(path) {
		case ".go", ".graphqls", ".yml", ".mod", ".sum", ".tmpl":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(tmp, path), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "generate", "./...")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go generate failed: %v\n%s", err, out)
	}
	var stale []string
	err = filepath.WalkDir(tmp, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tmp, path)
		fresh, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		committed, err := os.ReadFile(rel)
		if err != nil || !bytes.Equal(fresh, committed) {
			stale = append(stale, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) > 0 {
		t.Errorf("go generate ./... changes %d files; run it and commit the result: %s", len(stale), strings.Join(stale, ", "))
	}
}

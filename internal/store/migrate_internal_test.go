package store

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
)

func TestMigrationsRenderForEachDialect(t *testing.T) {
	for _, d := range []dialect{sqliteDialect, postgresDialect} {
		t.Run(d.Name, func(t *testing.T) {
			files, err := d.migrationsFS()
			if err != nil {
				t.Fatal(err)
			}
			names, _ := fs.Glob(files, "*.sql")
			if len(names) == 0 {
				t.Fatal("no migrations")
			}
			for _, name := range names {
				text, _ := fs.ReadFile(files, name)
				if bytes.Contains(text, []byte("{{")) || bytes.Contains(text, []byte("<no value>")) {
					t.Errorf("%s: a placeholder was left", name)
				}
				if !bytes.Contains(text, []byte("-- +goose Up")) {
					t.Errorf("%s: no goose Up section", name)
				}
			}
		})
	}
}

func TestUnknownPlaceholderIsAnError(t *testing.T) {
	d := sqliteDialect
	_, err := d.render("x.sql", "CREATE TABLE t (id {{.Serial}}, n {{.Integer}});")
	if err == nil || !strings.Contains(err.Error(), "Integer") {
		t.Errorf("render with an unknown placeholder: %v", err)
	}
}

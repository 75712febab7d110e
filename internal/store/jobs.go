package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"shop/internal/jobs"
)

// JobRun is one run of a scheduled job (table job_runs).
type JobRun struct {
	ID         int64 `gorm:"primaryKey"`
	Name       string
	StartedAt  time.Time
	FinishedAt time.Time
	RowsSeen   int
	RowsNew    int
	OK         bool
	Error      string
	GapFlag    bool
	GapNote    string
}

func jobRunRow(r jobs.Run) JobRun {
	return JobRun{
		ID: r.ID, Name: r.Name, StartedAt: dbTime(r.StartedAt), FinishedAt: dbTime(r.FinishedAt),
		RowsSeen: r.RowsSeen, RowsNew: r.RowsNew, OK: r.OK(), Error: truncateRunText(r.Error, 2000),
		GapFlag: r.Gap, GapNote: truncateRunText(r.Note, 2000),
	}
}

func (row JobRun) domain() jobs.Run {
	return jobs.Run{
		ID: row.ID, Name: row.Name, StartedAt: row.StartedAt.UTC(), FinishedAt: row.FinishedAt.UTC(),
		RowsSeen: row.RowsSeen, RowsNew: row.RowsNew, Error: row.Error, Gap: row.GapFlag, Note: row.GapNote,
	}
}

// RecordRun stores a finished run and returns its id.
func (s *Store) RecordRun(ctx context.Context, r jobs.Run) (int64, error) {
	row := jobRunRow(r)
	row.ID = 0
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return 0, fmt.Errorf("store: record run of %s: %w", r.Name, err)
	}
	return row.ID, nil
}

// LastRun returns the latest run of a job, successful or not.
func (s *Store) LastRun(ctx context.Context, name string) (jobs.Run, bool, error) {
	return s.lastRun(ctx, name, false)
}

// LastSuccessfulRun returns the latest run of a job that ended without error.
func (s *Store) LastSuccessfulRun(ctx context.Context, name string) (jobs.Run, bool, error) {
	return s.lastRun(ctx, name, true)
}

func (s *Store) lastRun(ctx context.Context, name string, okOnly bool) (jobs.Run, bool, error) {
	var row JobRun
	q := s.read.WithContext(ctx).Where("name = ?", name)
	if okOnly {
		q = q.Where("ok = ?", true)
	}
	err := q.Order("started_at DESC, id DESC").Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return jobs.Run{}, false, nil
	}
	if err != nil {
		return jobs.Run{}, false, fmt.Errorf("store: last run of %s: %w", name, err)
	}
	return row.domain(), true, nil
}

// ListRuns returns the latest runs of a job (all jobs when name is ""), newest first, for the admin.
func (s *Store) ListRuns(ctx context.Context, name string, limit int) ([]jobs.Run, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var rows []JobRun
	q := s.read.WithContext(ctx)
	if name != "" {
		q = q.Where("name = ?", name)
	}
	if err := q.Order("started_at DESC, id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list runs: %w", err)
	}
	out := make([]jobs.Run, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func truncateRunText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s[:n])
	return string(r[:len(r)-1])
}

// AcquireLease gives holder the lease of job name until `until`, unless another holder's lease is still valid at
// now. One statement decides (insert, or take over an expired or own lease), so two instances cannot both win.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Exec(`INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE job_leases.expires_at < ? OR job_leases.holder = excluded.holder`,
		name, holder, dbTime(until), dbTime(now))
	if res.Error != nil {
		return false, fmt.Errorf("store: lease of %s: %w", name, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReleaseLease ends holder's lease of job name (another holder's is left alone).
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM job_leases WHERE name = ? AND holder = ?`, name, holder).Error; err != nil {
		return fmt.Errorf("store: release lease of %s: %w", name, err)
	}
	return nil
}

// Package mail sends the shop's few e-mails (the order link a shopper asked to keep) through an SMTP server the
// seller configures. Off unless SHOP_SMTP_ADDR is set; the password is never logged.
package mail

import (
	"context"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Config is the seller's SMTP server.
type Config struct {
	Addr     string // host:port; empty turns e-mail off
	From     string // the sender address
	User     string // empty: no authentication
	Password string
	Timeout  time.Duration // one send [10s]
}

// Sender sends plain-text e-mails.
type Sender struct{ cfg Config }

// New returns a sender, or nil when e-mail is off.
func New(cfg Config) *Sender {
	if cfg.Addr == "" {
		return nil
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	return &Sender{cfg: cfg}
}

// Send sends one message. Header values are single lines (a shopper's input can never add a header).
func (s *Sender) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n") || strings.ContainsAny(subject, "\r\n") {
		return fmt.Errorf("mail: a header value holds a line break")
	}
	msg := "From: " + s.cfg.From + "\r\nTo: " + to + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	var auth smtp.Auth
	if s.cfg.User != "" {
		host, _, _ := net.SplitHostPort(s.cfg.Addr)
		auth = smtp.PlainAuth("", s.cfg.User, s.cfg.Password, host)
	}
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(s.cfg.Addr, auth, s.cfg.From, []string{to}, []byte(msg)) }()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("mail: send to %s: %w", to, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("mail: send to %s: %w", to, ctx.Err())
	}
}

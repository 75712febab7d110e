package mail

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// fakeSMTP is the smallest SMTP server that accepts one message and hands back what it got.
func fakeSMTP(t *testing.T) (addr string, got <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
		say("220 fake")
		var data strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			switch {
			case inData && line == ".\r\n":
				inData = false
				out <- data.String()
				say("250 ok")
			case inData:
				data.WriteString(line)
			case strings.HasPrefix(line, "EHLO"), strings.HasPrefix(line, "HELO"):
				say("250 fake")
			case strings.HasPrefix(line, "DATA"):
				inData = true
				say("354 go on")
			case strings.HasPrefix(line, "QUIT"):
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), out
}

func TestSend(t *testing.T) {
	addr, got := fakeSMTP(t)
	s := New(Config{Addr: addr, From: "shop@example.ir"})
	if err := s.Send(context.Background(), "sara@example.com", "پیوند سفارش شما", "سلام\nhttps://shop.example.ir/orders/x"); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-got:
		if !strings.Contains(msg, "To: sara@example.com") || !strings.Contains(msg, "Subject: =?utf-8?q?") ||
			!strings.Contains(msg, "https://shop.example.ir/orders/x") {
			t.Errorf("message:\n%s", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing arrived")
	}
	if New(Config{}) != nil {
		t.Error("e-mail must be off without an address")
	}
	if err := s.Send(context.Background(), "a@b.c\r\nBcc: x@y.z", "s", "b"); err == nil {
		t.Error("a line break in a header value was sent")
	}
}

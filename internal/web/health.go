package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// healthShow says the process is alive and serving: for a supervisor that restarts a hung shop. It touches
// nothing else, so a slow database does not get the shop restarted.
func (s *Server) healthShow(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyShow says the shop can take shoppers (the database answers and its schema is current): for a load balancer
// deciding where to send traffic.
func (s *Server) readyShow(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.deps.Ready(ctx); err != nil {
		s.log.Error("web: readiness check failed", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

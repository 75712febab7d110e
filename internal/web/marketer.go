package web

import (
	"github.com/labstack/echo/v4"

	"shop/internal/checkout"
)

// keepMarketer remembers a marketer id arriving as ?bz= on any page, so orders placed in this session credit them
// (Frotel's bazaryab, with each product's commission). Only a plain positive number is kept.
func (s *Server) keepMarketer(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if bz := c.QueryParam("bz"); bz != "" && c.Request().Method == "GET" {
			if _, ok := checkout.ParseMarketer(bz); ok {
				sess := s.session(c)
				if sess.marketer() != bz {
					sess.set(keyMarketer, bz) // written with the page this request answers
				}
			}
		}
		return next(c)
	}
}

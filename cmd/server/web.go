package main

import (
	"net/http"

	"github.com/normgraph/normgraph/web"
)

// mountWeb serves the browser pages embedded in the binary (package web): GraphiQL at /, the
// explorer at /explore, their assets under /assets/ and the favicon.
func mountWeb(mux *http.ServeMux) {
	site, err := web.New()
	if err != nil {
		// The files are compiled in; web's tests load them, so this is a broken build.
		panic("embedded web assets: " + err.Error())
	}
	site.Register(mux)
}

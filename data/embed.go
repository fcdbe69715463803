// Package data embeds the curated dataset (the YAML and CSV files of this directory) so that
// the server and loader binaries carry it wherever they run.
package data

import "embed"

// FS holds every file of the dataset directory.
//
//go:embed *
var FS embed.FS

// Package loader turns the dataset files (YAML, and CSV participant tables) into a validated
// normgraph.Dataset, reporting every problem with its file and line.
package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/normgraph/normgraph"
)

// FileError is one problem at a place in a dataset file. Line is 0 when the problem concerns
// the file as a whole.
type FileError struct {
	File    string
	Line    int
	Message string
}

func (e FileError) String() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
}

// Errors lists every problem found while loading a dataset, ordered by file and line. Its code
// in the error vocabulary is EINVALID.
type Errors []FileError

// Error implements error: one problem per line.
func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, fe := range e {
		lines[i] = fe.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find the code.
func (e Errors) Unwrap() error {
	return normgraph.Errorf(normgraph.EINVALID, "%d problem(s) in the dataset", len(e))
}

// position is where one dataset entry stands: its file, its line and the lines of its fields.
type position struct {
	file   string
	line   int
	fields map[string]int
}

type state struct {
	ds     *normgraph.Dataset
	pos    map[normgraph.Ref]position
	errs   Errors
	counts map[string]int // norms per initiative so far, for positions
	tables []table        // participant tables, read once every YAML file is decoded
}

func (s *state) fail(file string, line int, format string, args ...any) {
	s.errs = append(s.errs, FileError{file, line, fmt.Sprintf(format, args...)})
}

// Load reads every *.yaml and *.csv file below the root of fsys, decodes them strictly, validates
// the whole dataset and returns it. On any problem it returns a nil dataset and an Errors value
// listing all problems (each with file and line), not only the first.
func Load(fsys fs.FS) (*normgraph.Dataset, error) {
	s := &state{ds: &normgraph.Dataset{}, pos: map[normgraph.Ref]position{}, counts: map[string]int{}}
	var yamls, csvs []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		switch path.Ext(p) {
		case ".yaml", ".yml":
			yamls = append(yamls, p)
		case ".csv":
			csvs = append(csvs, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load dataset: %w", err)
	}
	if len(yamls) == 0 {
		return nil, Errors{{File: ".", Message: "no *.yaml dataset files found"}}
	}
	sort.Strings(yamls)
	sort.Strings(csvs)
	for _, p := range yamls {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("load dataset: %w", err)
		}
		s.decodeYAML(p, b)
	}
	if err := s.readTables(fsys, csvs); err != nil {
		return nil, fmt.Errorf("load dataset: %w", err)
	}
	{ // validate even after decoding errors, so that one run reports every problem
		var ve *normgraph.ValidationError
		if err := s.ds.Validate(); errors.As(err, &ve) {
			for _, p := range ve.Problems {
				pos := s.pos[p.Ref]
				line := pos.line
				if l, ok := pos.fields[p.Field]; ok && p.Field != "" {
					line = l
				}
				s.fail(pos.file, line, "%s", describe(p, s.ds))
			}
		} else if err != nil {
			return nil, fmt.Errorf("load dataset: %w", err)
		}
	}
	if len(s.errs) > 0 {
		sort.SliceStable(s.errs, func(i, j int) bool {
			a, b := s.errs[i], s.errs[j]
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Line < b.Line
		})
		return nil, s.errs
	}
	s.ds.AttachGuidance()
	return s.ds, nil
}

// describe prefixes a problem with the entry it concerns.
func describe(p normgraph.Problem, ds *normgraph.Dataset) string {
	name := strings.TrimSuffix(p.Ref.Section, "s")
	if id := entryID(ds, p.Ref); id != "" {
		name += " " + id
	}
	return name + ": " + p.Message
}

func entryID(ds *normgraph.Dataset, r normgraph.Ref) string {
	switch r.Section {
	case "sources":
		return ds.Sources[r.Index].ID
	case "categories":
		return string(ds.Categories[r.Index].ID)
	case "themes":
		return ds.Themes[r.Index].ID
	case "initiatives":
		return ds.Initiatives[r.Index].ID
	case "norms":
		return ds.Norms[r.Index].ID
	case "actors":
		return ds.Actors[r.Index].ID
	case "guidance":
		return "on " + ds.Guidance[r.Index].NormID
	}
	return ""
}

var (
	unknownFieldRE = regexp.MustCompile(`^line (\d+): field (\S+) not found in type loader\.(\w+)$`)
	sectionTypeRE  = regexp.MustCompile(`into \[\]loader\.raw\w+$`)
	goTypeRE       = regexp.MustCompile(`(\[\])?\*?loader\.raw(\w+)`)
	lineRE         = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

var sectionNames = map[string]string{"rawFile": "top-level section"}

// decodeYAML decodes one file strictly and records where each entry and field stands.
func (s *state) decodeYAML(file string, b []byte) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		s.yamlError(file, err)
		return
	}
	if len(doc.Content) == 0 {
		return // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		s.fail(file, root.Line, "a dataset file is a mapping of sections (sources, norms, ...), not a %s", kindName(root.Kind))
		return
	}
	var raw rawFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			s.yamlError(file, err)
			return
		}
		for _, msg := range te.Errors {
			s.typeError(file, msg)
		}
	}
	items := map[string][]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if seq := root.Content[i+1]; seq.Kind == yaml.SequenceNode {
			items[root.Content[i].Value] = seq.Content
		} else if seq.Kind != yaml.ScalarNode || seq.Tag != "!!null" {
			s.fail(file, seq.Line, "section %q must be a list", root.Content[i].Value)
		}
	}
	at := func(section string, i int) (position, bool) {
		nodes := items[section]
		if i >= len(nodes) {
			return position{file: file}, false
		}
		return nodePosition(file, nodes[i]), true
	}
	s.addSources(raw.Sources, at)
	s.addCategories(raw.Categories, at)
	s.addThemes(raw.Themes, at)
	s.addInitiatives(raw.Initiatives, at)
	s.addNorms(raw.Norms, at)
	s.addActors(raw.Actors, at)
	s.addParticipations(raw.Participations, at)
	s.addMemberships(raw.Memberships, at)
	s.addLinks(raw.Links, at)
	s.addCorrespondences(raw.Correspondences, at)
	s.addGuidance(raw.Guidance, at)
	for i, t := range raw.ParticipantTables {
		p, _ := at("participantTables", i)
		s.tables = append(s.tables, table{raw: t, pos: p})
	}
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "node"
}

// nodePosition records the line of an entry and of each of its fields; nested mapping fields
// are recorded as "parent.child".
func nodePosition(file string, n *yaml.Node) position {
	p := position{file: file, line: n.Line, fields: map[string]int{}}
	var walk func(prefix string, m *yaml.Node)
	walk = func(prefix string, m *yaml.Node) {
		if m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			key := prefix + m.Content[i].Value
			p.fields[key] = m.Content[i].Line
			walk(key+".", m.Content[i+1])
		}
	}
	walk("", n)
	return p
}

func (s *state) yamlError(file string, err error) {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		s.fail(file, line, "%s", m[2])
		return
	}
	s.fail(file, 0, "%s", strings.TrimPrefix(msg, "yaml: "))
}

func (s *state) typeError(file, msg string) {
	if m := unknownFieldRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		where := sectionNames[m[3]]
		if where == "" {
			where = strings.TrimPrefix(strings.ToLower(m[3]), "raw") + " entry"
		}
		s.fail(file, line, "unknown field %q in %s", m[2], where)
		return
	}
	if sectionTypeRE.MatchString(msg) {
		return // reported as "section ... must be a list"
	}
	msg = goTypeRE.ReplaceAllStringFunc(msg, func(m string) string {
		return "a " + strings.ToLower(goTypeRE.FindStringSubmatch(m)[2]) + " entry"
	})
	s.yamlError(file, errors.New(msg))
}

// Package loader turns the dataset files (YAML, and CSV participant tables) into a validated
// normgraph.Dataset, reporting every problem with its file and line.
package loader

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/normgraph/normgraph"
)

// FileError is one problem at a place in a dataset file. Line is 0 when the problem concerns
// the file as a whole; File is "" for a note about the whole dataset.
type FileError struct {
	File    string
	Line    int
	Message string
	more    int // problems this line summarises besides itself
}

func (e FileError) String() string {
	switch {
	case e.File == "":
		return e.Message
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
}

// Errors lists every problem found while loading a dataset: those of files that could not be
// read or decoded first, then the others by file and line. Its code in the error vocabulary is
// EINVALID.
type Errors []FileError

// Error implements error: one problem per line, the first MaxListed of them, then how many
// more there are.
func (e Errors) Error() string {
	var b strings.Builder
	for i, fe := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i == MaxListed {
			fmt.Fprintf(&b, "... and %d more problem(s), not listed", Errors(e[i:]).Count())
			break
		}
		b.WriteString(fe.String())
	}
	return b.String()
}

// Count is the number of problems, those summarised in one line included.
func (e Errors) Count() int {
	n := len(e)
	for _, fe := range e {
		n += fe.more
	}
	return n
}

// Unwrap lets errors.As find the code.
func (e Errors) Unwrap() error {
	return normgraph.Errorf(normgraph.EINVALID, "%d problem(s) in the dataset", e.Count())
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
	counts map[string]int  // norms per initiative so far, for positions
	tables []table         // participant tables, read once every YAML file is decoded
	broken map[string]bool // files that could not be read or decoded: their entries are missing
	bytes  int64           // read so far
}

func (s *state) fail(file string, line int, format string, args ...any) {
	s.errs = append(s.errs, FileError{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// failFile reports a problem that keeps the whole file out of the dataset.
func (s *state) failFile(file string, line int, format string, args ...any) {
	s.broken[file] = true
	s.fail(file, line, format, args...)
}

// Load reads every *.yaml, *.yml and *.csv file below the root of fsys (hidden directories
// excluded), decodes them strictly, validates the whole dataset and returns it. On any problem
// it returns a nil dataset and an Errors value listing all problems (each with file and line),
// not only the first; problems that only follow from a file that could not be read are
// summarised. Only regular files are read, with the limits above; symbolic links are followed
// only inside fsys.
func Load(fsys fs.FS) (*normgraph.Dataset, error) {
	s := &state{ds: &normgraph.Dataset{}, pos: map[normgraph.Ref]position{}, counts: map[string]int{},
		broken: map[string]bool{}}
	var yamls, csvs []string
	files := 0
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			s.failFile(p, 0, "cannot read: %s", ioMessage(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
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
		default:
			return nil
		}
		if files++; files > MaxFiles {
			s.fail(".", 0, "more than %d dataset files: not read further", MaxFiles)
			return fs.SkipAll
		}
		return nil
	})
	if len(yamls) == 0 && len(s.errs) == 0 {
		return nil, Errors{{File: ".", Message: "no *.yaml dataset files found"}}
	}
	sort.Strings(yamls)
	sort.Strings(csvs)
	for _, p := range yamls {
		if b := s.readFile(fsys, p); b != nil {
			s.decodeYAML(p, b)
		} else {
			s.broken[p] = true
		}
	}
	s.readTables(fsys, csvs)
	{ // validate even after decoding errors, so that one run reports every problem
		var ve *normgraph.ValidationError
		if err := s.ds.Validate(); errors.As(err, &ve) {
			for _, p := range ve.Problems {
				pos := s.pos[p.Ref]
				line := pos.line
				// The field's line, or its nearest enclosing field's ("invocations[1]" for a
				// missing "invocations[1].rationale").
				for f := p.Field; f != ""; f = parentField(f) {
					if l, ok := pos.fields[f]; ok {
						line = l
						break
					}
				}
				s.fail(pos.file, line, "%s", describe(p, s.ds))
			}
		} else if err != nil {
			s.fail("", 0, "%s", err)
		}
	}
	if len(s.errs) > 0 {
		return nil, s.report()
	}
	s.ds.AttachGuidance()
	return s.ds, nil
}

// knockOn matches the problems that follow from entries missing because their file could not
// be read: references to them, counts of their norms, table rows naming their actors.
var knockOn = regexp.MustCompile(`: unknown \w+ "[^"]*"$|^no state actor with ISO code |the dataset holds (no|0) norm|is an? [\w ]+, not an? `)

// report orders the problems: those of broken files first, and when there are any, the
// knock-on problems of the other files in one line instead of one line each.
func (s *state) report() Errors {
	var first, rest Errors
	knocked := 0
	for _, e := range s.errs {
		switch {
		case s.broken[e.File]:
			first = append(first, e)
		case len(s.broken) > 0 && knockOn.MatchString(e.Message):
			knocked++
		default:
			rest = append(rest, e)
		}
	}
	byPlace := func(a, b FileError) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	}
	slices.SortStableFunc(first, byPlace)
	slices.SortStableFunc(rest, byPlace)
	if knocked > 0 {
		broken := slices.Sorted(maps.Keys(s.broken))
		first = append(first, FileError{more: knocked - 1, Message: fmt.Sprintf(
			"... and %d problem(s) in other files not listed: references to entries that are missing because %s could not be read; fix %s first",
			knocked, strings.Join(broken, ", "), map[bool]string{true: "it", false: "those files"}[len(broken) == 1])})
	}
	return append(first, rest...)
}

// parentField drops the last part of a field path: "a[1].b" → "a[1]" → "a"; "a" → "".
func parentField(f string) string {
	if i := strings.LastIndexAny(f, ".["); i >= 0 {
		return f[:i]
	}
	return ""
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
	case "incidents":
		return ds.Incidents[r.Index].ID
	case "attributions":
		return ds.Attributions[r.Index].ID
	case "implementations":
		return ds.Implementations[r.Index].ID
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
	docs := yaml.NewDecoder(bytes.NewReader(b))
	if err := docs.Decode(&doc); err == io.EOF {
		return // empty file
	} else if err != nil {
		s.broken[file] = true
		s.yamlError(file, err)
		if n := len(s.errs) - 1; s.errs[n].Line > 0 {
			if l := bytes.Split(b, []byte("\n"))[s.errs[n].Line-1]; bytes.ContainsRune(l[:len(l)-len(bytes.TrimLeft(l, " \t"))], '\t') {
				s.errs[n].Message += " (a tab in the indentation: YAML indents with spaces)"
			}
		}
		return
	}
	var second yaml.Node
	if err := docs.Decode(&second); err != io.EOF {
		line := 0
		if err == nil {
			line = documentLine(b, second.Line)
		}
		s.failFile(file, line, "a second YAML document (after ---): a dataset file holds one document")
		return
	}
	if len(doc.Content) == 0 {
		return // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		s.failFile(file, root.Line, "a dataset file is a mapping of sections (sources, norms, ...), not a %s", kindName(root.Kind))
		return
	}
	s.checkLengths(file, "", root)
	var raw rawFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			s.broken[file] = true
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
	s.addIncidents(raw.Incidents, at)
	s.addAttributions(raw.Attributions, at)
	s.addImplementations(raw.Implementations, at)
	s.addGuidance(raw.Guidance, at)
	for i, t := range raw.ParticipantTables {
		p, _ := at("participantTables", i)
		s.tables = append(s.tables, table{raw: t, pos: p})
	}
}

// documentLine is the line of the "---" that starts the document whose content starts on line.
func documentLine(b []byte, line int) int {
	lines := bytes.Split(b, []byte("\n"))
	for l := min(line, len(lines)); l > 0; l-- {
		if bytes.HasPrefix(lines[l-1], []byte("---")) {
			return l
		}
	}
	return line
}

// checkLengths reports every scalar longer than the limit of its key (fieldLimit).
func (s *state) checkLengths(file, key string, n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		if limit := fieldLimit(key); len(n.Value) > limit { // bytes ≥ characters
			if c := utf8.RuneCountInString(n.Value); c > limit {
				s.fail(file, n.Line, "%s: %d characters, more than the limit of %d", cmp.Or(key, "value"), c, limit)
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			s.checkLengths(file, "", n.Content[i])
			s.checkLengths(file, n.Content[i].Value, n.Content[i+1])
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			s.checkLengths(file, key, c)
		}
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
// are recorded as "parent.child", and mappings in lists as "parent[i].child".
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
			v := m.Content[i+1]
			walk(key+".", v)
			if v.Kind == yaml.SequenceNode {
				for j, item := range v.Content {
					p.fields[fmt.Sprintf("%s[%d]", key, j)] = item.Line
					walk(fmt.Sprintf("%s[%d].", key, j), item)
				}
			}
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

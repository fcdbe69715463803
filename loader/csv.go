package loader

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/normgraph/normgraph"
)

// participantColumns are the columns of a participant table, in order. They are those of the
// Paris Call website's supporter list, so that a refreshed list is one file replacement.
var participantColumns = []string{"slug", "name", "category", "nature", "nationality", "website", "first_listed"}

// categoryTypes maps a table's category column onto actor types and stakeholder groups.
var categoryTypes = map[string]struct {
	typ   normgraph.ActorType
	group string
}{
	"state":            {normgraph.ActorState, "government"},
	"private-sector":   {normgraph.ActorCompany, "private-sector"},
	"civil-society":    {normgraph.ActorCivilSociety, "civil-society"},
	"public-authority": {normgraph.ActorPublicAuthority, "government"},
	"":                 {normgraph.ActorOther, ""},
}

type table struct {
	raw rawTable
	pos position
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugID turns a table slug into an actor id: lower case, runs of other characters as one dash.
func slugID(slug string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(slug), "-"), "-")
}

func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// readTables reads the CSV participant tables the YAML files declare. Every CSV file of the
// dataset must be declared by exactly one table.
func (s *state) readTables(fsys fs.FS, csvs []string) {
	declared := map[string]bool{}
	for _, t := range s.tables {
		p := t.pos
		line := func(field string) int {
			if l, ok := p.fields[field]; ok {
				return l
			}
			return p.line
		}
		file := path.Clean(t.raw.File)
		switch {
		case t.raw.File == "":
			s.fail(p.file, p.line, "participant table: file is required")
			continue
		case !fs.ValidPath(file):
			s.fail(p.file, line("file"), "participant table: file %s must be a relative path inside the dataset directory", t.raw.File)
			continue
		case declared[file]:
			s.fail(p.file, line("file"), "participant table: %s is declared twice", file)
			continue
		}
		declared[file] = true
		if len(t.raw.Sources) == 0 {
			s.fail(p.file, line("sources"), "participant table %s: no source: every fact needs at least one source", file)
		}
		if !normgraph.IsSlug(t.raw.Initiative) {
			s.fail(p.file, line("initiative"), "participant table %s: initiative is required", file)
		}
		if !slices.Contains(normgraph.Roles, normgraph.Role(t.raw.Role)) {
			s.fail(p.file, line("role"), "participant table %s: unknown role %q", file, t.raw.Role)
		}
		for from, to := range t.raw.CodeCorrections {
			if !normgraph.IsISO3166Alpha3(to) {
				s.fail(p.file, line("codeCorrections"), "participant table %s: correction %s → %s is not an ISO 3166-1 alpha-3 code", file, from, to)
			}
		}
		if _, err := fs.Lstat(fsys, file); errors.Is(err, fs.ErrNotExist) {
			s.fail(p.file, line("file"), "participant table: no file %s in the dataset", file)
			continue
		}
		if b := s.readFile(fsys, file); b != nil {
			s.readTable(t, file, b)
		} else {
			s.broken[file] = true
		}
	}
	for _, c := range csvs {
		if !declared[c] {
			s.fail(c, 0, "no participantTables entry declares this file (see data/README.md)")
		}
	}
}

func (s *state) readTable(t table, file string, b []byte) {
	r := csv.NewReader(strings.NewReader(string(b)))
	r.FieldsPerRecord = -1 // counted below, with a clearer message
	header, err := r.Read()
	if err == io.EOF {
		s.failFile(file, 0, "empty file: a participant table starts with the header line %s", strings.Join(participantColumns, ","))
		return
	} else if err != nil {
		s.broken[file] = true
		s.csvError(file, err)
		return
	}
	if strings.Join(header, ",") != strings.Join(participantColumns, ",") {
		got := strings.Join(header, ",")
		if utf8.RuneCountInString(got) > 200 {
			got = string([]rune(got)[:200]) + "..."
		}
		s.fail(file, 1, "header %q, want %q", got, strings.Join(participantColumns, ","))
		return
	}
	// Existing actors, to reuse rather than duplicate: states by ISO code, others by name.
	states := map[string]string{}
	byName := map[string][]*normgraph.Actor{}
	for _, a := range s.ds.Actors {
		if a.Type == normgraph.ActorState {
			states[a.ISO3] = a.ID
		} else {
			byName[normName(a.Name)] = append(byName[normName(a.Name)], a)
		}
	}
	joined := map[string]rawJoined{}
	for _, j := range t.raw.Joined {
		joined[j.Slug] = j
	}
	seen := map[string]int{}
	actorRow := map[string]bool{} // actors that already have their participation from this table
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.csvError(file, err)
			if _, ok := err.(*csv.ParseError); ok {
				continue
			}
			return
		}
		line, _ := r.FieldPos(0)
		if long := slices.IndexFunc(rec, func(f string) bool { return utf8.RuneCountInString(f) > MaxShortField }); long >= 0 {
			s.fail(file, line, "field %d: more than the limit of %d characters", long+1, MaxShortField)
			continue
		}
		if len(rec) != len(participantColumns) {
			s.fail(file, line, "%d fields, want %d (%s)", len(rec), len(participantColumns), strings.Join(participantColumns, ","))
			continue
		}
		slug, name, category, code, listed := rec[0], strings.TrimSpace(rec[1]), rec[2], strings.TrimSpace(rec[4]), rec[6]
		if slug == "" || name == "" {
			s.fail(file, line, "slug and name are required")
			continue
		}
		if prev, ok := seen[slug]; ok {
			s.fail(file, line, "slug %q already on line %d", slug, prev)
			continue
		}
		seen[slug] = line
		ct, ok := categoryTypes[category]
		if !ok {
			s.fail(file, line, "unknown category %q (want state, private-sector, civil-society, public-authority or empty)", category)
			continue
		}
		if fixed, ok := t.raw.CodeCorrections[code]; ok {
			code = fixed
		}
		if code != "" && !normgraph.IsISO3166Alpha3(code) {
			s.fail(file, line, "unknown ISO 3166-1 alpha-3 code %q (if the source uses its own code, add a codeCorrections entry)", code)
			continue
		}
		p := &normgraph.Participation{InitiativeID: t.raw.Initiative, Role: normgraph.Role(t.raw.Role),
			SourceIDs: append([]string(nil), t.raw.Sources...)}
		if listed != "" {
			d, err := normgraph.ParseDate(listed)
			if err != nil {
				s.fail(file, line, "first_listed: %s", normgraph.ErrorMessage(err))
				continue
			}
			// first_listed is when the list first showed the participant, not when it joined.
			p.Note = fmt.Sprintf("listed by the source no later than %s", d)
		}
		if j, ok := joined[slug]; ok {
			d, err := normgraph.ParseDate(j.Since)
			if err != nil {
				s.fail(t.pos.file, t.pos.fields["joined"], "joined %s: %s", slug, normgraph.ErrorMessage(err))
			}
			p.Since = d
			for _, src := range j.Sources {
				if !slices.Contains(p.SourceIDs, src) {
					p.SourceIDs = append(p.SourceIDs, src)
				}
			}
			delete(joined, slug)
		}
		switch {
		case t.raw.Actors[slug] != "":
			p.ActorID = t.raw.Actors[slug]
		case ct.typ == normgraph.ActorState:
			if code == "" {
				s.fail(file, line, "a state needs its ISO 3166-1 alpha-3 code in nationality")
				continue
			}
			id, ok := states[code]
			if !ok {
				s.fail(file, line, "no state actor with ISO code %s in the dataset", code)
				continue
			}
			p.ActorID = id
		default:
			for _, a := range byName[normName(name)] {
				if a.Country == "" || code == "" || a.Country == code {
					p.ActorID = a.ID // the same actor, already in the dataset
					break
				}
			}
			if p.ActorID == "" {
				a := &normgraph.Actor{ID: slugID(slug), Name: name, Type: ct.typ, Country: code,
					StakeholderGroup: ct.group, SourceIDs: append([]string(nil), t.raw.Sources...)}
				s.pos[normgraph.Ref{Section: "actors", Index: len(s.ds.Actors)}] = position{file: file, line: line}
				s.ds.Actors = append(s.ds.Actors, a)
				byName[normName(name)] = append(byName[normName(name)], a)
				p.ActorID = a.ID
			}
		}
		if actorRow[p.ActorID] {
			continue // a second row of the same entity (e.g. two names of one company, mapped by actors)
		}
		actorRow[p.ActorID] = true
		s.pos[normgraph.Ref{Section: "participations", Index: len(s.ds.Participations)}] = position{file: file, line: line}
		s.ds.Participations = append(s.ds.Participations, p)
	}
	for slug := range joined {
		s.fail(t.pos.file, t.pos.fields["joined"], "joined: no row with slug %q in %s", slug, file)
	}
	for slug := range t.raw.Actors {
		if _, ok := seen[slug]; !ok {
			s.fail(t.pos.file, t.pos.fields["actors"], "actors: no row with slug %q in %s", slug, file)
		}
	}
}

func (s *state) csvError(file string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		s.fail(file, pe.Line, "%v", pe.Err)
		return
	}
	s.fail(file, 0, "%v", err)
}

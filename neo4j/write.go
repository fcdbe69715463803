package neo4j

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// The refresh vocabulary is the domain's (see normgraph.Writer); these names keep call sites short.
type (
	// Change counts what a refresh does to one label or relationship type.
	Change = normgraph.Change
	// Report says what a refresh changed.
	Report = normgraph.RefreshReport
	// Progress reports how far a refresh has written.
	Progress = normgraph.RefreshProgress
	// RefreshOptions tune a refresh.
	RefreshOptions = normgraph.RefreshOptions
)

var _ normgraph.Writer = (*Store)(nil)

// row is one node or relationship to write.
type row struct {
	label string // node label or relationship type
	id    string // node id
	from  string // relationship start id
	to    string // relationship end id
	eid   string // element id of an existing relationship
	props props
	// digest identifies the properties: a hash of them, stored with them (propDigest), so
	// that a refresh compares digests instead of reading every property back.
	digest  string
	digestN int64 // the digest as stored
	shape   int64 // shapeOf(props)
	size    int   // bytes of its properties, roughly
}

// Bounds on what one statement and one in-place transaction write, in bytes of properties:
// Neo4j counts them against its transaction memory (dbms.memory.transaction.total.max, 256m
// with scripts/neo4j.sh's defaults), and a few overlaps carry tens of kilobytes of evidence.
const (
	maxBatchBytes = 4 << 20  // a batch is cut at BatchSize rows or this many bytes
	maxTxBytes    = 48 << 20 // more than this in place, and the refresh replaces the graph instead
)

// spans cuts rows into batches of at most size rows and about maxBatchBytes bytes each.
func spans(rows []row, size int) [][2]int {
	var out [][2]int
	for start := 0; start < len(rows); {
		end, bytes := start, 0
		for end < len(rows) && end-start < size && (end == start || bytes+rows[end].size <= maxBatchBytes) {
			bytes += rows[end].size
			end++
		}
		out = append(out, [2]int{start, end})
		start = end
	}
	return out
}

// propDigest is the property that holds the digest of a node's or relationship's other
// properties, an integer. Readers ignore it.
const propDigest = "ngDigest"

// withDigest adds its digest to a row's properties: a hash of the keys, in order, and their
// values, each with its type; and measures them (shape) as the section checks of plan do.
func withDigest(r row) row {
	delete(r.props, propDigest)
	h := sha256.New()
	var buf []byte
	for _, k := range slices.Sorted(maps.Keys(r.props)) {
		buf = append(buf[:0], k...)
		buf = append(buf, 0)
		buf = appendValue(buf, r.props[k])
		h.Write(buf)
		r.size += len(buf)
	}
	d := int64(binary.BigEndian.Uint64(h.Sum(nil)[:8]) >> 2) // non-negative, so that Cypher's % agrees
	r.digest = strconv.FormatInt(d, 10)
	r.digestN = d
	r.shape = shapeOf(r.props)
	r.props[propDigest] = d
	return r
}

func appendValue(buf []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		buf = append(buf, 's')
		buf = strconv.AppendInt(buf, int64(len(v)), 10)
		buf = append(buf, ':')
		return append(buf, v...)
	case int64:
		return strconv.AppendInt(append(buf, 'i'), v, 10)
	case float64:
		return strconv.AppendFloat(append(buf, 'f'), v, 'g', -1, 64)
	case bool:
		return strconv.AppendBool(append(buf, 'b'), v)
	case []any:
		buf = append(buf, 'l')
		buf = strconv.AppendInt(buf, int64(len(v)), 10)
		for _, x := range v {
			buf = appendValue(append(buf, ','), x)
		}
		return buf
	}
	// Only read back from a graph edited by hand (a date, a list of numbers...): a digest no
	// dataset row has, so that the refresh rewrites the entity.
	return fmt.Appendf(append(buf, 'x'), "%T:%v", v, v)
}

// desired computes every node and relationship the dataset asks for, keyed by identity.
func desired(ds *normgraph.Dataset) (map[string]row, map[string]row) {
	// The stored overlaps (overlap_select.go), without their evidence, and the rarity weights
	// on the Theme and Actor nodes that the evidence is computed with when read (overlapEvidence).
	overlaps := normgraph.SelectOverlapScores(ds)
	nodes := map[string]row{}
	addNode := func(n normgraph.Node) {
		label, p := nodeProps(n)
		id := n.NodeID()
		switch label {
		case labelTheme:
			if r, ok := overlaps.Rarity.Themes[id]; ok {
				p[propThemeRarity] = r
			}
		case labelActor:
			if r, ok := overlaps.Rarity.Actors[id]; ok {
				p[propActorRarity] = r
			}
			if r, ok := overlaps.Rarity.CuratedActors[id]; ok {
				p[propActorCuratedRarity] = r
			}
		}
		nodes[id] = withDigest(row{label: label, id: id, props: p})
	}
	rels := map[string]row{}
	addRel := func(typ, from, to string, p props) {
		rels[relKey(typ, from, to, p)] = withDigest(row{label: typ, from: from, to: to, props: p})
	}
	cites := func(from string, sources []string) {
		for i, s := range sources {
			addRel(relCites, from, s, props{"rank": int64(i)})
		}
	}
	withSources := func(p props, sources []string) props {
		p.list("sources", sources)
		return p
	}
	categories := map[normgraph.Category]bool{}
	for _, x := range ds.Sources {
		addNode(x)
	}
	for _, x := range ds.Categories {
		addNode(x)
		categories[x.ID] = true
		cites(string(x.ID), x.SourceIDs)
	}
	for _, x := range ds.Themes {
		addNode(x)
		cites(x.ID, x.SourceIDs)
	}
	for _, x := range ds.Initiatives {
		addNode(x)
		cites(x.ID, x.SourceIDs)
	}
	for _, x := range ds.Norms {
		addNode(x)
		cites(x.ID, x.SourceIDs)
		addRel(relPartOf, x.ID, x.InitiativeID, props{})
		for i, t := range x.ThemeIDs {
			addRel(relAddresses, x.ID, t, props{"rank": int64(i)})
		}
		if categories[x.Category] {
			addRel(relInCategory, x.ID, string(x.Category), props{})
		}
		if x.Quote != nil {
			p := props{}
			p.str("locator", x.Quote.Locator)
			addRel(relQuotes, x.ID, x.Quote.SourceID, p)
		}
	}
	for _, x := range ds.Actors {
		addNode(x)
		cites(x.ID, x.SourceIDs)
	}
	for _, x := range ds.Correspondences {
		p := props{"kind": string(x.Kind), "basis": string(x.Basis)}
		p.str("rationale", x.Rationale)
		addRel(relCorrespondsTo, x.FromID, x.ToID, withSources(p, x.SourceIDs))
	}
	for _, x := range ds.Links {
		p := props{}
		p.str("note", x.Note)
		addRel(linkTypes[x.Kind], x.FromID, x.ToID, withSources(p, x.SourceIDs))
	}
	for _, x := range normgraph.AllParticipations(ds) { // curated, then derived from membership
		p := props{"role": string(x.Role)}
		p.date("since", x.Since)
		p.date("until", x.Until)
		p.str("note", x.Note)
		p.str("via", x.Via)
		addRel(relParticipatesIn, x.ActorID, x.InitiativeID, withSources(p, x.SourceIDs))
	}
	for _, x := range ds.Memberships {
		p := props{}
		p.date("since", x.Since)
		p.date("until", x.Until)
		p.str("note", x.Note)
		addRel(relMemberOf, x.ActorID, x.OrganizationID, withSources(p, x.SourceIDs))
	}
	for _, o := range overlaps.Overlaps {
		addRel(relOverlaps, o.A, o.B, overlapProps(o))
	}
	complianceRows(ds, addNode, addRel, cites)
	return nodes, rels
}

// relKey identifies a relationship: its type and ends, plus the role of a participation and
// the start of a membership (an actor may hold several roles, or rejoin an organization).
func relKey(typ, from, to string, p props) string {
	disc := ""
	switch typ {
	case relParticipatesIn:
		disc = getStr(p, "role") + "\x00" + getStr(p, "via")
	case relMemberOf:
		disc = getStr(p, "since")
	}
	return typ + "\x00" + from + "\x00" + to + "\x00" + disc
}

// EnsureSchema creates the uniqueness constraints and indexes the backend relies on. It is
// idempotent: it first lists the indexes (a uniqueness constraint has an index of its name), and
// when every one it creates is there and online and none it drops is left, that one read is
// all it does. Otherwise it runs every schema statement (each IF [NOT] EXISTS) and waits for
// the indexes to come online.
func (s *Store) EnsureSchema(ctx context.Context) error {
	stmts := schemaStatements()
	recs, err := s.query(ctx, `SHOW INDEXES YIELD name, state RETURN name, state`, nil)
	if err != nil {
		return s.translate("create schema", err)
	}
	online := map[string]bool{}
	for _, r := range recs {
		name, _ := get(r, "name").(string)
		state, _ := get(r, "state").(string)
		online[name] = state == "ONLINE"
	}
	complete := true
	for _, stmt := range stmts {
		m := schemaName.FindStringSubmatch(stmt)
		if m == nil {
			continue
		}
		_, exists := online[m[2]]
		if create := m[1] == "CREATE"; (create && !online[m[2]]) || (!create && exists) {
			complete = false
		}
	}
	if complete {
		return nil
	}
	defer s.enter()()
	for _, stmt := range stmts {
		s.statements.Add(1)
		if _, err := n4j.ExecuteQuery(ctx, s.driver, stmt, nil, n4j.EagerResultTransformer,
			n4j.ExecuteQueryWithWritersRouting(), n4j.ExecuteQueryWithDatabase(s.cfg.Database)); err != nil {
			return s.translate("create schema", err)
		}
	}
	return nil
}

// schemaName finds what a schema statement creates or drops.
var schemaName = regexp.MustCompile(`^(CREATE|DROP) (?:FULLTEXT |TEXT )?(?:CONSTRAINT|INDEX) (\w+)`)

// SchemaStatements is how many statements EnsureSchema runs when it creates the schema.
var SchemaStatements = len(schemaStatements())

func schemaStatements() []string {
	stmts := []string{
		"CREATE CONSTRAINT normgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
		"DROP INDEX normgraph_text IF EXISTS",     // an earlier name, with another analyzer
		"DROP INDEX normgraph_fulltext IF EXISTS", // an earlier name, without the compliance layer
		"CREATE INDEX normgraph_norm_initiative IF NOT EXISTS FOR (n:Norm) ON (n.initiative)",
		"CREATE TEXT INDEX normgraph_norm_search IF NOT EXISTS FOR (n:Norm) ON (n.search)",                     // see normSearch
		"CREATE INDEX normgraph_staged_id IF NOT EXISTS FOR (n:" + labelStaged + ") ON (n.id)",                 // see replace
		"CREATE CONSTRAINT normgraph_lease_id IF NOT EXISTS FOR (n:" + labelLease + ") REQUIRE n.id IS UNIQUE", // see lease.go
		// The "standard" analyzer (English stop words, no stemming) matches the memory backend's.
		// Compliance nodes keep their indexed text in these properties (normgraph.SearchFieldsOf).
		"CREATE FULLTEXT INDEX normgraph_search IF NOT EXISTS " +
			"FOR (n:Initiative|Norm|Theme|Actor|Source|Incident|Attribution|Implementation) " +
			"ON EACH [n.id, n.name, n.shortName, n.title, n.summary, n.quoteText, n.definition] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard'}}",
	}
	for _, l := range nodeLabels {
		stmts = append(stmts, fmt.Sprintf("CREATE CONSTRAINT normgraph_%s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE",
			strings.ToLower(l), l))
	}
	return append(stmts, "CALL db.awaitIndexes(300)") // new indexes are usable when the refresh ends
}

// Refresh makes the graph hold exactly the dataset, so that readers see either the previous
// graph or the new one, never a mix, and a failed or killed refresh leaves the previous graph
// unchanged. It plans in a write transaction: a refresh with nothing to change writes nothing;
// up to opts.MaxTxRows changes are applied in place in that transaction; more are written as a
// new generation (see replace), in batches of their own transactions, and readers are switched
// to it in one short transaction. It returns the report of what changed. Errors: EINVALID for
// an invalid dataset, EUNAVAILABLE when Neo4j cannot be reached; any other failure says what
// Neo4j refused (transaction memory, a constraint) and which setting to change. A refresh is
// never retried as a whole.
func (s *Store) Refresh(ctx context.Context, ds *normgraph.Dataset, opts RefreshOptions) (Report, error) {
	start := time.Now()
	statements := s.Statements()
	rep := Report{DryRun: opts.DryRun, Nodes: map[string]Change{}, Relationships: map[string]Change{}}
	if err := ds.Validate(); err != nil {
		return rep, err
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	if opts.MaxTxRows <= 0 {
		opts.MaxTxRows = 10_000
	}
	refreshCtx := ctx
	if !opts.DryRun {
		if err := s.EnsureSchema(ctx); err != nil {
			return rep, err
		}
		// One writing refresh at a time (lease.go): held from before the plan to the end.
		lctx, l, err := s.acquireLease(ctx, opts)
		if err != nil {
			var ne *normgraph.Error
			if !errors.Is(err, normgraph.ErrRefreshLocked) && !asDomain(err, &ne) {
				err = s.classify("refresh lock", err)
			}
			return rep, err
		}
		defer func() { _ = l.release(ctx) }() // a lease left behind expires by itself
		refreshCtx = lctx
	}
	// Neo4j summarises the graph's sections (sections.go) while the loader computes the dataset's.
	summaries := make(chan graphSections, 1)
	go func() { summaries <- s.readSections(refreshCtx) }()
	wantNodes, wantRels := desired(ds)
	err := s.refresh(refreshCtx, wantNodes, wantRels, <-summaries, opts, &rep)
	rep.Statements = s.Statements() - statements
	rep.Duration = time.Since(start)
	if cause := context.Cause(refreshCtx); err != nil && errors.Is(cause, errLeaseLost) {
		return rep, cause
	}
	if err != nil {
		var ne *normgraph.Error
		if !asDomain(err, &ne) {
			err = s.classify("refresh", err)
		}
		return rep, err
	}
	return rep, nil
}

func (s *Store) refresh(ctx context.Context, wantNodes, wantRels map[string]row, have graphSections, opts RefreshOptions, rep *Report) error {
	if have.err != nil {
		return have.err
	}
	mode := n4j.AccessModeWrite
	if opts.DryRun {
		mode = n4j.AccessModeRead
	}
	defer s.enter()()
	sess := s.driver.NewSession(ctx, n4j.SessionConfig{AccessMode: mode, DatabaseName: s.cfg.Database})
	defer sess.Close(context.WithoutCancel(ctx))
	// An explicit transaction: the driver retries nothing behind our back.
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return err
	}
	defer tx.Close(context.WithoutCancel(ctx)) // rolls back unless committed
	w := &txWriter{s: s, tx: tx, ctx: ctx, opts: opts}
	plan, err := w.plan(wantNodes, wantRels, have, rep)
	if err != nil || opts.DryRun || rep.Changes() == 0 {
		return err
	}
	// A refresh killed part-way may have left a generation behind (readers never see it): it
	// goes before anything is written.
	for _, label := range []string{labelStaged, labelRetired} {
		if err := s.dropGeneration(ctx, label, opts); err != nil {
			return err
		}
	}
	// Changes, not rows: a node's DETACH DELETE removes its relationships in the same transaction.
	if rep.Changes() <= opts.MaxTxRows && plan.bytes() <= maxTxBytes {
		if err := w.apply(plan); err != nil {
			return err
		}
		return tx.Commit(ctx)
	}
	if err := tx.Rollback(ctx); err != nil { // nothing written: the plan only read
		return err
	}
	rep.Replaced = true
	return s.replace(ctx, wantNodes, wantRels, opts)
}

func asDomain(err error, target **normgraph.Error) bool {
	e, ok := err.(*normgraph.Error)
	if ok {
		*target = e
	}
	return ok
}

// runner is a transaction to run statements in.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (n4j.ResultWithContext, error)
}

type txWriter struct {
	s    *Store
	tx   runner
	ctx  context.Context
	opts RefreshOptions
}

func (w *txWriter) run(cypher string, params map[string]any) ([]*n4j.Record, error) {
	w.s.statements.Add(1)
	res, err := w.tx.Run(w.ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(w.ctx)
}

// plan lists the writes a refresh makes, grouped and ordered.
type plan struct {
	deleteRels  map[string][]row
	deleteNodes []row
	createNodes map[string][]row
	updateNodes map[string][]row
	createRels  map[string][]row
	updateRels  map[string][]row
}

// bytes is how many bytes of properties the plan writes, roughly.
func (p *plan) bytes() int {
	n := 0
	for _, m := range []map[string][]row{p.createNodes, p.updateNodes, p.createRels, p.updateRels} {
		for _, rs := range m {
			for _, r := range rs {
				n += r.size
			}
		}
	}
	return n
}

// readBack digests a row read back from the graph from its properties; when its stored digest
// is not that one (written by hand, or by an older loader), the digest is left empty, which no
// wanted row has, so that the row is rewritten.
func readBack(r row) row {
	stored, _ := r.props[propDigest].(int64)
	r = withDigest(r)
	if stored != r.digestN {
		r.digest = ""
	}
	return r
}

// differing runs a section statement and returns the sections whose summary differs from
// want's (or every section, with RefreshOptions.Verify), including those only one side has.
func (w *txWriter) differing(recs []*n4j.Record, want map[string]section) map[string]bool {
	out := map[string]bool{}
	seen := map[string]bool{}
	for _, r := range recs {
		label, _ := get(r, "label").(string)
		count, _ := get(r, "count").(int64)
		digests, _ := get(r, "digests").(int64)
		shape, _ := get(r, "shape").(int64)
		seen[label] = true
		if w.opts.Verify || (section{count, digests, shape}) != want[label] {
			out[label] = true
		}
	}
	for label := range want {
		if !seen[label] {
			out[label] = true
		}
	}
	return out
}

func (w *txWriter) plan(wantNodes, wantRels map[string]row, sections graphSections, rep *Report) (*plan, error) {
	p := &plan{deleteRels: map[string][]row{}, createNodes: map[string][]row{}, updateNodes: map[string][]row{},
		createRels: map[string][]row{}, updateRels: map[string][]row{}}
	// Each section (label, relationship type) is summarised by Neo4j (sections.go); only the
	// sections that differ from the dataset's summary are read back, properties included.
	wantN, wantR := wantSections(wantNodes, wantRels)
	readNodes, readRels := w.differing(sections.nodes, wantN), w.differing(sections.rels, wantR)
	if len(readNodes) == 0 && len(readRels) == 0 { // every section as wanted: nothing to change
		return p, nil
	}
	have := map[string]row{}
	for id, r := range wantNodes {
		if !readNodes[r.label] {
			have[id] = r
		}
	}
	if len(readNodes) > 0 {
		recs, err := w.run(`MATCH (n:Entity)
WITH coalesce([l IN labels(n) WHERE l <> 'Entity'][0], '') AS label, n
WHERE label IN $labels
RETURN label, n.id AS id, properties(n) AS props`, map[string]any{"labels": slices.Collect(maps.Keys(readNodes))})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			label, _ := get(r, "label").(string)
			id, _ := get(r, "id").(string)
			have[id] = readBack(row{label: label, id: id, props: asMap(get(r, "props"))})
		}
	}
	bump := func(m map[string]Change, k string, f func(*Change)) {
		c := m[k]
		f(&c)
		m[k] = c
	}
	for id, h := range have {
		want, ok := wantNodes[id]
		if !ok || want.label != h.label {
			p.deleteNodes = append(p.deleteNodes, h)
			bump(rep.Nodes, h.label, func(c *Change) { c.Deleted++ })
		}
	}
	for id, want := range wantNodes {
		h, ok := have[id]
		switch {
		case !ok || h.label != want.label:
			p.createNodes[want.label] = append(p.createNodes[want.label], want)
			bump(rep.Nodes, want.label, func(c *Change) { c.Created++ })
		case h.digest != want.digest:
			p.updateNodes[want.label] = append(p.updateNodes[want.label], want)
			bump(rep.Nodes, want.label, func(c *Change) { c.Updated++ })
		}
	}
	haveRels := map[string]row{}
	for key, r := range wantRels {
		if !readRels[r.label] {
			haveRels[key] = r
		}
	}
	if len(readRels) > 0 {
		recs, err := w.run(`
MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN $types
RETURN type(r) AS type, a.id AS from, b.id AS to, elementId(r) AS eid, properties(r) AS props`,
			map[string]any{"types": slices.Collect(maps.Keys(readRels))})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			typ, _ := get(r, "type").(string)
			from, _ := get(r, "from").(string)
			to, _ := get(r, "to").(string)
			eid, _ := get(r, "eid").(string)
			props := asMap(get(r, "props"))
			key := relKey(typ, from, to, props)
			if _, dup := haveRels[key]; dup { // a duplicate left by hand: remove it
				p.deleteRels[typ] = append(p.deleteRels[typ], row{label: typ, eid: eid})
				bump(rep.Relationships, typ, func(c *Change) { c.Deleted++ })
				continue
			}
			haveRels[key] = readBack(row{label: typ, from: from, to: to, eid: eid, props: props})
		}
	}
	for key, h := range haveRels {
		// Relationships of a node that is deleted or recreated go with it (DETACH DELETE).
		if _, ok := wantRels[key]; !ok || nodeReplaced(h.from, have, wantNodes) || nodeReplaced(h.to, have, wantNodes) {
			if !nodeReplaced(h.from, have, wantNodes) && !nodeReplaced(h.to, have, wantNodes) {
				p.deleteRels[h.label] = append(p.deleteRels[h.label], h)
			}
			bump(rep.Relationships, h.label, func(c *Change) { c.Deleted++ })
		}
	}
	for key, want := range wantRels {
		h, ok := haveRels[key]
		switch {
		case !ok || nodeReplaced(want.from, have, wantNodes) || nodeReplaced(want.to, have, wantNodes):
			p.createRels[want.label] = append(p.createRels[want.label], want)
			bump(rep.Relationships, want.label, func(c *Change) { c.Created++ })
		case h.digest != want.digest:
			want.eid = h.eid
			p.updateRels[want.label] = append(p.updateRels[want.label], want)
			bump(rep.Relationships, want.label, func(c *Change) { c.Updated++ })
		}
	}
	return p, nil
}

// nodeReplaced reports whether the node with the id exists now but is deleted (or recreated
// under another label) by the refresh.
func nodeReplaced(id string, have, want map[string]row) bool {
	h, ok := have[id]
	if !ok {
		return false
	}
	w, ok := want[id]
	return !ok || w.label != h.label
}

func sortedRows(rows []row) []row {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		return a.id+a.from+"\x00"+a.to < b.id+b.from+"\x00"+b.to
	})
	return rows
}

func sortedKeys[V any](m map[string]V, order []string) []string {
	var out []string
	for _, k := range order {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// apply writes the plan: deletions first, then nodes, then relationships, in batches. Each kind
// of write is one statement text for every label and type (labels and types are set with
// Cypher's dynamic labels, $(…), from constants, never from user input): Neo4j plans it once,
// and a batch is full whatever the mix of labels. A statement per label and type, most of them
// run once with a handful of rows, cost ×1 most of its 30 s, in query planning.
func (w *txWriter) apply(p *plan) error {
	var delRels []row
	for _, typ := range sortedKeys(p.deleteRels, relTypes) {
		delRels = append(delRels, p.deleteRels[typ]...)
	}
	if err := w.batches("delete", delRels, func(r row) map[string]any { return map[string]any{"eid": r.eid} },
		`UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.eid DELETE r`); err != nil {
		return err
	}
	if err := w.batches("delete nodes", sortedRows(p.deleteNodes), func(r row) map[string]any { return map[string]any{"id": r.id} },
		`UNWIND $rows AS row MATCH (n:Entity {id: row.id}) DETACH DELETE n`); err != nil {
		return err
	}
	nodeRow := func(r row) map[string]any {
		return map[string]any{"id": r.id, "label": r.label, "props": map[string]any(r.props)}
	}
	if err := w.batches("create", byOrder(p.createNodes, nodeLabels), nodeRow,
		`UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n:$(row.label) SET n = row.props`); err != nil {
		return err
	}
	if err := w.batches("update", byOrder(p.updateNodes, nodeLabels), nodeRow,
		`UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n = row.props`); err != nil {
		return err
	}
	if err := w.batches("create", byOrder(p.createRels, relTypes), func(r row) map[string]any {
		return map[string]any{"from": r.from, "to": r.to, "type": r.label, "props": map[string]any(r.props)}
	}, `UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.type)]->(b) SET r = row.props`); err != nil {
		return err
	}
	return w.batches("update", byOrder(p.updateRels, relTypes), func(r row) map[string]any {
		return map[string]any{"eid": r.eid, "props": map[string]any(r.props)}
	}, `UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.eid SET r = row.props`)
}

// byOrder concatenates the rows of each label or type, in the given order, each sorted.
func byOrder(m map[string][]row, order []string) []row {
	var out []row
	for _, k := range order {
		out = append(out, sortedRows(m[k])...)
	}
	return out
}

func (w *txWriter) batches(phase string, rows []row, param func(row) map[string]any, cypher string) error {
	return eachBatch(rows, w.opts, phase, param, func(batch []map[string]any) error {
		_, err := w.run(cypher, map[string]any{"rows": batch})
		return err
	})
}

// eachBatch cuts rows into batches (spans) and runs each; after each it reports progress, per
// label or type of the batch's rows ("create Norm 120/243"), so that progress keeps naming what
// is written although one batch may mix labels. The phase "delete nodes" is reported as is.
func eachBatch(rows []row, opts RefreshOptions, phase string, param func(row) map[string]any, run func([]map[string]any) error) error {
	total, done := map[string]int{}, map[string]int{}
	for _, r := range rows {
		total[r.label]++
	}
	for _, span := range spans(rows, opts.BatchSize) {
		start, end := span[0], span[1]
		batch := make([]map[string]any, 0, end-start)
		for _, r := range rows[start:end] {
			batch = append(batch, param(r))
		}
		if err := run(batch); err != nil {
			label := rows[start].label
			if phase == "delete nodes" {
				return fmt.Errorf("%s: %w", phase, err)
			}
			return fmt.Errorf("%s %s: %w", phase, label, err)
		}
		if opts.Progress == nil {
			continue
		}
		if phase == "delete nodes" {
			if err := opts.Progress(Progress{Phase: phase, Done: end, Total: len(rows)}); err != nil {
				return err
			}
			continue
		}
		for i := start; i < end; i++ {
			done[rows[i].label]++
			if i+1 == end || rows[i+1].label != rows[i].label {
				label := rows[i].label
				if err := opts.Progress(Progress{Phase: phase + " " + label, Done: done[label], Total: total[label]}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Wipe deletes every node and relationship the loader owns (everything labelled Entity, and a
// generation a killed refresh left behind). Tests use it to start from an empty graph.
func (s *Store) Wipe(ctx context.Context) error {
	defer s.enter()()
	// In batches, each its own transaction: a large graph (the ×10 kill tests leave one) deleted
	// in one transaction exceeds dbms.memory.transaction.total.max. Relationships go first, in
	// small batches (an OVERLAPS relationship carries tens of KB of evidence, and a deletion
	// keeps what it deletes in the transaction's state), then the nodes they left bare.
	owned := `n:Entity OR n:` + labelStaged + ` OR n:` + labelRetired + ` OR n:` + labelLease
	for _, cypher := range []string{
		`MATCH (n)-[r]-() WHERE ` + owned + ` WITH DISTINCT r LIMIT $batch DELETE r RETURN count(*) AS deleted`,
		`MATCH (n) WHERE ` + owned + ` WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted`,
	} {
		for {
			s.statements.Add(1)
			res, err := n4j.ExecuteQuery(ctx, s.driver, cypher, map[string]any{"batch": wipeBatch},
				n4j.EagerResultTransformer, n4j.ExecuteQueryWithWritersRouting(), n4j.ExecuteQueryWithDatabase(s.cfg.Database))
			if err != nil {
				return s.translate("wipe", err)
			}
			if n, _ := get(res.Records[0], "deleted").(int64); n < wipeBatch {
				break
			}
		}
	}
	return nil
}

// wipeBatch is how many relationships, then nodes, Wipe deletes per transaction.
const wipeBatch = 1000

// ForeignNodes counts the nodes that normgraph did not write (those without the Entity label
// or the label of a generation being written or dropped).
// Tests refuse to wipe a database that holds any.
func (s *Store) ForeignNodes(ctx context.Context) (int64, error) {
	recs, err := s.query(ctx, `MATCH (n) WHERE NOT (n:Entity OR n:`+labelStaged+` OR n:`+labelRetired+` OR n:`+labelLease+`) RETURN count(n) AS n`, nil)
	if err != nil {
		return 0, err
	}
	n, _ := get(recs[0], "n").(int64)
	return n, nil
}

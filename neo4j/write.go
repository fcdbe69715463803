package neo4j

import (
	"context"
	"fmt"
	"reflect"
	"sort"
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
}

// desired computes every node and relationship the dataset asks for, keyed by identity.
func desired(ds *normgraph.Dataset) (map[string]row, map[string]row) {
	nodes := map[string]row{}
	addNode := func(n normgraph.Node) {
		label, p := nodeProps(n)
		nodes[n.NodeID()] = row{label: label, id: n.NodeID(), props: p}
	}
	rels := map[string]row{}
	addRel := func(typ, from, to string, p props) {
		rels[relKey(typ, from, to, p)] = row{label: typ, from: from, to: to, props: p}
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
	for _, o := range normgraph.ComputeOverlaps(ds) {
		addRel(relOverlaps, o.A, o.B, overlapProps(o))
	}
	return nodes, rels
}

// relKey identifies a relationship: its type and ends, plus the role of a participation and
// the start of a membership (an actor may hold several roles, or rejoin an organization).
func relKey(typ, from, to string, p map[string]any) string {
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
// idempotent.
func (s *Store) EnsureSchema(ctx context.Context) error {
	stmts := schemaStatements()
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

// SchemaStatements is how many statements EnsureSchema runs.
var SchemaStatements = len(schemaStatements())

func schemaStatements() []string {
	stmts := []string{
		"CREATE CONSTRAINT normgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
		"DROP INDEX normgraph_text IF EXISTS", // an earlier name, with another analyzer
		"CREATE INDEX normgraph_norm_initiative IF NOT EXISTS FOR (n:Norm) ON (n.initiative)",
		// The "standard" analyzer (English stop words, no stemming) matches the memory backend's.
		"CREATE FULLTEXT INDEX normgraph_fulltext IF NOT EXISTS FOR (n:Initiative|Norm|Theme|Actor|Source) " +
			"ON EACH [n.id, n.name, n.shortName, n.title, n.summary, n.quoteText, n.definition] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard'}}",
	}
	for _, l := range nodeLabels {
		stmts = append(stmts, fmt.Sprintf("CREATE CONSTRAINT normgraph_%s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE",
			strings.ToLower(l), l))
	}
	return append(stmts, "CALL db.awaitIndexes(300)") // new indexes are usable when the refresh ends
}

// Refresh makes the graph hold exactly the dataset: it creates, updates and deletes nodes and
// relationships in one write transaction, so that a failed or killed refresh leaves the previous
// graph unchanged, and a refresh with nothing to change writes nothing. It returns the report of
// what changed. Errors: EINVALID for an invalid dataset, EUNAVAILABLE when Neo4j cannot be used.
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
	if !opts.DryRun {
		if err := s.EnsureSchema(ctx); err != nil {
			return rep, err
		}
	}
	wantNodes, wantRels := desired(ds)
	mode := n4j.AccessModeWrite
	if opts.DryRun {
		mode = n4j.AccessModeRead
	}
	defer s.enter()()
	sess := s.driver.NewSession(ctx, n4j.SessionConfig{AccessMode: mode, DatabaseName: s.cfg.Database})
	defer sess.Close(context.WithoutCancel(ctx))
	work := func(tx n4j.ManagedTransaction) (any, error) {
		rep.Nodes, rep.Relationships = map[string]Change{}, map[string]Change{}
		w := &txWriter{s: s, tx: tx, ctx: ctx, opts: opts}
		plan, err := w.plan(wantNodes, wantRels, &rep)
		if err != nil || opts.DryRun {
			return nil, err
		}
		return nil, w.apply(plan)
	}
	var err error
	if opts.DryRun {
		_, err = sess.ExecuteRead(ctx, work)
	} else {
		_, err = sess.ExecuteWrite(ctx, work)
	}
	rep.Statements = s.Statements() - statements
	rep.Duration = time.Since(start)
	if err != nil {
		var ne *normgraph.Error
		if !asDomain(err, &ne) {
			err = s.translate("refresh", err)
		}
		return rep, err
	}
	return rep, nil
}

func asDomain(err error, target **normgraph.Error) bool {
	e, ok := err.(*normgraph.Error)
	if ok {
		*target = e
	}
	return ok
}

type txWriter struct {
	s    *Store
	tx   n4j.ManagedTransaction
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

func (w *txWriter) plan(wantNodes, wantRels map[string]row, rep *Report) (*plan, error) {
	p := &plan{deleteRels: map[string][]row{}, createNodes: map[string][]row{}, updateNodes: map[string][]row{},
		createRels: map[string][]row{}, updateRels: map[string][]row{}}
	recs, err := w.run(`MATCH (n:Entity) RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.id AS id, properties(n) AS props`, nil)
	if err != nil {
		return nil, err
	}
	have := map[string]row{}
	for _, r := range recs {
		label, _ := get(r, "label").(string)
		id, _ := get(r, "id").(string)
		have[id] = row{label: label, id: id, props: asMap(get(r, "props"))}
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
		case !reflect.DeepEqual(map[string]any(h.props), map[string]any(want.props)):
			p.updateNodes[want.label] = append(p.updateNodes[want.label], want)
			bump(rep.Nodes, want.label, func(c *Change) { c.Updated++ })
		}
	}
	recs, err = w.run(`
MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN $types
RETURN type(r) AS type, a.id AS from, b.id AS to, elementId(r) AS eid, properties(r) AS props`,
		map[string]any{"types": relTypes})
	if err != nil {
		return nil, err
	}
	haveRels := map[string]row{}
	for _, r := range recs {
		typ, _ := get(r, "type").(string)
		from, _ := get(r, "from").(string)
		to, _ := get(r, "to").(string)
		eid, _ := get(r, "eid").(string)
		pr := asMap(get(r, "props"))
		key := relKey(typ, from, to, pr)
		if _, dup := haveRels[key]; dup { // a duplicate left by hand: remove it
			p.deleteRels[typ] = append(p.deleteRels[typ], row{label: typ, eid: eid})
			bump(rep.Relationships, typ, func(c *Change) { c.Deleted++ })
			continue
		}
		haveRels[key] = row{label: typ, from: from, to: to, eid: eid, props: pr}
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
		case !reflect.DeepEqual(map[string]any(h.props), map[string]any(want.props)):
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

// apply writes the plan: deletions first, then nodes, then relationships, in batches.
func (w *txWriter) apply(p *plan) error {
	for _, typ := range sortedKeys(p.deleteRels, relTypes) {
		if err := w.batches("delete "+typ, p.deleteRels[typ], func(r row) map[string]any { return map[string]any{"eid": r.eid} },
			`UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.eid DELETE r`); err != nil {
			return err
		}
	}
	if err := w.batches("delete nodes", sortedRows(p.deleteNodes), func(r row) map[string]any { return map[string]any{"id": r.id} },
		`UNWIND $rows AS row MATCH (n:Entity {id: row.id}) DETACH DELETE n`); err != nil {
		return err
	}
	nodeRow := func(r row) map[string]any { return map[string]any{"id": r.id, "props": map[string]any(r.props)} }
	for _, label := range nodeLabels { // labels are constants, never user input
		if err := w.batches("create "+label, sortedRows(p.createNodes[label]), nodeRow,
			`UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n:`+label+` SET n = row.props`); err != nil {
			return err
		}
		if err := w.batches("update "+label, sortedRows(p.updateNodes[label]), nodeRow,
			`UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n = row.props`); err != nil {
			return err
		}
	}
	for _, typ := range relTypes { // relationship types are constants, never user input
		if err := w.batches("create "+typ, sortedRows(p.createRels[typ]), func(r row) map[string]any {
			return map[string]any{"from": r.from, "to": r.to, "props": map[string]any(r.props)}
		}, `UNWIND $rows AS row MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to}) CREATE (a)-[r:`+typ+`]->(b) SET r = row.props`); err != nil {
			return err
		}
		if err := w.batches("update "+typ, sortedRows(p.updateRels[typ]), func(r row) map[string]any {
			return map[string]any{"eid": r.eid, "props": map[string]any(r.props)}
		}, `UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.eid SET r = row.props`); err != nil {
			return err
		}
	}
	return nil
}

func (w *txWriter) batches(phase string, rows []row, param func(row) map[string]any, cypher string) error {
	for start := 0; start < len(rows); start += w.opts.BatchSize {
		end := min(len(rows), start+w.opts.BatchSize)
		batch := make([]map[string]any, 0, end-start)
		for _, r := range rows[start:end] {
			batch = append(batch, param(r))
		}
		if _, err := w.run(cypher, map[string]any{"rows": batch}); err != nil {
			return fmt.Errorf("%s: %w", phase, err)
		}
		if w.opts.Progress != nil {
			if err := w.opts.Progress(Progress{Phase: phase, Done: end, Total: len(rows)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Wipe deletes every node and relationship the loader owns (everything labelled Entity). Tests
// use it to start from an empty graph.
func (s *Store) Wipe(ctx context.Context) error {
	defer s.enter()()
	s.statements.Add(1)
	_, err := n4j.ExecuteQuery(ctx, s.driver, `MATCH (n:Entity) DETACH DELETE n`, nil,
		n4j.EagerResultTransformer, n4j.ExecuteQueryWithWritersRouting(), n4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil {
		return s.translate("wipe", err)
	}
	return nil
}

// ForeignNodes counts the nodes that normgraph did not write (those without the Entity label).
// Tests refuse to wipe a database that holds any.
func (s *Store) ForeignNodes(ctx context.Context) (int64, error) {
	recs, err := s.query(ctx, `MATCH (n) WHERE NOT n:Entity RETURN count(n) AS n`, nil)
	if err != nil {
		return 0, err
	}
	n, _ := get(recs[0], "n").(int64)
	return n, nil
}

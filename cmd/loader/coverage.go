package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/normgraph/normgraph"
)

// writeCoverage prints what the dataset holds: totals, sources and quotations by source kind,
// norms (and guidance given) per initiative against each document's own count, correspondences
// by basis and kind, and the known gaps.
func writeCoverage(w io.Writer, ds *normgraph.Dataset) {
	fmt.Fprintf(w, "sources %d, themes %d, initiatives %d, norms %d, guidance %d, actors %d, participations %d, memberships %d, links %d, correspondences %d\n",
		len(ds.Sources), len(ds.Themes), len(ds.Initiatives), len(ds.Norms), len(ds.Guidance), len(ds.Actors),
		len(ds.Participations), len(ds.Memberships), len(ds.Links), len(ds.Correspondences))
	srcKinds := map[normgraph.SourceKind]int{}
	for _, s := range ds.Sources {
		srcKinds[s.Kind]++
	}
	q := ds.QuotationsBySourceKind()
	total := 0
	for _, n := range q {
		total += n
	}
	fmt.Fprint(w, "sources by kind:")
	for _, k := range normgraph.SourceKinds {
		fmt.Fprintf(w, " %s %d", k, srcKinds[k])
	}
	fmt.Fprintf(w, "\nquotations %d by source kind:", total)
	for _, k := range normgraph.SourceKinds {
		fmt.Fprintf(w, " %s %d", k, q[k])
	}
	if total > 0 {
		fmt.Fprintf(w, " (primary or official %.1f%%)", 100*float64(q[normgraph.SourcePrimary]+q[normgraph.SourceOfficial])/float64(total))
	}
	fmt.Fprint(w, "\n\n")

	counts := map[string]int{}
	quoted := map[string]int{}
	for _, n := range ds.Norms {
		counts[n.InitiativeID]++
		if n.Quote != nil {
			quoted[n.InitiativeID]++
		}
	}
	guidance := map[string]int{}
	for _, g := range ds.Guidance {
		guidance[g.InitiativeID]++
	}
	inits := append([]*normgraph.Initiative(nil), ds.Initiatives...)
	sort.Slice(inits, func(i, j int) bool { return inits[i].ID < inits[j].ID })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "INITIATIVE\tKIND\tADOPTED\tITEMIZED\tNORMS\tOF\tQUOTED\tGUIDANCE\tGAPS")
	for _, in := range inits {
		of := "-"
		if in.ExpectedNorms > 0 {
			of = fmt.Sprint(in.ExpectedNorms)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%d\t%d\t%d\n", in.ID, in.Kind, in.Adopted, in.Itemized,
			counts[in.ID], of, quoted[in.ID], guidance[in.ID], len(in.Gaps))
	}
	tw.Flush()

	byKind := map[string]int{}
	for _, c := range ds.Correspondences {
		byKind[string(c.Basis)+" "+string(c.Kind)]++
	}
	keys := make([]string, 0, len(byKind))
	for k := range byKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "\ncorrespondences: %d", len(ds.Correspondences))
	for _, k := range keys {
		fmt.Fprintf(w, "; %s %d", k, byKind[k])
	}
	fmt.Fprintln(w)

	derived := normgraph.DeriveParticipations(ds)
	curated, computed := map[string]int{}, map[string]int{}
	for _, p := range ds.Participations {
		curated[p.InitiativeID]++
	}
	for _, p := range derived {
		computed[p.InitiativeID]++
	}
	byType := map[normgraph.ActorType]int{}
	for _, a := range ds.Actors {
		byType[a.Type]++
	}
	fmt.Fprintf(w, "\nactors: %d;", len(ds.Actors))
	for _, t := range normgraph.ActorTypes {
		if byType[t] > 0 {
			fmt.Fprintf(w, " %s %d", t, byType[t])
		}
	}
	fmt.Fprintf(w, "\nparticipations: %d curated, %d derived from membership\n", len(ds.Participations), len(derived))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "INITIATIVE\tCURATED\tDERIVED")
	for _, in := range inits {
		if curated[in.ID]+computed[in.ID] > 0 {
			fmt.Fprintf(tw, "%s\t%d\t%d\n", in.ID, curated[in.ID], computed[in.ID])
		}
	}
	tw.Flush()
	members := map[string]int{}
	for _, m := range ds.Memberships {
		members[m.OrganizationID]++
	}
	if len(members) > 0 {
		orgs := make([]string, 0, len(members))
		for o := range members {
			orgs = append(orgs, o)
		}
		sort.Strings(orgs)
		fmt.Fprint(w, "memberships:")
		for _, o := range orgs {
			fmt.Fprintf(w, " %s %d", o, members[o])
		}
		fmt.Fprintln(w)
	}

	writeComplianceCoverage(w, ds)

	fmt.Fprintln(w, "\nknown gaps (facts not confirmed in a public source, left out):")
	n := 0
	for _, in := range inits {
		for _, g := range in.Gaps {
			fmt.Fprintf(w, "- %s: %s\n", in.ID, strings.TrimSpace(g))
			n++
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "- none recorded")
	}
}

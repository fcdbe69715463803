package storetest

import (
	"fmt"

	"github.com/normgraph/normgraph"
)

// Scale returns a synthetic dataset n times the size of ds, for benchmarks: n copies of every
// initiative with its norms, guidance, correspondences, links and participations (ids suffixed -copyK),
// over the same themes, actors, memberships and sources, so that copies overlap as the
// original initiatives do. It shares the original's values where it does not rename them.
func Scale(ds *normgraph.Dataset, n int) *normgraph.Dataset {
	out := &normgraph.Dataset{Sources: ds.Sources, Categories: ds.Categories, Themes: ds.Themes,
		Actors: ds.Actors, Memberships: ds.Memberships}
	for k := 0; k < n; k++ {
		sfx := fmt.Sprintf("-copy%d", k)
		if k == 0 {
			sfx = ""
		}
		normID := func(id string) string {
			for i := range id {
				if id[i] == '/' {
					return id[:i] + sfx + id[i:]
				}
			}
			return id + sfx
		}
		for _, in := range ds.Initiatives {
			c := *in
			c.ID += sfx
			out.Initiatives = append(out.Initiatives, &c)
		}
		for _, x := range ds.Norms {
			c := *x
			c.ID, c.InitiativeID = normID(x.ID), x.InitiativeID+sfx
			out.Norms = append(out.Norms, &c)
		}
		for _, x := range ds.Correspondences {
			c := *x
			c.FromID, c.ToID = normID(x.FromID), normID(x.ToID)
			out.Correspondences = append(out.Correspondences, &c)
		}
		for _, x := range ds.Links {
			c := *x
			c.FromID, c.ToID = x.FromID+sfx, x.ToID+sfx
			out.Links = append(out.Links, &c)
		}
		for _, x := range ds.Participations {
			c := *x
			c.InitiativeID += sfx
			out.Participations = append(out.Participations, &c)
		}
		for _, x := range ds.Guidance {
			c := *x
			c.NormID, c.InitiativeID = normID(x.NormID), x.InitiativeID+sfx
			out.Guidance = append(out.Guidance, &c)
		}
	}
	out.AttachGuidance()
	return out
}

package normgraph

import (
	"cmp"
	"container/heap"
	"slices"
	"strings"
)

// OverlapsPerInitiative is k in the rule of SelectOverlaps: every initiative keeps its k
// strongest overlaps, so the number stored grows linearly with the initiatives. With the
// curated dataset (58 initiatives, 706 overlapping pairs, at most 49 for one initiative) every
// pair is among the k strongest of at least one of its two initiatives, so all are kept; a
// test says when that stops being true.
const OverlapsPerInitiative = 40

// SelectOverlaps returns the overlaps that the backends store and serve (overlap, overlaps,
// stats, subgraph): the union, over the initiatives, of each one's OverlapsPerInitiative
// strongest overlaps by combined Score (on equal scores, the other initiative's id decides,
// smaller first). Pairs with nothing in common are never selected. The result is sorted by
// (A, B), each with its full evidence, as ComputeOverlaps would give it.
//
// It ranks by the scoring formula of overlap.go (overlapCounts.scores) without building every
// pair: an inverted index (theme → initiatives, actor → initiatives) counts, for one initiative
// at a time, what it shares with each later one, and each pair's score goes into two bounded
// heaps, one per initiative. Memory is linear in the dataset (the index, one counter per
// initiative, k heap entries per initiative); time grows with the sum, over themes and actors,
// of the square of the number of initiatives behind each.
func SelectOverlaps(d *Dataset) []*Overlap {
	ix := newOverlapIndex(d)
	n := len(ix.ids)
	pos := make(map[string]int32, n)
	for i, id := range ix.ids {
		pos[id] = int32(i)
	}
	// Inverted index: for each theme and each actor, the initiatives behind it, in id order.
	byTheme, byActor := map[string][]int32{}, map[string][]int32{}
	themesOf, actorsOf := make([][]string, n), make([][]string, n)
	for i, id := range ix.ids {
		for t := range ix.themes[id] {
			byTheme[t] = append(byTheme[t], int32(i))
			themesOf[i] = append(themesOf[i], t)
		}
		for a := range ix.actors[id] {
			byActor[a] = append(byActor[a], int32(i))
			actorsOf[i] = append(actorsOf[i], a)
		}
	}
	corrWith := make([][]int32, n) // initiatives with a correspondence to a later one
	for p := range ix.corrs {
		corrWith[pos[p.a]] = append(corrWith[pos[p.a]], pos[p.b])
	}

	tops := make([]overlapHeap, n)
	sharedThemes, sharedActors := make([]int32, n), make([]int32, n)
	touched := make([]bool, n)
	var later []int32
	touch := func(j int32) {
		if !touched[j] {
			touched[j] = true
			later = append(later, j)
		}
	}
	for i := range n {
		for _, t := range themesOf[i] {
			for _, j := range laterThan(byTheme[t], int32(i)) {
				sharedThemes[j]++
				touch(j)
			}
		}
		for _, a := range actorsOf[i] {
			for _, j := range laterThan(byActor[a], int32(i)) {
				sharedActors[j]++
				touch(j)
			}
		}
		for _, j := range corrWith[i] {
			touch(j)
		}
		a := ix.ids[i]
		for _, j := range later {
			b := ix.ids[j]
			corrNorms := 0
			if _, ok := ix.corrs[initiativePair{a, b}]; ok {
				corrNorms = ix.corrNorms(a, b)
			}
			_, _, _, score := overlapCounts{
				sharedThemes: int(sharedThemes[j]), themesA: len(themesOf[i]), themesB: len(themesOf[j]),
				sharedActors: int(sharedActors[j]), actorsA: len(actorsOf[i]), actorsB: len(actorsOf[j]),
				corrNorms: corrNorms, normsA: ix.normsOf[a], normsB: ix.normsOf[b],
			}.scores()
			tops[i].offer(ranked{score, j})
			tops[j].offer(ranked{score, int32(i)})
			sharedThemes[j], sharedActors[j], touched[j] = 0, 0, false
		}
		later = later[:0]
	}

	selected := map[initiativePair]bool{}
	for i, h := range tops {
		for _, r := range h {
			a, b := ix.ids[i], ix.ids[r.other]
			if b < a {
				a, b = b, a
			}
			selected[initiativePair{a, b}] = true
		}
	}
	out := make([]*Overlap, 0, len(selected))
	for p := range selected {
		if o := ix.pair(p.a, p.b); o != nil {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(x, y *Overlap) int { return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B)) })
	return out
}

// laterThan returns the initiatives of a sorted list that come after i.
func laterThan(xs []int32, i int32) []int32 {
	k, _ := slices.BinarySearch(xs, i+1)
	return xs[k:]
}

// ranked is one candidate overlap of an initiative: its score and the other initiative (whose
// index follows the id order, so that a smaller index wins a tie).
type ranked struct {
	score float64
	other int32
}

// worse reports whether x ranks below y.
func (x ranked) worse(y ranked) bool {
	if x.score != y.score {
		return x.score < y.score
	}
	return x.other > y.other
}

// overlapHeap keeps an initiative's OverlapsPerInitiative best candidates, the worst on top.
type overlapHeap []ranked

func (h overlapHeap) Len() int           { return len(h) }
func (h overlapHeap) Less(i, j int) bool { return h[i].worse(h[j]) }
func (h overlapHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *overlapHeap) Push(x any)        { *h = append(*h, x.(ranked)) }
func (h *overlapHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *overlapHeap) offer(r ranked) {
	switch {
	case len(*h) < OverlapsPerInitiative:
		heap.Push(h, r)
	case (*h)[0].worse(r):
		(*h)[0] = r
		heap.Fix(h, 0)
	}
}

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
// strongest overlaps by combined Score, unknown scores last (on equal scores, the other initiative's id decides,
// smaller first). Pairs with nothing in common are never selected. The result is sorted by
// (A, B), each with its full evidence, as ComputeOverlaps would give it.
//
// It ranks by the scoring formula of overlap.go (overlapIndex.scores) without building every
// pair: an inverted index (theme → initiatives, actor → initiatives) sums, for one initiative
// at a time, the weights it shares with each later one, and each pair's score goes into two
// bounded heaps, one per initiative. Memory is linear in the dataset (the index, one counter per
// initiative, k heap entries per initiative); time grows with the sum, over themes and actors,
// of the square of the number of initiatives behind each.
func SelectOverlaps(d *Dataset) []*Overlap {
	ix := newOverlapIndex(d)
	var out []*Overlap
	for _, p := range ix.selectPairs() {
		if o := ix.pair(p.a, p.b); o != nil {
			out = append(out, o)
		}
	}
	return out
}

// selectPairs returns the pairs of SelectOverlaps' rule, sorted.
func (ix *overlapIndex) selectPairs() []initiativePair {
	n := len(ix.ids)
	pos := make(map[string]int32, n)
	for i, id := range ix.ids {
		pos[id] = int32(i)
	}
	// Inverted index: for each theme and each actor, the initiatives behind it, in id order.
	byTheme, byActor := map[string][]int32{}, map[string][]actorEntry{}
	for i, id := range ix.ids {
		for _, t := range ix.themeList[id] {
			byTheme[t] = append(byTheme[t], int32(i))
		}
		for _, a := range ix.actorList[id] {
			byActor[a] = append(byActor[a], actorEntry{int32(i), ix.actors[id][a]})
		}
	}
	corrWith := make([][]int32, n) // initiatives with a correspondence to a later one
	corrOf := map[[2]int32]*float64{}
	for p := range ix.corrs {
		corrWith[pos[p.a]] = append(corrWith[pos[p.a]], pos[p.b])
		corrOf[[2]int32{pos[p.a], pos[p.b]}], _ = ix.corrScores(p.a, p.b)
	}
	// What the combined score needs of each initiative, by index.
	themeW, curatedW := make([]float64, n), make([]float64, n)
	themeN, curatedN, normsN := make([]int, n), make([]int, n), make([]int, n)
	for i, id := range ix.ids {
		themeW[i], curatedW[i] = ix.themeWeight[id], ix.curatedWeight[id]
		themeN[i], curatedN[i], normsN[i] = len(ix.themeList[id]), ix.curatedCount[id], ix.normsOf[id]
	}
	zero := 0.0

	tops := make([]overlapHeap, n)
	// The sums of overlapSums the combined score needs, accumulated for each later initiative in
	// the order pair uses (the earlier initiative's sorted themes, then its sorted actors), so
	// that the scores match to the bit.
	sums := make([]overlapSums, n)
	touched := make([]bool, n)
	var later []int32
	touch := func(j int32) {
		if !touched[j] {
			touched[j] = true
			later = append(later, j)
		}
	}
	for i := range n {
		a := ix.ids[i]
		for _, t := range ix.themeList[a] {
			w := ix.themeRarity[t]
			for _, j := range laterThan(byTheme[t], int32(i)) {
				sums[j].themes += w
				touch(j)
			}
		}
		for _, actor := range ix.actorList[a] {
			entries := byActor[actor]
			k, _ := slices.BinarySearchFunc(entries, int32(i)+1, func(e actorEntry, t int32) int { return cmp.Compare(e.initiative, t) })
			pa := entries[k-1].p // the entry of initiative i itself
			rCurated := ix.curatedRarity[actor]
			for _, e := range entries[k:] { // a derived participation makes a pair too, but ranks by curated ones
				j := e.initiative
				if pa.curated && e.p.curated {
					sums[j].actorsCurated += rCurated
				}
				touch(j)
			}
		}
		for _, j := range corrWith[i] {
			touch(j)
		}
		for _, j := range later {
			// The combined score of overlapIndex.scores, from the same inputs.
			corr, ok := corrOf[[2]int32{int32(i), j}]
			if !ok && normsN[i] > 0 && normsN[j] > 0 {
				corr = &zero
			}
			score := rankValue(combine(setScore(sums[j].themes, themeW[i], themeW[j], themeN[i], themeN[j]),
				setScore(sums[j].actorsCurated, curatedW[i], curatedW[j], curatedN[i], curatedN[j]), corr))
			tops[i].offer(ranked{score, j})
			tops[j].offer(ranked{score, int32(i)})
			sums[j], touched[j] = overlapSums{}, false
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
	out := make([]initiativePair, 0, len(selected))
	for p := range selected {
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y initiativePair) int { return cmp.Or(strings.Compare(x.a, y.a), strings.Compare(x.b, y.b)) })
	return out
}

// actorEntry is one initiative behind an actor, with its participation, in the inverted index.
type actorEntry struct {
	initiative int32
	p          participant
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

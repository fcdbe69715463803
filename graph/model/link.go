package model

import "github.com/normgraph/normgraph"

// InitiativeLink is a link between two initiatives seen from one of them. Its ends and sources
// are references, resolved by id (and not read at all when only their ids are asked for).
type InitiativeLink struct {
	Link      *normgraph.Link
	Direction Direction
}

// Kind is the link's kind.
func (l *InitiativeLink) Kind() normgraph.LinkKind { return l.Link.Kind }

// Note is the link's note, or nil.
func (l *InitiativeLink) Note() *string {
	if l.Link.Note == "" {
		return nil
	}
	return &l.Link.Note
}

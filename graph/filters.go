package graph

import (
	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph/model"
)

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func initiativeFilter(in *model.InitiativeFilter, order *model.InitiativeOrder) (normgraph.InitiativeFilter, error) {
	var f normgraph.InitiativeFilter
	if in != nil {
		f = normgraph.InitiativeFilter{
			Kinds: in.Kind, Statuses: in.Status, Binding: in.Binding, Themes: in.Theme,
			Text: deref(in.Text), AdoptedFrom: deref(in.AdoptedFrom), AdoptedTo: deref(in.AdoptedTo),
		}
		if !f.AdoptedFrom.IsZero() && !f.AdoptedTo.IsZero() && f.AdoptedTo.Before(f.AdoptedFrom) {
			return f, normgraph.Errorf(normgraph.EINVALID, "adoptedTo %s is before adoptedFrom %s", f.AdoptedTo, f.AdoptedFrom)
		}
	}
	if order != nil {
		switch order.Field {
		case model.InitiativeOrderFieldName:
			f.OrderBy = normgraph.OrderByName
		case model.InitiativeOrderFieldAdopted:
			f.OrderBy = normgraph.OrderByAdopted
		default:
			f.OrderBy = normgraph.OrderByID
		}
		f.Descending = deref(order.Direction) == model.OrderDirectionDesc
	}
	return f, nil
}

func normFilter(in *model.NormFilter) normgraph.NormFilter {
	if in == nil {
		return normgraph.NormFilter{}
	}
	return normgraph.NormFilter{
		Initiatives: in.Initiative, Categories: in.Category, Themes: in.Theme,
		Addressees: in.Addressee, Text: deref(in.Text),
	}
}

func participationFilter(in *model.ParticipationFilter) normgraph.ParticipationFilter {
	if in == nil {
		return normgraph.ParticipationFilter{}
	}
	return normgraph.ParticipationFilter{Types: in.Type, Derived: in.Derived}
}

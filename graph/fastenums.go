package graph

// enumNames maps the Go values of the domain enums to their GraphQL names, for the fast
// executor: the inverse of the maps gqlgen generates to marshal them (graph/generated.go).
// TestFastEnumsComplete fails when an enum of the schema is missing here.
var enumNames = map[string]map[string]string{
	"ActorMode":          names(marshalNActorMode2githubᚗcomᚋnormgraphᚋnormgraphᚐActorMode),
	"ActorType":          names(marshalNActorType2githubᚗcomᚋnormgraphᚋnormgraphᚐActorType),
	"Addressee":          names(marshalNAddressee2githubᚗcomᚋnormgraphᚋnormgraphᚐAddressee),
	"AttributionForm":    names(marshalNAttributionForm2githubᚗcomᚋnormgraphᚋnormgraphᚐAttributionForm),
	"Basis":              names(marshalNBasis2githubᚗcomᚋnormgraphᚋnormgraphᚐBasis),
	"Category":           names(marshalNCategory2githubᚗcomᚋnormgraphᚋnormgraphᚐCategory),
	"CorrespondenceKind": names(marshalNCorrespondenceKind2githubᚗcomᚋnormgraphᚋnormgraphᚐCorrespondenceKind),
	"EvidenceBasis":      names(marshalNEvidenceBasis2githubᚗcomᚋnormgraphᚋnormgraphᚐEvidenceBasis),
	"ImplementationKind": names(marshalNImplementationKind2githubᚗcomᚋnormgraphᚋnormgraphᚐImplementationKind),
	"InitiativeKind":     names(marshalNInitiativeKind2githubᚗcomᚋnormgraphᚋnormgraphᚐInitiativeKind),
	"ItemizationStatus":  names(marshalNItemizationStatus2githubᚗcomᚋnormgraphᚋnormgraphᚐItemization),
	"LinkKind":           names(marshalNLinkKind2githubᚗcomᚋnormgraphᚋnormgraphᚐLinkKind),
	"NodeType":           names(marshalNNodeType2githubᚗcomᚋnormgraphᚋnormgraphᚐNodeType),
	"OverlapBasis":       names(marshalNOverlapBasis2githubᚗcomᚋnormgraphᚋnormgraphᚐOverlapBasis),
	"Role":               names(marshalNRole2githubᚗcomᚋnormgraphᚋnormgraphᚐRole),
	"SourceKind":         names(marshalNSourceKind2githubᚗcomᚋnormgraphᚋnormgraphᚐSourceKind),
	"InitiativeStatus":   names(marshalNInitiativeStatus2githubᚗcomᚋnormgraphᚋnormgraphᚐStatus),
}

func names[T ~string](m map[T]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

package normgraph

import (
	"cmp"
	"slices"
	"strings"
)

// committingRoles are the roles by which an organization commits its members to an initiative.
var committingRoles = map[Role]bool{RoleConvener: true, RoleAuthor: true, RoleSignatory: true, RoleMember: true, RoleEndorser: true}

// DeriveParticipations computes the commitments that follow from membership: when an
// organization (an actor with members) convened, authored, signed (anything but a treaty),
// joined or endorsed an initiative, each of its members at the initiative's adoption date is committed to it too (an
// OSCE decision binds every participating state). A derived participation has role member, Via
// set to the organization, Since the later of the adoption date and the membership's start,
// Until the end of the membership, and the sources of both facts. Members with a direct
// participation in the same initiative keep only that. The result is sorted by initiative, then
// actor. The dataset must be valid.
func DeriveParticipations(d *Dataset) []*Participation {
	initiatives := map[string]*Initiative{}
	for _, in := range d.Initiatives {
		initiatives[in.ID] = in
	}
	direct := map[[2]string]bool{}
	for _, p := range d.Participations {
		direct[[2]string{p.ActorID, p.InitiativeID}] = true
	}
	members := map[string][]*Membership{}
	for _, m := range d.Memberships {
		members[m.OrganizationID] = append(members[m.OrganizationID], m)
	}
	seen := map[[2]string]*Participation{}
	var out []*Participation
	for _, p := range d.Participations {
		if !committingRoles[p.Role] {
			continue
		}
		// A treaty binds only its own parties: an organisation's signature commits the
		// organisation for its competences, and its members sign and ratify on their own (the
		// EU signed the UN Convention against Cybercrime; its member states signed separately).
		if p.Role == RoleSignatory && initiatives[p.InitiativeID].Kind == KindTreaty {
			continue
		}
		adopted := initiatives[p.InitiativeID].Adopted
		for _, m := range members[p.ActorID] {
			key := [2]string{m.ActorID, p.InitiativeID}
			if direct[key] || !memberAt(m, adopted) {
				continue
			}
			if prev := seen[key]; prev != nil { // member of two committing organizations
				if !strings.Contains(prev.Note, p.ActorID) {
					prev.Note += ", " + p.ActorID
				}
				continue
			}
			since := m.Since
			if adopted.Compare(since) > 0 {
				since = adopted
			}
			x := &Participation{ActorID: m.ActorID, InitiativeID: p.InitiativeID, Role: RoleMember,
				Since: since, Until: m.Until, Via: p.ActorID,
				Note:      "committed through membership of " + p.ActorID,
				SourceIDs: dedupe(append(slices.Clone(p.SourceIDs), m.SourceIDs...))}
			seen[key] = x
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b *Participation) int {
		return cmp.Or(strings.Compare(a.InitiativeID, b.InitiativeID), strings.Compare(a.ActorID, b.ActorID))
	})
	return out
}

// memberAt reports whether the membership may have been in force on the date: it did not
// certainly start after it nor certainly end before it. An unknown date matches any membership
// that has not ended.
func memberAt(m *Membership, on Date) bool {
	if on.IsZero() {
		return m.Until.IsZero()
	}
	return !on.Before(m.Since) && !m.Until.Before(on)
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// AllParticipations returns the curated participations followed by the derived ones.
func AllParticipations(d *Dataset) []*Participation {
	return append(slices.Clone(d.Participations), DeriveParticipations(d)...)
}

package rosterfile

import (
	"wutong/apperr"
	"wutong/ent"
	"wutong/ent/patrolmember"
	"wutong/ent/patrolteam"
	"wutong/ent/user"
	"wutong/gid"
)

// patrolRow is a good row of a patrol roster, waiting to be written.
type patrolRow struct {
	row         int
	name, phone string
	team        gid.ID
	affiliation patrolmember.Affiliation
	onDuty      bool
}

// patrolImport checks and writes the roster of a patrol team. A member is
// listed once per team, by name; a phone number links the member to the
// login with that number, through which dispatches reach their phone, and
// must belong to one.
type patrolImport struct {
	env     *importEnv
	teams   map[string][]*ent.PatrolTeam
	only    *ent.PatrolTeam // the community's one team, if it has one
	members *seenSet
	known   map[string]bool // team and name of the members already on a team
	batch   []patrolRow
}

func newPatrolImport(env *importEnv) (*patrolImport, error) {
	teams, err := env.db.PatrolTeam.Query().Where(patrolteam.CommunityID(env.community)).All(env.ctx)
	if err != nil {
		return nil, err
	}
	im := &patrolImport{env: env, teams: map[string][]*ent.PatrolTeam{}, members: newSeenSet(), known: map[string]bool{}}
	for _, t := range teams {
		im.teams[placeKey(t.Name)] = append(im.teams[placeKey(t.Name)], t)
	}
	if len(teams) == 1 {
		im.only = teams[0]
	}
	if !env.layout.has(FieldTeam) && im.only == nil {
		return nil, apperr.InvalidField("file", "the community has %d patrol teams: add a 巡逻队 column naming each member's team", len(teams))
	}
	members, err := env.db.PatrolMember.Query().
		Where(patrolmember.CommunityID(env.community)).
		Select(patrolmember.FieldTeamID, patrolmember.FieldName).
		All(env.ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		im.known[memberKey(m.TeamID, m.Name)] = true
	}
	return im, nil
}

// memberKey identifies a member of a team.
func memberKey(team gid.ID, name string) string { return string(team) + "\x00" + placeKey(name) }

func (im *patrolImport) pending() int { return len(im.batch) }

func (im *patrolImport) row(r *rowCtx) {
	m := patrolRow{row: r.n}
	m.name = r.get(FieldName)
	switch {
	case m.name == "":
		r.problem(FieldName, "is empty")
	case len(m.name) > memberNameMax:
		r.problem(FieldName, "is too long: at most %d bytes (about %d Chinese characters)", memberNameMax, memberNameMax/3)
	}
	if v := r.get(FieldPhone); v != "" {
		p, err := parsePhone(v)
		if err != nil {
			r.problem(FieldPhone, "%v", err)
		}
		m.phone = p
	}
	switch name := r.get(FieldTeam); {
	case name == "" && im.only != nil:
		m.team = im.only.ID
	case name == "":
		r.problem(FieldTeam, "is empty, and the community has several patrol teams")
	default:
		switch ts := im.teams[placeKey(name)]; len(ts) {
		case 0:
			r.problem(FieldTeam, "no patrol team named %q in the community", name)
		case 1:
			m.team = ts[0].ID
		default:
			r.problem(FieldTeam, "several patrol teams are named %q", name)
		}
	}
	if v := r.get(FieldAffiliation); v == "" {
		r.problem(FieldAffiliation, "is empty")
	} else {
		var err error
		if m.affiliation, err = parseAffiliation(v); err != nil {
			r.problem(FieldAffiliation, "%v", err)
		}
	}
	m.onDuty = r.boolean(FieldOnDuty)
	if m.team != "" && m.name != "" {
		key := memberKey(m.team, m.name)
		if prev := im.members.first(key, r.n); prev != 0 {
			r.problem(FieldName, "is listed for this team in row %d already", prev)
		} else if im.known[key] {
			r.problem(FieldName, "is a member of this team already")
		}
	}
	if !r.bad {
		im.batch = append(im.batch, m)
	}
}

func (im *patrolImport) flush(write func() bool) error {
	batch := im.batch
	im.batch = im.batch[:0]
	if len(batch) == 0 {
		return nil
	}
	env := im.env
	var phones []string
	for _, m := range batch {
		if m.phone != "" {
			phones = append(phones, m.phone)
		}
	}
	logins := map[string]gid.ID{}
	if len(phones) > 0 {
		users, err := env.db.User.Query().Where(user.PhoneIn(phones...)).Select(user.FieldID, user.FieldPhone).All(env.ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.Phone != nil {
				logins[*u.Phone] = u.ID
			}
		}
	}
	builders := make([]*ent.PatrolMemberCreate, 0, len(batch))
	for _, m := range batch {
		b := env.db.PatrolMember.Create().
			SetCommunityID(env.community).
			SetTeamID(m.team).
			SetName(m.name).
			SetAffiliation(m.affiliation).
			SetOnDuty(m.onDuty)
		if m.phone != "" {
			u, ok := logins[m.phone]
			if !ok {
				env.problemAt(m.row, FieldPhone, "no login of the community has this phone number: create the member's account first, or leave the phone out")
				continue
			}
			b.SetUserID(u)
		}
		builders = append(builders, b)
	}
	if !write() {
		return nil
	}
	if err := env.db.PatrolMember.CreateBulk(builders...).Exec(env.ctx); err != nil {
		return err
	}
	env.result.Created += len(builders)
	return nil
}

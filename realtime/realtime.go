// Package realtime announces changes that clients subscribe to: an ent hook
// publishes an event (IDs only, see package feed) after the transaction
// that made the change commits, so that no subscriber hears of a change
// that was rolled back, and subscribers reload the record with their own
// rights.
package realtime

import (
	"context"
	"log/slog"
	"time"

	"wutong/authz"
	"wutong/ent"
	"wutong/feed"
)

// The topics of the events, and what their scope is.
const (
	// TopicIssue is a new IssueEvent (a report, a status change, an
	// assignment, a comment, a dispatch...); the scope is the community.
	TopicIssue = "issue"
	// TopicDispatch is a dispatch made or changed; the scope is the user
	// ID of the patrol member sent.
	TopicDispatch = "dispatch"
	// TopicNotice is a notice published; the scope is the community.
	TopicNotice = "notice"
)

// publishTimeout bounds how long announcing one change may take once it is
// committed; the change itself is done whatever happens here.
const publishTimeout = 5 * time.Second

// Hook publishes to the broker the changes clients subscribe to, once they
// are committed. Register it on the client with client.Use.
func Hook(b feed.Broker, log *slog.Logger) ent.Hook {
	if log == nil {
		log = slog.Default()
	}
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			events, err := eventsOf(ctx, m, v)
			if err != nil {
				log.WarnContext(ctx, "finding what to announce", "error", err)
			}
			if len(events) > 0 {
				afterCommit(m, func() { publish(b, log, events) })
			}
			return v, nil
		})
	}
}

// eventsOf lists the events a successful mutation announces.
func eventsOf(ctx context.Context, m ent.Mutation, v ent.Value) ([]feed.Event, error) {
	switch m := m.(type) {
	case *ent.IssueEventMutation:
		if e, ok := v.(*ent.IssueEvent); ok && m.Op().Is(ent.OpCreate) {
			return []feed.Event{{Topic: TopicIssue, Scope: string(e.CommunityID), ID: string(e.ID)}}, nil
		}
	case *ent.DispatchMutation:
		d, ok := v.(*ent.Dispatch)
		if !ok {
			return nil, nil
		}
		member, err := m.Client().PatrolMember.Get(authz.System(ctx), d.MemberID)
		if err != nil {
			return nil, err
		}
		return []feed.Event{{Topic: TopicDispatch, Scope: string(member.UserID), ID: string(d.ID)}}, nil
	case *ent.NoticeMutation:
		n, ok := v.(*ent.Notice)
		if !ok || n.PublishedAt == nil || n.PublishedAt.After(time.Now()) {
			// A draft, or a notice scheduled for later: clients see it
			// when they next load the notices.
			return nil, nil
		}
		if _, set := m.PublishedAt(); set || m.Op().Is(ent.OpCreate) {
			return []feed.Event{{Topic: TopicNotice, Scope: string(n.CommunityID), ID: string(n.ID)}}, nil
		}
	}
	return nil, nil
}

// inTx is what every generated mutation offers to reach its transaction.
type inTx interface {
	Tx() (*ent.Tx, error)
}

// afterCommit runs f once the mutation's transaction commits, or at once
// if it runs outside one.
func afterCommit(m ent.Mutation, f func()) {
	if t, ok := m.(inTx); ok {
		if tx, err := t.Tx(); err == nil {
			tx.OnCommit(func(next ent.Committer) ent.Committer {
				return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
					err := next.Commit(ctx, tx)
					if err == nil {
						f()
					}
					return err
				})
			})
			return
		}
	}
	f()
}

// publish sends the events; a failure is logged, and subscribers that miss
// an event catch up when they next load the list.
func publish(b feed.Broker, log *slog.Logger, events []feed.Event) {
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	for _, e := range events {
		if err := b.Publish(ctx, e); err != nil {
			log.Warn("announcing a change", "topic", e.Topic, "id", e.ID, "error", err)
		}
	}
}

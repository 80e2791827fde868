// Package screens holds the GraphQL queries of the screens whose speed
// matters most: the staff dashboard, an issue in full, a compound's
// residents, the patrol app and the statistics. The statement-count tests
// (graph/nplusone_test.go) and the benchmark harness (bench/) run the same
// text, so that what is measured is what is checked.
package screens

// Dashboard is the staff SPA's first screen: the newest open issues of a
// community with reporter, compound, grid, assignees and last three
// comments. Variables: community, first.
const Dashboard = `query Dashboard($community: ID!, $first: Int!) {
  issues(first: $first, where: {communityID: $community, statusIn: [REPORTED, ACKNOWLEDGED, IN_PROGRESS, REOPENED]},
         orderBy: {field: REPORTED_AT, direction: DESC}) {
    edges { node {
      id title kind status priority reportedAt
      reporter { id name phone }
      compound { id name }
      grid { id name }
      assignees(first: 5) { edges { node { id displayName } } }
      comments(last: 3) { edges { node { id body createdAt } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`

// IssueInFull is one issue with its timeline, dispatches and mediation.
// Variables: issue, first (the page size of each list).
const IssueInFull = `query IssueInFull($issue: ID!, $first: Int!) {
  node(id: $issue) { ... on Issue {
    id title description kind category status reportedAt resolvedAt
    reporter { id name phone }
    events(first: $first) { edges { node { id kind fromStatus toStatus note occurredAt } } }
    dispatches(first: $first) { edges { node { id status sentAt arrivedAt member { id name } } } }
    mediationCases(first: 5) { edges { node {
      id title status outcome
      parties(first: $first) { edges { node { role resident { id name } } } }
      sessions(first: $first) { edges { node { startedAt durationMinutes } } }
    } } }
  } }
}`

// Residents is a compound's residents whose names start with a prefix.
// Variables: compound, prefix, first.
const Residents = `query Residents($compound: ID!, $prefix: String!, $first: Int!) {
  residents(first: $first, where: {compoundID: $compound, nameHasPrefix: $prefix}, orderBy: {field: NAME}) {
    edges { node { id name phone building unit room residency } }
    pageInfo { hasNextPage endCursor }
  }
}`

// Patrol is the patrol app's screen: my open dispatches and the open
// hazards near me. Variables: latitude, longitude, first.
const Patrol = `query Patrol($latitude: Float!, $longitude: Float!, $first: Int!) {
  myDispatches(first: $first) { id status sentAt issue { id title latitude longitude address } }
  nearbyIssues(latitude: $latitude, longitude: $longitude, radiusMeters: 2000, kinds: [HAZARD], first: $first) {
    distanceMeters issue { id title status reportedAt }
  }
}`

// Stats is a community's figures for a period. Variables: community,
// from, to.
const Stats = `query Stats($community: ID!, $from: Date!, $to: Date!) {
  communityStats(communityID: $community, from: $from, to: $to) {
    issues { value previous changePercent }
    disputes { value previous changePercent }
    policeCalls { value previous changePercent }
    repeatPoliceCalls { value previous changePercent }
    preventableCases { value }
    mediationsResolved { value }
  }
}`

// IssuesPage is one page of a community's issues by cursor, oldest first.
// Variables: community, first, after (null for page 1).
const IssuesPage = `query IssuesPage($community: ID!, $first: Int!, $after: Cursor) {
  issues(first: $first, after: $after, where: {communityID: $community}, orderBy: {field: REPORTED_AT}) {
    edges { node { id title status reportedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`

package main

// PostGraphile's dialect of the screens. PostGraphile v5 (preset amber)
// names each table's primary key rowId (id is its global Node ID), each
// forward relation after its foreign key (residentByReporterId) and each
// backward relation after the referencing table and column
// (issueCommentsByIssueId). The connection filter plugin gives `filter`.
// What Wutong's privacy rules decide on the server, PostGraphile's queries
// say in their filters, from the viewer the harness logged in to Wutong.

// pgDashboard is screen (a). Assignees come through the join table
// issue_assignees, ordered by user as Wutong orders them.
const pgDashboard = `query Dashboard($community: String!, $first: Int!) {
  allIssues(first: $first, condition: {communityId: $community},
            filter: {status: {in: ["REPORTED", "ACKNOWLEDGED", "IN_PROGRESS", "REOPENED"]}},
            orderBy: [REPORTED_AT_DESC, ROW_ID_DESC]) {
    edges { node {
      rowId title kind status priority reportedAt
      residentByReporterId { rowId name phone }
      compoundByCompoundId { rowId name }
      gridByGridId { rowId name }
      issueAssigneesByIssueId(first: 5, orderBy: USER_ID_ASC) { nodes { userByUserId { rowId displayName } } }
      issueCommentsByIssueId(last: 3, orderBy: ROW_ID_ASC) { nodes { rowId body createdAt } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`

// pgIssueInFull is screen (b).
const pgIssueInFull = `query IssueInFull($issue: String!, $first: Int!) {
  issueByRowId(rowId: $issue) {
    rowId title description kind category status reportedAt resolvedAt
    residentByReporterId { rowId name phone }
    issueEventsByIssueId(first: $first, orderBy: ROW_ID_ASC) { nodes { rowId kind fromStatus toStatus note occurredAt } }
    dispatchesByIssueId(first: $first, orderBy: ROW_ID_ASC) {
      nodes { rowId status sentAt arrivedAt patrolMemberByMemberId { rowId name } }
    }
    mediationCasesByIssueId(first: 5, orderBy: ROW_ID_ASC) { nodes {
      rowId title status outcome
      mediationPartiesByCaseId(first: $first, orderBy: ROW_ID_ASC) { nodes { role residentByResidentId { rowId name } } }
      mediationSessionsByCaseId(first: $first, orderBy: ROW_ID_ASC) { nodes { startedAt durationMinutes } }
    } }
  }
}`

// pgResidents is screen (c).
const pgResidents = `query Residents($compound: String!, $prefix: String!, $first: Int!) {
  allResidents(first: $first, condition: {compoundId: $compound}, filter: {name: {startsWith: $prefix}},
               orderBy: [NAME_ASC, ROW_ID_ASC]) {
    edges { node { rowId name phone building unit room residency } }
    pageInfo { hasNextPage endCursor }
  }
}`

// pgPatrol is screen (d): the member's open dispatches, and the open
// hazards in the box around the circle that the viewer may read (the filter
// $nearby, built from the viewer's roles), newest first, as many as Wutong
// reads as candidates (500). PostGraphile cannot compute distances without
// a SQL function of our own, so the client picks the nearest: the harness
// does so when it checks the data, not under load.
const pgPatrol = `query Patrol($member: String!, $first: Int!, $nearby: IssueFilter!) {
  allDispatches(first: $first, condition: {memberId: $member},
                filter: {status: {in: ["SENT", "ACCEPTED", "ARRIVED"]}}, orderBy: [SENT_AT_DESC, ROW_ID_DESC]) {
    nodes { rowId status sentAt issueByIssueId { rowId title latitude longitude address } }
  }
  allIssues(first: 500, filter: $nearby, orderBy: REPORTED_AT_DESC) {
    nodes { rowId title status reportedAt latitude longitude }
  }
}`

// pgStats is screen (e) as PostGraphile can say it: the figures the screen
// shows, each as the totalCount of a filtered connection, for the period
// and the year before; the client computes the changes. The period's
// bounds are instants in the community's time zone.
const pgStats = `query Stats($community: String!, $from: Datetime!, $to: Datetime!, $prevFrom: Datetime!, $prevTo: Datetime!) {
  issues: allIssues(condition: {communityId: $community},
    filter: {reportedAt: {greaterThanOrEqualTo: $from, lessThan: $to}}) { totalCount }
  issuesBefore: allIssues(condition: {communityId: $community},
    filter: {reportedAt: {greaterThanOrEqualTo: $prevFrom, lessThan: $prevTo}}) { totalCount }
  disputes: allIssues(condition: {communityId: $community},
    filter: {kind: {equalTo: "DISPUTE"}, reportedAt: {greaterThanOrEqualTo: $from, lessThan: $to}}) { totalCount }
  disputesBefore: allIssues(condition: {communityId: $community},
    filter: {kind: {equalTo: "DISPUTE"}, reportedAt: {greaterThanOrEqualTo: $prevFrom, lessThan: $prevTo}}) { totalCount }
  policeCalls: allIssues(condition: {communityId: $community},
    filter: {channel: {equalTo: "POLICE_CALL"}, reportedAt: {greaterThanOrEqualTo: $from, lessThan: $to}}) { totalCount }
  policeCallsBefore: allIssues(condition: {communityId: $community},
    filter: {channel: {equalTo: "POLICE_CALL"}, reportedAt: {greaterThanOrEqualTo: $prevFrom, lessThan: $prevTo}}) { totalCount }
  repeatPoliceCalls: allIssues(condition: {communityId: $community},
    filter: {channel: {equalTo: "POLICE_CALL"}, repeatOfId: {isNull: false},
             reportedAt: {greaterThanOrEqualTo: $from, lessThan: $to}}) { totalCount }
  repeatPoliceCallsBefore: allIssues(condition: {communityId: $community},
    filter: {channel: {equalTo: "POLICE_CALL"}, repeatOfId: {isNull: false},
             reportedAt: {greaterThanOrEqualTo: $prevFrom, lessThan: $prevTo}}) { totalCount }
  preventableCases: allIssues(condition: {communityId: $community},
    filter: {incidentClass: {equalTo: "PREVENTABLE"}, reportedAt: {greaterThanOrEqualTo: $from, lessThan: $to}}) { totalCount }
  mediationsResolved: allMediationCases(condition: {communityId: $community},
    filter: {outcome: {equalTo: "AGREEMENT"}, openedAt: {greaterThanOrEqualTo: $from, lessThan: $to}}) { totalCount }
}`

// pgIssuesPage is screen (f). The harness finds the cursor of page N once,
// with offset; the load then pages by cursor like the others.
const pgIssuesPage = `query IssuesPage($community: String!, $first: Int!, $after: Cursor) {
  allIssues(first: $first, after: $after, condition: {communityId: $community}, orderBy: [REPORTED_AT_ASC, ROW_ID_ASC]) {
    edges { node { rowId title status reportedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`

// pgCursorAt asks for the cursor of the issue at an offset, to start a
// later page after it.
const pgCursorAt = `query CursorAt($community: String!, $offset: Int!) {
  allIssues(first: 1, offset: $offset, condition: {communityId: $community}, orderBy: [REPORTED_AT_ASC, ROW_ID_ASC]) {
    edges { cursor node { rowId } }
  }
}`

package graphiql

// DefaultQuery is the query in GraphiQL's editor on a first visit: the
// demo community (code "demo") with its grids and how many compounds and
// residents it has. Every connection needs first: or last:, and first: 0
// asks only for totalCount. A test checks it against the schema.
const DefaultQuery = `# Wutong GraphiQL. Log in above (demo data:
# demo-staff, password demo), then press ▶.
# Lists are connections: give first: or last:
# (first: 0 counts only). See Docs and Explorer.

query DemoCommunity {
  communities(first: 1, where: {code: "demo"}) {
    edges {
      node {
        code
        name
        district
        timeZone
        grids(first: 12, orderBy: {field: CODE}) {
          totalCount
          edges {
            node {
              code
              name
              kind
            }
          }
        }
        compounds(first: 0) {
          totalCount
        }
        residents(first: 0) {
          totalCount
        }
      }
    }
  }
}
`

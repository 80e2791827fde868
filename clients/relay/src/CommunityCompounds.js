// A community's compounds as a Relay connection (@connection), paged by
// the @refetchable query relay-compiler derives, which goes through
// Query.node(id:): the Node interface is what makes it possible.
import { graphql } from 'relay-runtime';

export const communityCompoundsFragment = graphql`
  fragment CommunityCompounds_community on Community
  @refetchable(queryName: "CommunityCompoundsPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 3 }
    cursor: { type: "Cursor" }
  ) {
    name
    compounds(first: $count, after: $cursor, orderBy: { field: NAME })
      @connection(key: "CommunityCompounds_compounds") {
      totalCount
      edges {
        node {
          id
          ...CompoundRow_compound
        }
      }
    }
  }
`;

// The root query of the tiny Relay app: the demo community, with its
// compounds spread in through a paginated fragment. Only relay-compiler
// reads the graphql`` tags; test.mjs runs the compiled artifacts.
import { graphql } from 'relay-runtime';

export const communitiesQuery = graphql`
  query CommunitiesQuery($code: String!) {
    communities(first: 1, where: { code: $code }) {
      totalCount
      edges {
        node {
          id
          name
          ...CommunityCompounds_community
        }
      }
    }
  }
`;

// One row of the compounds list: a plain (masked) fragment.
import { graphql } from 'relay-runtime';

export const compoundRowFragment = graphql`
  fragment CompoundRow_compound on Compound {
    id
    name
    buildingCount
    grid {
      id
      name
    }
  }
`;

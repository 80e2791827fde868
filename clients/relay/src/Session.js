// A mutation and a subscription, so that relay-compiler checks those
// operation types against the schema too.
import { graphql } from 'relay-runtime';

export const loginMutation = graphql`
  mutation SessionLoginMutation($login: String!, $password: String!) {
    login(input: { login: $login, password: $password }) {
      token
      user {
        id
        displayName
      }
    }
  }
`;

export const issueEventsSubscription = graphql`
  subscription SessionIssueEventsSubscription($communityID: ID!) {
    issueEvents(communityID: $communityID) {
      missed
      event {
        id
        kind
        issue {
          id
          title
        }
      }
    }
  }
`;

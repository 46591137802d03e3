// The operations the promises tests send (README, "Promises").

export const CORRECT_MINE = /* GraphQL */ `
  mutation CorrectMine($input: ShopperCorrectionInput!) {
    correctMyRecord(input: $input) {
      errors { field message }
      correction { id at fields role }
      shopper { id email phone alias address { street postalCode } }
    }
  }
`;
export const CORRECT_THEIRS = /* GraphQL */ `
  mutation CorrectTheirs($id: ID!, $input: ShopperCorrectionInput!) {
    correctShopperRecord(id: $id, input: $input) {
      errors { field message }
      correction { fields role }
      shopper { id email ssn gender }
    }
  }
`;
export const MY_CORRECTIONS = `query MyCorrections($first: Int, $after: String) { myCorrections(first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { id at fields role } } }`;
export const MY_ACCESSES = `query WhoLooked($first: Int, $after: String) { myDataAccesses(first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { at role purpose categories } } }`;
export const ACCEPT = `mutation Accept($version: String!) { acceptPolicyVersion(version: $version) { errors { field message } policyVersion previousVersion shopper { id policyVersion } } }`;

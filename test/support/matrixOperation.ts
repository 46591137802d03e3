/** Every `@pii` field of the reference supergraph, selected through root lists and nested entities. */
export const SHOPPER_FIELDS = `
  id status policyVersion createdAt consents { shareContactWithPartners }
  assignments(first: 2) { totalCount }
  firstName lastName name alias email phone
  address { street city region postalCode country }
  dateOfBirth ssn driversLicense passportNumber taxId
  bankAccount { bankName routingNumber accountNumber }
  signatureRef
  education { institution degree year }
  employment { employer title startYear endYear }
  jobHistory { employer title startYear endYear }
  competitorAffiliations gender raceEthnicity maritalStatus veteranStatus disability
  homeLocation { lat lng }
  ipAddresses
  webActivity { at ipAddress domain device browser page }
  rating
  evaluations { date score comment }`;

export const DELIVERABLE_FIELDS = `
  id verificationStatus
  answers { question answer }
  receipt { receiptNumber purchasedAt amount currency cardLast4 }
  recordings { kind url durationSeconds }
  checkIn { at location { lat lng } }`;

export const CONTACT_FIELDS = `contacts { name title email phone }`;

export const MATRIX_OPERATION = `
query Matrix {
  shoppers(first: 100) { nodes { ...ShopperFields } }
  deliverables(first: 100) {
    nodes {
      ...DeliverableFields
      shopper { ...ShopperFields }
      opportunity { id client { id ${CONTACT_FIELDS} } }
    }
  }
  clients(first: 100) { nodes { id ${CONTACT_FIELDS} } }
}
fragment ShopperFields on Shopper { ${SHOPPER_FIELDS} }
fragment DeliverableFields on Deliverable { ${DELIVERABLE_FIELDS} }
`;

/**
 * The matrix for a closed-world role: the shopper list and every field of a shopper that can come
 * back null. Its grant names no other list, and a withheld field the schema declares non-null
 * (`Shopper.policyVersion`, `Query.deliverables`) refuses the whole operation.
 */
export const CLOSED_WORLD_MATRIX_OPERATION = `
query Matrix {
  shoppers(first: 100) { nodes { ...ShopperFields } }
}
fragment ShopperFields on Shopper { ${SHOPPER_FIELDS.replace(' policyVersion ', ' ')} }
`;

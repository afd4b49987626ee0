// Every GraphQL document the console sends, in one place: the console uses only the public API
// (/graphql and the download routes), so adapting it to a change of the schema happens here.

const RECORD = "sourceAgency sourceRecordId";

export const WORKER_CARD = `
fragment Card on Worker {
  id fullName otherNames nativeName nationality gender dateOfBirth passportNumber
  passports { number current }
  workPermits { ${RECORD} permitNumber issuer issuanceType status jobPosition workForm jobTitle
                workLocation validFrom validTo employerTaxCode revocationDecision revocationDate }
  permitExemptions { ${RECORD} }
  visas { ${RECORD} visaNumber symbol entries validFrom validUntil sponsorTaxCode }
  residenceCards { ${RECORD} cardNumber symbol validFrom validTo sponsorTaxCode }
  residenceDeclarations { ${RECORD} declarationNumber address ward province stayFrom stayTo receivingPolice }
  healthCertificates { ${RECORD} certificateNumber conclusionDate conclusion healthGrade foreignIssued
                       facility { name } }
  criminalRecordCertificates { ${RECORD} certificateNumber form issuer issueDate hasConviction convictionDetails }
  employer { ${RECORD} taxCode name kind sector inIndustrialZone status address ward }
  socialInsurance { ${RECORD} insuranceNumber employerTaxCode monthsContributed status }
  compliance { at status checks { rule result code facts { name value } } }
}`;

export const SEARCH_BY_NAME = `
query SearchByName($name: String!, $first: Int!) {
  workers(filter: { name: $name }, first: $first) {
    nodes { id fullName nationality dateOfBirth passportNumber employer { name } }
    pageInfo { hasNextPage }
  }
}`;

export const CARD_BY_PASSPORT = `
query CardByPassport($passport: String!) { worker(passportNumber: $passport) { ...Card } }
${WORKER_CARD}`;

// A worker found by name is opened by the same search, its card's fields asked for: an officer
// who sees passports masked (a ward) cannot look a worker up by passport.
export const CARD_BY_NAME = `
query CardByName($name: String!, $first: Int!) {
  workers(filter: { name: $name }, first: $first) { nodes { ...Card } }
}
${WORKER_CARD}`;

// The lists of regulation 003 (graph/exchange/registry.py): one request each, as each is a scan.
export const SENDERS = ["noi_vu", "bql_kcn", "cong_an", "tai_chinh", "cong_thuong", "y_te", "xay_dung"];

export const EXCHANGE_LIST = `
query ExchangeListDue($agency: String!, $month: String!) {
  exchangeList(agency: $agency, month: $month) {
    agency title article recipients period month quarter dueDate windowStart windowEnd withheld
  }
}`;

export const DELIVERIES = `
query Deliveries($month: String!) {
  deliveries(month: $month) {
    month list sender recipient scope status attempts { number status error at }
  }
}`;

export const COUNT_BY = `
query CountBy($groupBy: [Dimension!]!, $unit: StatisticsUnit!, $filter: WorkerFilter) {
  statistics(groupBy: $groupBy, unit: $unit, filter: $filter) {
    total totalSuppressed minCell incomplete
    cells { values count suppressed }
  }
}`;

export const FINDINGS = `
query Findings($first: Int!, $after: String) {
  discrepancies(first: $first, after: $after) {
    nodes { kind since }
    pageInfo { hasNextPage endCursor }
    unchecked
  }
}`;

// The findings work list (issue 14's contract with the work-list backend: Discrepancy.id and
// .case, the FindingStatus filter, and four mutations).
const CASE = "status assignee updatedAt updatedBy notes { text author at }";

export const WORK_LIST = `
query WorkList($kind: [DiscrepancyKind!], $status: [FindingStatus!], $from: Date, $first: Int!, $after: String) {
  discrepancies(kind: $kind, status: $status, from: $from, first: $first, after: $after) {
    nodes {
      id kind since facts { name value }
      workers { id fullName } employer { name }
      evidence { sourceAgency }
      case { ${CASE} }
    }
    pageInfo { hasNextPage endCursor }
    unchecked
  }
}`;

export const FINDING_ACTIONS = {
  assign: `mutation Assign($id: ID!, $text: String!) { assignFinding(id: $id, assignee: $text) { ${CASE} } }`,
  note: `mutation Note($id: ID!, $text: String!) { noteFinding(id: $id, text: $text) { ${CASE} } }`,
  resolve: `mutation Resolve($id: ID!, $text: String) { resolveFinding(id: $id, note: $text) { ${CASE} } }`,
  refer: `mutation Refer($id: ID!, $text: String) { referFindingToPolice(id: $id, note: $text) { ${CASE} } }`,
};

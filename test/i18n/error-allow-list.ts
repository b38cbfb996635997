/**
 * `new CrmError(kind, message)` under src/main and src/shared whose message is English written in place, allowed by
 * `test/i18n/catalog.test.ts` for the reason its group gives. Each entry is `<path under src>: <the
 * message's fixed text>` (the parts between `${…}` dropped), so a new literal message, or one that
 * changes, fails the test; everything else goes through `serviceError` / `fieldsError`.
 */
export const allowedErrorLiterals: readonly { reason: string; messages: readonly string[] }[] = [
  {
    reason:
      'The vendor\'s own words or HTTP status, quoted as received (the UI and the CLI show them under the error kind\'s translated title and the translated "as received" frame), or the name of the vendor request such a message names.',
    messages: [
      'main/connectors/http.ts: sent an empty answer (HTTP )',
      'main/connectors/http.ts: sent an answer that is not JSON (HTTP ):',
      'main/connectors/sarv/client.ts: refused the login:',
      'main/connectors/sarv/client.ts: HTTP',
      'main/connectors/sarv/client.ts: could not run the query:',
      'main/connectors/sarv/client.ts: failed (HTTP )',
      'main/connectors/sarv/client.ts: refused the credentials (HTTP )',
      'main/connectors/sarv/client.ts: sent an answer that is not JSON (HTTP ):',
      'main/connectors/sarv/client.ts: : no record  ()',
      'main/connectors/sarv/connector.ts: Accounts',
      'main/connectors/simplicate/connector.ts: list',
      'main/connectors/simplicate/connector.ts: changes of',
      'main/connectors/simplicate/connector.ts: ids of',
      'main/connectors/simplicate/errors.ts: Simplicate refused the API key and secret ()',
      'main/connectors/simplicate/errors.ts: Simplicate :',
      'main/connectors/simply/errors.ts: Simply CRM:',
      'main/connectors/simply/errors.ts: Simply CRM refused the login or session:  ()',
      'main/connectors/simply/errors.ts: Simply CRM: the record does not exist or is not accessible ()',
      'main/connectors/simply/errors.ts: Simply CRM refused the user:',
      'main/connectors/simply/fields.ts: Simply CRM:',
      'main/connectors/smartsimple/api.ts: SmartSimple refused the  call on  (HTTP 403)',
      'main/connectors/smartsimple/api.ts: SmartSimple did not save the record:',
      'main/connectors/smartsimple/api.ts: SmartSimple failed (HTTP )',
      'main/connectors/smartsimple/api.ts: SmartSimple refused the  call on :',
      'main/connectors/spotler/api.ts: refused the access token (HTTP ):',
    ],
  },
  {
    reason:
      'A `protocol` error: the vendor answered something the connector cannot read. It names the vendor request for a bug report, and the user reads the kind\'s translated title ("The vendor sent an answer this app does not understand").',
    messages: [
      'main/connectors/sarv/client.ts: sent a login answer without a token',
      'main/connectors/sarv/connector.ts: GetModuleFields  listed no fields',
      'main/connectors/sarv/connector.ts: Retrieve  did not answer a list',
      'main/connectors/sarv/connector.ts: Save  answered without an id',
      'main/connectors/sarv/connector.ts: : a record without date_modified',
      'main/connectors/sarv/fields.ts: SarvCRM sent a record without an id',
      'main/connectors/sarv/users.ts: Retrieve  did not answer a list',
      'main/connectors/simplicate/connector.ts: Simplicate : the answer has no data list',
      'main/connectors/simplicate/connector.ts: Simplicate get : the answer has no record',
      'main/connectors/simplicate/connector.ts: Simplicate create : no id in the answer',
      'main/connectors/simplicate/records.ts: Simplicate sent a record without an id',
      'main/connectors/simply/connector.ts: Simply CRM answered count(*) without a number',
      'main/connectors/simply/connector.ts: Simply CRM sent a record id that is not NxM',
      'main/connectors/simply/session.ts: Simply CRM answered the login without a session name',
      'main/connectors/simply/session.ts: Simply CRM sent an answer without success/result',
      'main/connectors/smartsimple/api.ts: SmartSimple answered without a records list',
      'main/connectors/smartsimple/connector.ts: SmartSimple answered an Update without a recordid',
      'main/connectors/smartsimple/connector.ts: More than   records share one modified second',
      'main/connectors/smartsimple/values.ts: SmartSimple sent a record without recordid',
      'main/connectors/spotler/api.ts: GET : the answer has no "list"',
      'main/connectors/spotler/api.ts: GET : a list item has no "record"',
      'main/connectors/spotler/api.ts: : the answer has no "record"',
      'main/connectors/spotler/metadata.ts: GET /datadictionary/: the answer has no "fields"',
      'main/connectors/spotler/values.ts: sent a record without an id',
    ],
  },
  {
    reason:
      "Internal plumbing no user action reaches: the background job's connector proxy, an undo logged after it was written, and guards on names that come from the vendor's own metadata (a field name checked before it goes into a query or a URL).",
    messages: [
      'main/connectors/common/path-segment.ts: is not a valid',
      'main/connectors/sarv/sql.ts: "" is not a field name',
      'main/connectors/sarv/sql.ts: id',
      'main/connectors/simply/vtql.ts: Field "" cannot be queried',
      'main/services/mirror/job-thread-client.ts: unknown id pass',
      'main/services/mirror/job-thread-client.ts: connector method  is not proxied',
      'main/services/mirror/job-thread.ts: not proxied',
      'main/services/undo.ts: The undo was written but not logged',
    ],
  },
];

// The version of what the ledger read model holds. A snapshot file (src/app/ledger-snapshot-file.ts)
// is read only by code of the same version: raise it whenever a change makes the fold, the
// valuation or the snapshot codec give anything else for the same log. The golden-log test
// (test/architecture/golden-log.test.ts) fails until it is raised when the folded model changes.
export const READ_MODEL_VERSION = 2;

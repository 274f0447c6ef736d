// Types of kind-labels.js for the server's TypeScript build (src/reports/funding-checks.ts imports it).
export declare const KIND_LABELS: Readonly<Record<string, string>>;

// The code-server web client forwards every console message of the page and of the extension host
// to codeAutomationLog. The suite marks its own output (mocha's reporter, figures) with this
// prefix so the runner can print just that and keep the rest in a log file.
export const relayMark = 'psram-lens-e2e| ';

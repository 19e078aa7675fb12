// The README's drawing of the reference lab is the diagram renderer's, for the dev stack.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildPlan } from "../../../components/plan/build-plan";
import { topologyGraph } from "../../../lab/diagram/graph";
import { renderMermaid } from "../../../lab/diagram/mermaid";
import { ALL_SECRETS, devTopology, PROJECT_ROOT } from "../../support/dev-stack";

describe("README diagram", () => {
  it("is the Mermaid diagram of the dev stack's plan", () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const match = /<!-- diagram:start[^\n]*-->\n([\s\S]*?)<!-- diagram:end -->/.exec(readme);
    assert.ok(match, "README has the diagram markers");
    const expected = renderMermaid(topologyGraph(buildPlan({ topology: devTopology(), secrets: ALL_SECRETS }), "dev"));
    assert.equal(match[1], expected, "README diagram is stale: run `npm run -s diagram -- dev --format mermaid` and paste it between the markers");
  });
});

// Builds the plan at program start; a bad config fails `pulumi preview` with one line per problem
// (as a RunError: no stack trace), before any resource is registered.

import * as pulumi from "@pulumi/pulumi";
import { buildPlan } from "./plan/build-plan";
import { FabricPlan } from "./plan/plan-types";
import { PlanValidationError } from "./plan/problems";
import { StackInput } from "./stack-input";

export function loadPlan(input: StackInput): FabricPlan {
  try {
    return buildPlan({ topology: input.topology, secrets: input.secrets });
  } catch (error) {
    if (error instanceof PlanValidationError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

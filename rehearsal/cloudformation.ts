/**
 * CloudFormation's DescribeStacks for the rehearsed stack: its name, status and the template's Outputs
 * resolved, which is where `klyngeflow admin` reads the stack's names and URLs on AWS too.
 */
import { AwsError, queryService, type Listening } from "./aws-json-server.ts";
import type { Resolver } from "./template.ts";

export function startCloudFormation(resolver: Resolver, createdAt: Date): Promise<Listening> {
  const stackName = resolver.assembly.stackName;
  return queryService("http://cloudformation.amazonaws.com/doc/2010-05-15/", {
    DescribeStacks: (p) => {
      const name = p.get("StackName");
      if (name && name !== stackName && !name.includes(`:stack/${stackName}/`)) throw new AwsError("ValidationError", `Stack with id ${name} does not exist`);
      return {
        Stacks: [{
          StackId: resolver.arn("cloudformation", `stack/${stackName}/00000000-0000-0000-0000-000000000000`),
          StackName: stackName,
          CreationTime: createdAt.toISOString(),
          StackStatus: "CREATE_COMPLETE",
          Outputs: resolver.outputs(),
        }],
      };
    },
  });
}

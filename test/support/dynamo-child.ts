// A local DynamoDB server in its own process, so a test can kill it with SIGKILL.
import { startLocalDynamo } from "#local/dynamo-server";

const dynamo = await startLocalDynamo({ dataDir: process.argv[2] ?? ".data/child" });
console.log(`listening ${dynamo.endpoint}`);

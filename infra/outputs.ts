/**
 * The stack's outputs by name: what an operator reads after `cdk deploy` (URLs, DNS records) and what the
 * admin tool reads to work against a deployment (table, machines, buckets, secret). One list, so the tool
 * and the stack cannot disagree on a name.
 */
export const STACK_OUTPUTS = {
  region: "Region",
  publicUrl: "PublicUrl",
  publicUrlDnsTarget: "PublicUrlDnsTarget",
  apiUrl: "ApiUrl",
  consoleUrl: "ConsoleUrl",
  memberPagesBaseUrl: "MemberPagesBaseUrl",
  inboundDomain: "InboundDomain",
  inboundMxRecord: "InboundMxRecord",
  receiptRuleSet: "ReceiptRuleSetName",
  senderDomain: "SenderDomain",
  dkim1: "DkimRecord1",
  dkim2: "DkimRecord2",
  dkim3: "DkimRecord3",
  tableName: "TableName",
  blobBucket: "BlobBucketName",
  inboundBucket: "InboundBucketName",
  linkKeysSecretArn: "LinkKeysSecretArn",
  auditKeysSecretArn: "AuditKeysSecretArn",
  auditAnchorBucket: "AuditAnchorBucket",
  meetingCycleArn: "MeetingCycleStateMachineArn",
  writtenVoteArn: "WrittenVoteStateMachineArn",
  alarmTopicArn: "AlarmTopicArn",
} as const;

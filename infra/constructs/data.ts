/**
 * The table, the private blob bucket (raw inbound mail, sent mail, material, minutes), the link-signing
 * keys, and the KMS keys: one for the records, another for the notification topics (alarms, mail events),
 * whose policy must let AWS services publish — kept off the key that protects the records.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Key } from "aws-cdk-lib/aws-kms";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership, type BucketProps } from "aws-cdk-lib/aws-s3";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { TABLE_KEYS } from "../../functions/adapters/table-definition.ts";

export class Data extends Construct {
  readonly table: Table;
  readonly bucket: Bucket;
  readonly key: Key;
  readonly accessLogs: Bucket;
  readonly linkKeys: Secret;
  /** The keys that seal audit entries: kept apart from the table, so whoever writes it cannot rewrite the trail. */
  readonly auditKeys: Secret;
  /** The audit chains' heads, under S3 Object Lock: an anchor cannot be changed or removed (R-7.2). */
  readonly anchors: Bucket;
  /** Encrypts the SNS topics that CloudWatch (alarms) and SES (bounces, complaints) publish to. */
  readonly notificationsKey: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, "Key", { enableKeyRotation: true, description: "klyngeflow: records, raw mail, material" });
    this.notificationsKey = new Key(this, "NotificationsKey", { enableKeyRotation: true, description: "klyngeflow: alarm and mail-event topics" });
    this.table = new Table(this, "Records", {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const g of [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2]) {
      this.table.addGlobalSecondaryIndex({
        indexName: g.name,
        partitionKey: { name: g.partitionKey, type: AttributeType.STRING },
        sortKey: { name: g.sortKey, type: AttributeType.STRING },
      });
    }
    this.accessLogs = new Bucket(this, "AccessLogs", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // private, under the stack's key, versioned, logged; retention follows the archive's rules, not deletion.
    const privateBucket = (id: string, logPrefix: string, more: Partial<BucketProps> = {}) => new Bucket(this, id, {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: logPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
      ...more,
    });
    this.bucket = privateBucket("Blobs", "blobs/");
    // The key ring as functions/adapters/link-keys.ts reads it: {"current":"k1","k1":"<48 letters and digits>"}.
    // Letters and digits only, so that an operator can rotate it from a shell (README, "Link-signing keys").
    this.linkKeys = new Secret(this, "LinkKeys", {
      description: "klyngeflow: keys that sign reply addresses and member links ({current, <kid>: key})",
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ current: "k1" }),
        generateStringKey: "k1",
        passwordLength: 48,
        excludePunctuation: true,
      },
    });
    // The same shape as the link keys (functions/adapters/link-keys.ts reads both), its own secret.
    this.auditKeys = new Secret(this, "AuditKeys", {
      description: "klyngeflow: keys that seal the audit trail's entries ({current, <kid>: key})",
      encryptionKey: this.key,
      generateSecretString: { secretStringTemplate: JSON.stringify({ current: "k1" }), generateStringKey: "k1", passwordLength: 48, excludePunctuation: true },
    });
    // Object Lock in governance mode for ten years: no function may bypass it (none has
    // s3:BypassGovernanceRetention), and an operator who must can, on the record.
    this.anchors = privateBucket("AuditAnchors", "audit-anchors/", { objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(3653)) });
  }
}

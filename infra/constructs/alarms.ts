/** Alarms to the operators' address: failed or timed-out executions, Lambda errors, and missed deadlines. */
import { Arn, ArnFormat, Duration, Stack } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import type { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { METRIC_NAMES, METRIC_NAMESPACE, METRIC_SERVICE, type MetricName } from "../../functions/adapters/metrics.ts";
import { allowPublisher, encryptedTopic } from "./notifications.ts";


/**
 * A metric the handlers emit (functions/adapters/metrics.ts), as Powertools writes it in EMF: our namespace,
 * its name, and the `service` dimension Powertools adds to every metric — an alarm without that dimension
 * would watch a metric nothing emits.
 */
function ours(name: MetricName): Metric {
  return new Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: { service: METRIC_SERVICE }, statistic: "Sum", period: Duration.hours(1) });
}

export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { prefix: string; alarmEmail: string; key: Key }) {
    super(scope, id);
    const topic = encryptedTopic(this, "Topic", { topicName: `${props.prefix}-alarms`, displayName: "klyngeflow alarms", key: props.key });
    this.topic = topic.topic;
    // CloudWatch publishes the alarms of this account and region (issue 19, defect 6: without this the
    // encrypted topic refused them).
    const alarms = Arn.format({ service: "cloudwatch", resource: "alarm", resourceName: "*", arnFormat: ArnFormat.COLON_RESOURCE_NAME }, Stack.of(this));
    allowPublisher(topic, props.key, "cloudwatch.amazonaws.com", alarms);
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.alarm("DeadlineMissed", ours(METRIC_NAMES.deadlineMissed), "A deadline of the rules of procedure was missed (agenda or minutes late).");
    this.alarm("SendFailed", ours(METRIC_NAMES.sendFailed), "SES refused or failed to send an email (it is retried; a lasting failure means mail is not going out).");
    this.alarm("ReplySetAside", ours(METRIC_NAMES.replySetAside), "A reply could not be processed; it is kept raw and swept again (functions/sweep-inbound.ts).");
  }

  private alarm(id: string, metric: Metric, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
  }

  watchStateMachine(name: string, machine: StateMachine): void {
    this.alarm(`${name}Failed`, machine.metricFailed({ period: Duration.minutes(5), statistic: "Sum" }), `An execution of ${name} failed.`);
    this.alarm(`${name}TimedOut`, machine.metricTimedOut({ period: Duration.minutes(5), statistic: "Sum" }), `An execution of ${name} timed out.`);
  }

  watchFunction(name: string, fn: IFunction): void {
    this.alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }), `The ${name} Lambda threw errors (retried by the workflow).`);
  }
}

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
import { allowPublisher, encryptedTopic } from "./notifications.ts";

/** The namespace of the metrics our handlers emit (EMF log lines). */
export const METRIC_NAMESPACE = "klyngeflow";

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
    const missed = new Metric({ namespace: METRIC_NAMESPACE, metricName: "DeadlineMissed", statistic: "Sum", period: Duration.hours(1) });
    this.alarm("DeadlineMissed", missed, "A deadline of the rules of procedure was missed (agenda or minutes late).");
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

/**
 * The office's figures as CloudWatch metrics, through Powertools Metrics in the embedded
 * metric format: a JSON line on stdout that CloudWatch Logs turns into a metric
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Each figure is written the moment it happens, as a line of its own, so a handler that
 * fails later still counts what it did and no handler needs a flush at its end.
 * No dimension but the service: per-stage figures would multiply the custom metrics an
 * office pays for; the stage goes along as metadata, searchable in Logs Insights.
 */
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMES, METRIC_NAMESPACE } from '#domain/metric-names.js';

const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: 'warta' });

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

function emit(name: string, unit: Unit, value: number, metadata: Record<string, string> = {}): void {
  const line = metrics.singleMetric();
  for (const [key, text] of Object.entries(metadata)) line.addMetadata(key, text);
  line.addMetric(name, unit, value);
}

/** A human stage decided: how long it took against its Mutu Baku. */
export function stageDecided(stageId: string, openedAt: string, decidedAt: string, mutuBakuMinutes: number): void {
  const minutes = Math.max(0, (Date.parse(decidedAt) - Date.parse(openedAt)) / 60_000);
  if (!Number.isFinite(minutes) || mutuBakuMinutes <= 0) return;
  const percent = Math.round((minutes / mutuBakuMinutes) * 100);
  emit(METRIC_NAMES.stageTimeOfMutuBaku, MetricUnit.Percent, percent, { stage: stageId, minutes: minutes.toFixed(1) });
  emit(METRIC_NAMES.stagesOverMutuBaku, MetricUnit.Count, minutes > mutuBakuMinutes ? 1 : 0, { stage: stageId });
}

/** Open tasks past due at a sweep; written only when there are any, so an idle office sends no figure. */
export function tasksOverdue(count: number): void {
  if (count > 0) emit(METRIC_NAMES.tasksOverdue, MetricUnit.Count, count);
}

export function mailSent(): void {
  emit(METRIC_NAMES.mailsSent, MetricUnit.Count, 1);
}

export function mailThrottled(): void {
  emit(METRIC_NAMES.mailsThrottled, MetricUnit.Count, 1);
}

export function mailsBounced(count: number): void {
  if (count > 0) emit(METRIC_NAMES.mailsBounced, MetricUnit.Count, count);
}

export function releaseCompleted(releaseId: string): void {
  emit(METRIC_NAMES.releasesCompleted, MetricUnit.Count, 1, { releaseId });
}

export function releaseFailed(releaseId: string, stageId: string): void {
  emit(METRIC_NAMES.releasesFailed, MetricUnit.Count, 1, { releaseId, stage: stageId });
}

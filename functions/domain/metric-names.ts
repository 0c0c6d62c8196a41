/**
 * The figures an office watches, by the names both sides use: the functions write them
 * (functions/runtime/metrics.ts) and the stack's dashboard and alarms read them
 * (infra/cdk/constructs/observability.ts). A name changed on one side only would leave a
 * dashboard widget empty without any error, hence one list.
 */
export const METRIC_NAMESPACE = 'Warta';

export const METRIC_NAMES = {
  /** A human stage's time from task to decision, in percent of its Mutu Baku (100 = on the standard). */
  stageTimeOfMutuBaku: 'StageTimeOfMutuBaku',
  /** Human stages decided after their Mutu Baku. */
  stagesOverMutuBaku: 'StagesOverMutuBaku',
  /** Open tasks past their due time, as each SLA sweep finds them. */
  tasksOverdue: 'TasksOverdue',
  mailsSent: 'MailsSent',
  mailsBounced: 'MailsBounced',
  /** Mails SES still throttled after the SDK's retries; the stage or the sweep sends them later. */
  mailsThrottled: 'MailsThrottled',
  releasesCompleted: 'ReleasesCompleted',
  releasesFailed: 'ReleasesFailed',
} as const;

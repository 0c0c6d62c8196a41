/**
 * `npm run bench:workflow` — releases per second through every stage of the dkip-malut SOP
 * on the local cloud, an automated approver acting on the links in the mailbox (N
 * releases, K at a time), with a 100-outlet media list; and the time from the last
 * approval to the last media email.
 *   BENCH_WORKFLOW_RELEASES (default 12), BENCH_WORKFLOW_CONCURRENCY (default 4), BENCH_WORKFLOW_OUTLETS (default 100)
 */
import { until } from '../test/e2e/driver.js';
import { startBenchCloud } from './support/cloud.js';
import { driverFor, driveToApproval, extendMediaList, OUTLET_DOMAIN, type DrivenRelease } from './support/release.js';
import { median, percentile, recordResult, runWhenMain, table } from './results.js';

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

export async function benchWorkflow() {
  const count = Number(process.env.BENCH_WORKFLOW_RELEASES ?? 12);
  const concurrency = Number(process.env.BENCH_WORKFLOW_CONCURRENCY ?? 4);
  const outletsWanted = Number(process.env.BENCH_WORKFLOW_OUTLETS ?? 100);
  const cloud = await startBenchCloud();
  try {
    const outlets = await extendMediaList(cloud, outletsWanted);
    const driver = driverFor(cloud);
    const tag = `wf-${Date.now().toString(36)}`;
    const seen = new Set<string>();
    const released: (DrivenRelease & { submittedAt: number; completedAt?: number })[] = [];
    let next = 0;
    console.log(`${count} releases, ${concurrency} at a time, ${outlets} outlets…`);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          const seq = ++next;
          const submittedAt = Date.now();
          const r = await driveToApproval(driver, tag, seq, seen);
          released.push({ ...r, submittedAt });
          process.stderr.write(`\r  approved ${released.length}/${count}`);
        }
      }),
    );
    process.stderr.write('\n');
    const lastApproval = Math.max(...released.map((r) => r.approvedAt));

    // Every outlet gets its own mail per release: wait until all of them are in the mailbox.
    const expected = count * outlets;
    const ours = (m: StoredMail) =>
      m.destination.to.some((t) => t.includes(`@${OUTLET_DOMAIN}`) || /malutpost|beritamalut|tvri-malut|rri-ternate/.test(t)) &&
      m.subject.includes(tag);
    let lastMediaMail = 0;
    await until(
      `${expected} media mails`,
      async () => {
        const emails = ((await (await fetch(`${cloud.endpoints.ses}/store`)).json()) as { emails: StoredMail[] }).emails;
        const n = emails.filter(ours).length;
        if (n >= expected) lastMediaMail = Date.now();
        return n >= expected ? n : undefined;
      },
      300_000,
    );

    await Promise.all(
      released.map(async (r) => {
        await driver.untilStatus(r.id, r.statusKey, ['completed']);
        r.completedAt = Date.now();
      }),
    );
    const finished = Math.max(...released.map((r) => r.completedAt!));
    const seconds = (finished - started) / 1000;
    const perRelease = released.map((r) => (r.completedAt! - r.submittedAt) / 1000);
    const figures = {
      releases: count,
      concurrency,
      outlets,
      seconds: Number(seconds.toFixed(1)),
      releasesPerSecond: Number((count / seconds).toFixed(3)),
      releaseSecondsP50: Number(median(perRelease).toFixed(1)),
      releaseSecondsP99: Number(percentile(perRelease, 99).toFixed(1)),
      mediaMails: expected,
      lastApprovalToLastMediaMailSeconds: Number(((lastMediaMail - lastApproval) / 1000).toFixed(1)),
    };
    console.log(
      table([
        {
          releases: count,
          'K at once': concurrency,
          outlets,
          'total s': figures.seconds,
          'releases/s': figures.releasesPerSecond,
          'per release p50 s': figures.releaseSecondsP50,
          'last approval → last media mail s': figures.lastApprovalToLastMediaMailSeconds,
        },
      ]),
    );
    console.log('(the media-mail time is read by polling the mailbox, so it is late by up to one poll, ≤ 0.5 s)');
    recordResult('workflow', figures);
    return figures;
  } finally {
    await cloud.stop();
  }
}

runWhenMain(import.meta.url, benchWorkflow);

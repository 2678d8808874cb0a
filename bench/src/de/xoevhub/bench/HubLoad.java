package de.xoevhub.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The load generator: posts demo messages to a running hub over HTTP and reports two figures. "accept" is what a
 * portal sees: 202 responses per second and their latency (the message is in the ledger and persisted on
 * hub.inbox). "end-to-end" also waits until the pipeline has delivered every message to the Fachverfahren queue.
 */
public final class HubLoad {

    public static void main(String[] argv) throws Exception {
        int failed = run(argv);
        // The CORE client keeps non-daemon threads alive for a while after close; do not wait for them.
        System.exit(failed);
    }

    private static int run(String[] argv) throws Exception {
        Args args = new Args(argv, "url", "token", "messages", "concurrency", "rate", "warmup", "broker", "queue",
                "sample", "size", "results", "timeout-seconds", "hub-pid");
        URI submissions = URI.create(args.text("url", "http://127.0.0.1:18080") + "/api/v1/submissions");
        String token = args.text("token", "demo-portal-token");
        int messages = args.number("messages", 10_000);
        int concurrency = args.number("concurrency", 16);
        int rate = args.number("rate", 0);
        int warmup = args.number("warmup", 1_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.number("timeout-seconds", 600));
        DemoMessages demo = new DemoMessages(Path.of(args.text("sample", "schemas/demo/samples/antrag.xml")),
                args.number("size", 4096));
        PlainHttp http = new PlainHttp(submissions, "Authorization", "Bearer " + token,
                "Content-Type", "application/xml");
        // 202 only: a 200 would mean the hub saw the nachrichtenUUID before and skipped the work.
        LoadRunner.Operation post = () -> http.post(demo.next()) == 202;

        try (DeliveryCounter counter = new DeliveryCounter(args.text("broker", "tcp://127.0.0.1:61716"),
                args.text("queue", "fv.demo"))) {
            probe(post, counter, demo.size(), deadline);
            System.out.printf("hub: warm-up %d messages, concurrency %d%n", warmup, concurrency);
            long before = counter.delivered();
            new LoadRunner("warm-up", concurrency, 0, () -> "").run(warmup, post, deadline);
            requireDelivered(counter, before + warmup, deadline);

            System.out.printf("hub: measuring %d messages of %d bytes, concurrency %d, %s%n", messages, demo.size(),
                    concurrency, rate > 0 ? rate + " msg/s" : "flat out");
            long base = counter.delivered();
            CpuClock hubCpu = CpuClock.of(Long.parseLong(args.text("hub-pid", "0")));
            CpuClock ownCpu = CpuClock.self();
            long hubCpu0 = hubCpu.millis();
            var hubJit0 = hubCpu.compilerTicks();
            long ownCpu0 = ownCpu.millis();
            long machine0 = CpuClock.machineBusyMillis();
            long t0 = System.nanoTime();
            LoadRunner.Run run = new LoadRunner("hub", concurrency, rate, () -> safeDelivered(counter, base))
                    .run(messages, post, deadline);
            // What is still on hub.inbox when the last 202 arrived shows the pipeline's own rate, without HTTP load.
            long postedAt = System.nanoTime();
            long backlog = base + run.ok() - counter.delivered();
            long deliveredAt = counter.awaitDelivered(base + run.ok(), deadline);
            long hubCpuMs = hubCpu.millis() - hubCpu0;
            long hubJitMs = hubCpu.compilerMillisSince(hubJit0);
            long ownCpuMs = ownCpu.millis() - ownCpu0;
            // Clamped: /proc/stat and per-process CPU are sampled at slightly different moments.
            long othersMs = Math.max(0, CpuClock.machineBusyMillis() - machine0 - hubCpuMs - ownCpuMs);
            Figures accept = new Figures("hub-accept", run.ok(), run.errors(), run.nanos(), run.latencyMicros());
            accept.print(System.out);
            double e2eSecs = deliveredAt < 0 ? Double.NaN : (deliveredAt - t0) / 1e9;
            System.out.printf("hub-e2e    %8d msgs in %8.3f s = %8.1f msg/s (all delivered to %s)%n", run.ok(),
                    e2eSecs, run.ok() / e2eSecs, args.text("queue", "fv.demo"));
            accept.put("concurrency", Integer.toString(concurrency)).put("rate", Integer.toString(rate))
                    .put("size_bytes", Integer.toString(demo.size()))
                    .put("e2e_seconds", String.format("%.3f", e2eSecs))
                    .put("e2e_throughput", String.format("%.1f", run.ok() / e2eSecs))
                    .put("hub_cpu_ms_per_msg", CpuClock.perMessage(hubCpuMs, run.ok()))
                    .put("hub_jit_cpu_percent", CpuClock.share(hubJitMs, hubCpuMs))
                    .put("loadgen_cpu_ms_per_msg", CpuClock.perMessage(ownCpuMs, run.ok()))
                    .put("backlog_at_last_202", Long.toString(backlog))
                    .put("drain_throughput", backlog < 500 || deliveredAt < 0 ? "n/a"
                            : String.format("%.1f", backlog / ((deliveredAt - postedAt) / 1e9)))
                    .put("others_cpu_cores", String.format("%.2f", othersMs / 1000.0 / e2eSecs));
            System.out.printf("pipeline   %d messages still on hub.inbox at the last 202, drained at %s msg/s%n",
                    backlog, accept.get("drain_throughput"));
            System.out.printf("cpu        hub %s ms/msg (JIT compiler %s %%), load generator %s ms/msg; other processes"
                    + " used %s cores (from first post to last delivery)%n", accept.get("hub_cpu_ms_per_msg"),
                    accept.get("hub_jit_cpu_percent"), accept.get("loadgen_cpu_ms_per_msg"),
                    accept.get("others_cpu_cores"));
            accept.write(Path.of(args.text("results", "hub-results.properties")));
            if (run.errors() > 0 || deliveredAt < 0) {
                System.err.println("hub: FAILED: " + run.errors() + " errors, all delivered: " + (deliveredAt >= 0));
                return 1;
            }
            return 0;
        }
    }

    /** One message first: proves the generated message is accepted (202) and reaches the Fachverfahren queue. */
    private static void probe(LoadRunner.Operation post, DeliveryCounter counter, int size, long deadline)
            throws Exception {
        long before = counter.delivered();
        if (!post.run()) {
            throw new IllegalStateException("the hub did not answer 202 to a generated " + size + "-byte message");
        }
        requireDelivered(counter, before + 1, Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
        System.out.printf("hub: probe message (%d bytes) accepted with 202 and delivered%n", size);
    }

    private static void requireDelivered(DeliveryCounter counter, long target, long deadline) throws Exception {
        if (counter.awaitDelivered(target, deadline) < 0) {
            throw new IllegalStateException("only " + counter.delivered() + " of " + target + " delivered in time");
        }
    }

    private static String safeDelivered(DeliveryCounter counter, long base) {
        try {
            return ", delivered " + (counter.delivered() - base);
        } catch (RuntimeException e) {
            return ", delivered ?";
        }
    }
}

package de.xoevhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs one operation {@code total} times on {@code concurrency} threads, flat out or at a fixed rate, and records
 * each operation's latency. At a fixed rate the latency is measured from the operation's scheduled start, not
 * from when a thread got round to it, so a stalled server shows up in the percentiles (no coordinated omission).
 */
final class LoadRunner {

    /** One unit of work; returns false for a failed operation, which is counted but not retried. */
    interface Operation {
        boolean run() throws Exception;
    }

    private final String name;
    private final int concurrency;
    private final int ratePerSecond;
    private final Supplier<String> progressExtra;

    LoadRunner(String name, int concurrency, int ratePerSecond, Supplier<String> progressExtra) {
        this.name = name;
        this.concurrency = concurrency;
        this.ratePerSecond = ratePerSecond;
        this.progressExtra = progressExtra;
    }

    /** The result of a run: latencies in microseconds, failures and the wall time from first start to last end. */
    record Run(Histogram latencyMicros, long ok, long errors, long nanos) {
    }

    Run run(long total, Operation op, long deadlineNanos) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong claimed = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long periodNanos = ratePerSecond > 0 ? 1_000_000_000L / ratePerSecond : 0;
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread worker = new Thread(() -> {
                long k;
                while ((k = claimed.getAndIncrement()) < total && System.nanoTime() < deadlineNanos) {
                    long scheduled = periodNanos > 0 ? start + k * periodNanos : System.nanoTime();
                    waitUntil(scheduled);
                    boolean success;
                    try {
                        success = op.run();
                    } catch (Exception e) {
                        success = false;
                        if (errors.get() < 5) {
                            System.err.println(name + ": " + e);
                        }
                    }
                    latency.recordValue(Math.max(0, (System.nanoTime() - scheduled) / 1000));
                    (success ? ok : errors).incrementAndGet();
                }
            }, name + "-" + t);
            worker.start();
            workers.add(worker);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread progress = progress(total, ok, errors, start, running);
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - start;
        // A flag, not an interrupt: the broker client called for the progress line may swallow interrupts.
        running.set(false);
        // Woken, or the caller would wait out the rest of its one-second park before measuring delivery (up to a
        // sixth of a fast six-second run's end-to-end time).
        LockSupport.unpark(progress);
        progress.join(5000);
        return new Run(latency, ok.get(), errors.get(), nanos);
    }

    private Thread progress(long total, AtomicLong ok, AtomicLong errors, long start, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            long lastDone = 0;
            long lastAt = start;
            while (running.get()) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                if (!running.get()) {
                    return;
                }
                long now = System.nanoTime();
                long done = ok.get() + errors.get();
                System.out.printf("  [%s] %5.1fs %7d/%d done, %6.0f/s now, errors %d%s%n", name, (now - start) / 1e9,
                        done, total, (done - lastDone) / ((now - lastAt) / 1e9), errors.get(), progressExtra.get());
                lastDone = done;
                lastAt = now;
            }
        }, name + "-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void waitUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}

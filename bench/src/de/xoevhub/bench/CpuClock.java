package de.xoevhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time used by a process, so a run can say how many CPU milliseconds each message cost. On two cores that
 * figure, more than wall time, tells whether a stage is CPU-bound or waiting (on fsync, locks, or the other side).
 */
final class CpuClock {

    private final ProcessHandle process;

    private CpuClock(ProcessHandle process) {
        this.process = process;
    }

    static CpuClock self() {
        return new CpuClock(ProcessHandle.current());
    }

    /** A clock for another process, e.g. the hub; a missing pid gives a clock that always reads zero. */
    static CpuClock of(long pid) {
        return new CpuClock(pid > 0 ? ProcessHandle.of(pid).orElse(null) : null);
    }

    long millis() {
        return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /**
     * CPU time of the process's JIT compiler threads by thread id (Linux /proc; empty elsewhere). While the compiler
     * is a large share of the process's CPU, the JVM is still warming up and the run does not show the steady state.
     */
    Map<String, Long> compilerTicks() {
        Map<String, Long> ticks = new HashMap<>();
        if (process == null) {
            return ticks;
        }
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat = Files.readString(task.resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (stat.substring(stat.indexOf('(') + 1, close).contains("CompilerThre")) {
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks.put(task.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a thread ended while it was read: what was read so far
        }
        return ticks;
    }

    /**
     * Compiler CPU since {@code before} (from {@link #compilerTicks}), in milliseconds. The JVM ends compiler threads
     * it no longer needs and their time goes with them, so this is a lower bound.
     */
    long compilerMillisSince(Map<String, Long> before) {
        long ticks = 0;
        for (Map.Entry<String, Long> now : compilerTicks().entrySet()) {
            ticks += Math.max(0, now.getValue() - before.getOrDefault(now.getKey(), 0L));
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /** {@code part} as a percentage of {@code whole}, one decimal. */
    static String share(long part, long whole) {
        return whole == 0 ? "n/a" : String.format("%.1f", 100.0 * part / whole);
    }

    /**
     * CPU time all processes on the machine have used (Linux /proc/stat; 0 elsewhere). Subtracting the bench's own
     * processes shows whether something else (a test run, a build) competed for the two cores during a run.
     */
    static long machineBusyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal; not idle, iowait
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String perMessage(long cpuMillis, long messages) {
        return messages == 0 ? "n/a" : String.format("%.3f", (double) cpuMillis / messages);
    }
}

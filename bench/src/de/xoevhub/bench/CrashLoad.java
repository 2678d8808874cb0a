package de.xoevhub.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The portals of the crash campaign (bench/crash-campaign.sh): posts N 4 KiB demo messages at a steady rate,
 * spread over several hub instances while they are being killed. Each message keeps its nachrichtenUUID and is
 * posted again, to the next instance, until one answers 202 (accepted) or 200 (accepted before): what a portal does
 * when a connection breaks or the hub answers 503. Writes the nachrichtenUUID of every accepted message, one per
 * line, to {@code accepted-file}.
 *
 * <p>Usage: {@code CrashLoad N rate-per-second accepted-file baseUrl...}
 */
public final class CrashLoad {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        double rate = Double.parseDouble(args[1]);
        Path accepted = Path.of(args[2]);
        List<String> hubs = List.of(args).subList(3, args.length);
        DemoMessages messages = new DemoMessages(Path.of("schemas/demo/samples/antrag.xml"), 4096);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger given = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long start = System.nanoTime();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(accepted), true)) {
            for (int i = 0; i < n; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int first = i;
                String uuid = UUID.randomUUID().toString();
                pool.execute(() -> {
                    byte[] body = messages.with(uuid);
                    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                    for (int attempt = 0; System.nanoTime() < giveUp; attempt++) {
                        String hub = hubs.get((first + attempt) % hubs.size());
                        if (post(http, hub, body)) {
                            synchronized (out) {
                                out.println(uuid);
                            }
                            ok.incrementAndGet();
                            return;
                        }
                        retries.incrementAndGet();
                        sleep(200);
                    }
                    given.incrementAndGet();
                });
                if (i > 0 && i % 500 == 0) {
                    System.out.printf("posted %d, accepted %d, retries %d%n", i, ok.get(), retries.get());
                }
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        System.out.printf("done: %d accepted, %d retries, %d given up, %.1f s%n", ok.get(), retries.get(), given.get(),
                (System.nanoTime() - start) / 1e9);
        System.exit(given.get() == 0 ? 0 : 1);
    }

    private static boolean post(HttpClient http, String hub, byte[] body) {
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(hub + "/api/v1/submissions"))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer demo-portal-token")
                    .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 202 || status == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CrashLoad() {
    }
}

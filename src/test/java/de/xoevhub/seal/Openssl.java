package de.xoevhub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's openssl as an independent CMS peer (installed by scripts/install-test-peers.sh). */
public final class Openssl {

    /** What a run printed and how it ended. */
    public record Result(int exit, String output) {
    }

    private static final Path BINARY = Path.of("/usr/bin/openssl");

    private Openssl() {
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        assertThat(BINARY).as("Debian openssl (run scripts/install-test-peers.sh)").exists();
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * Opens a sealed message as a Fachverfahren would: {@code cms -decrypt} with the recipient's key, then
     * {@code cms -verify} against the CA. Returns the content; fails the test if either step fails.
     */
    public static byte[] unseal(Path sealed, Path recipientCert, Path recipientKey, Path caFile, Path work)
            throws IOException, InterruptedException {
        Path signed = work.resolve(sealed.getFileName() + ".signed.der");
        Path content = work.resolve(sealed.getFileName() + ".content");
        Result decrypt = run("cms", "-decrypt", "-inform", "DER", "-in", sealed.toString(), "-recip",
                recipientCert.toString(), "-inkey", recipientKey.toString(), "-out", signed.toString());
        assertThat(decrypt.exit()).as("openssl cms -decrypt: " + decrypt.output()).isZero();
        Result verify = run("cms", "-verify", "-inform", "DER", "-in", signed.toString(), "-CAfile",
                caFile.toString(), "-out", content.toString());
        assertThat(verify.exit()).as("openssl cms -verify: " + verify.output()).isZero();
        return Files.readAllBytes(content);
    }

    /**
     * Signs a file as a portal would: {@code cms -sign -nodetach -binary -outform DER} (binary, so the content is
     * signed byte for byte), with the digest {@code md} and any extra options. Returns {@code out}.
     */
    public static Path sign(Path in, Path out, Path cert, Path key, String md, String... extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("cms", "-sign", "-nodetach", "-binary", "-outform", "DER",
                "-md", md, "-in", in.toString(), "-signer", cert.toString(), "-inkey", key.toString(),
                "-out", out.toString()));
        args.addAll(List.of(extra));
        return ok(out, args);
    }

    /**
     * Encrypts a file for one recipient: {@code cms -encrypt -binary -outform DER} with the cipher (e.g.
     * {@code -aes-256-gcm}, which openssl writes as AuthEnvelopedData) and any recipient options after
     * {@code -recip} (e.g. {@code -keyopt rsa_padding_mode:oaep}). Returns {@code out}.
     */
    public static Path encrypt(Path in, Path out, String cipher, Path recipient, String... recipientOptions)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("cms", "-encrypt", "-binary", "-outform", "DER", cipher,
                "-in", in.toString(), "-out", out.toString(), "-recip", recipient.toString()));
        args.addAll(List.of(recipientOptions));
        return ok(out, args);
    }

    /** Runs openssl with {@code args}, fails the test unless it succeeds, and returns {@code out}. */
    public static Path ok(Path out, List<String> args) throws IOException, InterruptedException {
        Result r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as("openssl " + String.join(" ", args) + ": " + r.output()).isZero();
        return out;
    }

    /** {@code cms -cmsout -print} of a DER structure: its ASN.1 as text. */
    public static String print(Path der) throws IOException, InterruptedException {
        Result r = run("cms", "-cmsout", "-print", "-inform", "DER", "-in", der.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }
}

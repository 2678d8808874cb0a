package de.xoevhub.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A deliberately small HTTP/1.1 client for the load generator: one keep-alive connection per thread, a POST with
 * a Content-Length body, and the response read to its end (Content-Length or chunked). The hub and the load
 * generator share the machine's cores, so every CPU cycle the client saves goes to the hub; the JDK's HttpClient
 * cost 0.6–1.0 ms of CPU per request here, this client a fraction of that. It speaks plain HTTP/1.1 to the hub's
 * Tomcat exactly as any other client does.
 */
final class PlainHttp {

    private final String host;
    private final int port;
    private final byte[] head;
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    PlainHttp(URI uri, String... headers) {
        this.host = uri.getHost();
        this.port = uri.getPort();
        StringBuilder h = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        this.head = h.append("Content-Length: ").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts the body and returns the status code; the response body is read and dropped. */
    int post(byte[] body) throws IOException {
        Connection c = connections.get();
        if (c == null || c.socket.isClosed()) {
            c = new Connection(host, port);
            connections.set(c);
        }
        try {
            return c.exchange(head, body);
        } catch (IOException e) {
            c.socket.close();
            throw e;
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int exchange(byte[] head, byte[] body) throws IOException {
            byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + length.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(length, 0, request, head.length, length.length);
            System.arraycopy(body, 0, request, head.length + length.length, body.length);
            out.write(request);
            out.flush();

            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header; !(header = line()).isEmpty(); ) {
                String h = header.toLowerCase(Locale.ROOT);
                if (h.startsWith("content-length:")) {
                    contentLength = Long.parseLong(h.substring(15).trim());
                } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                    chunked = true;
                } else if (h.startsWith("connection:") && h.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (contentLength > 0) {
                skip(contentLength);
            }
            if (close) {
                socket.close();
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b != '\r') {
                    s.append((char) b);
                }
            }
            return s.toString();
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("connection closed inside a response body");
                    }
                    k = 1;
                }
                n -= k;
            }
        }
    }
}

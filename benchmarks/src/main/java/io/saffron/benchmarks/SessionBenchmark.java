package io.saffron.benchmarks;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.saffron.core.ChannelType;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CommonCaps;
import io.saffron.core.protocol.CommonMessages;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.LinkHeader;
import io.saffron.core.protocol.LinkKeys;
import io.saffron.core.protocol.LinkMessage;
import io.saffron.core.protocol.LinkReply;
import io.saffron.core.protocol.MainMessages;
import io.saffron.core.protocol.MessageFramer;
import io.saffron.core.protocol.MessageHeader;
import io.saffron.core.protocol.SpiceLinkException;
import io.saffron.core.protocol.SpiceMessage;

/**
 * Session figures of issue #3 against the built appliance, each next to a baseline measured in the same run:
 *
 * <ol>
 * <li><b>Time to first frame</b>: wall time of {@code spicy-screenshot} (connect, link main and display 0,
 * receive the first full-screen draw, write the PPM, exit), median of N runs. Baseline: the same client against
 * the real spice-server (Debian's Xspice, {@code xserver-xspice}) on the same machine, when installed.</li>
 * <li><b>Updates delivered</b> to one protocol client linked like spice-gtk (LZ4, ack window answered) while the
 * demo animates: draw messages and update bursts per second, bytes per second. Baseline: the demo's configured
 * frame rate (the updates the device produces).</li>
 * </ol>
 *
 * From the project root, after {@code mvn -q -DskipTests install}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.saffron.benchmarks.SessionBenchmark [runs] [seconds]
 * </pre>
 */
public final class SessionBenchmark {

    static final Path APPLIANCE = Path.of("launcher/target/saffron/saffron.jar");

    private SessionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (!Files.isRegularFile(APPLIANCE)) {
            throw new IllegalStateException(APPLIANCE.toAbsolutePath() + " is missing (expected: built by mvn install; "
                    + "run from the project root)");
        }
        int port = 5990;
        Process saffron = startSaffron(port);
        try {
            List<Long> launch = launchTimes(runs);
            List<Long> ours = firstFrameTimes(port, runs);
            List<Long> baseline = List.of();
            Process xspice = startXspice(port + 1);
            if (xspice != null) {
                try {
                    baseline = firstFrameTimes(port + 1, runs);
                } finally {
                    xspice.destroy();
                    xspice.waitFor(5, TimeUnit.SECONDS);
                }
            }
            System.out.printf(Locale.ROOT, "%ntime to first frame, spicy-screenshot, median of %d runs:%n", runs);
            System.out.printf(Locale.ROOT, "  Saffron           %7.1f ms (min %d, max %d)%n", median(ours),
                    Collections.min(ours), Collections.max(ours));
            System.out.printf(Locale.ROOT, "  client launch     %7.1f ms (spicy-screenshot --version: process start, "
                    + "libraries, exit)%n", median(launch));
            System.out.printf(Locale.ROOT, "  ratio             %7.2f x the bare client launch; %.1f ms above it%n",
                    median(ours) / median(launch), median(ours) - median(launch));
            if (!baseline.isEmpty()) {
                System.out.printf(Locale.ROOT, "  spice-server      %7.1f ms (min %d, max %d) (Xspice %s)%n",
                        median(baseline), Collections.min(baseline), Collections.max(baseline), "1024x768");
                System.out.printf(Locale.ROOT, "  ratio             %7.2f x the real server's time%n",
                        median(ours) / median(baseline));
            } else {
                System.out.println("  spice-server      not measured: Xspice " + (Files.isExecutable(Path.of(
                        "/usr/bin/Xspice")) ? "did not start" : "is not installed (apt-get install -y xserver-xspice)"));
            }
            updates(port, seconds);
        } finally {
            saffron.destroy();
            saffron.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Process startSaffron(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("java", "-jar", APPLIANCE.toString(), "--port", Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("Saffron ready")) {
                System.out.println(line);
                return p;
            }
        }
        throw new IllegalStateException("the appliance exited with " + p.waitFor() + " before it was ready");
    }

    /** Xspice on a port, or null when it is not installed. */
    private static Process startXspice(int port) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/Xspice"))) {
            return null;
        }
        Process p = new ProcessBuilder("/usr/bin/Xspice", "--port", Integer.toString(port), "--disable-ticketing",
                "--xsession", "/bin/true", ":77").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroy();
        System.out.println("Xspice did not come up on port " + port + " (it crashes on some machines); no "
                + "spice-server baseline");
        return null;
    }

    private static List<Long> firstFrameTimes(int port, int runs) throws Exception {
        List<Long> times = new ArrayList<>();
        Path out = Files.createTempFile("first-frame", ".ppm");
        try {
            for (int i = 0; i < runs + 1; i++) {
                long start = System.nanoTime();
                Process p = new ProcessBuilder("spicy-screenshot", "-h", "127.0.0.1", "-p", Integer.toString(port),
                        "-o", out.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("spicy-screenshot against port " + port + " failed");
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (i > 0) { // the first run warms caches on both sides
                    times.add(ms);
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
        return times;
    }

    /** The client's own start-up and exit, without any server: the floor of a first-frame run. */
    private static List<Long> launchTimes(int runs) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("spicy-screenshot", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
            if (i > 0) {
                times.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }
        return times;
    }

    static double median(List<Long> values) {
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    /** Links main and display 0 like spice-gtk and counts what arrives for {@code seconds}. */
    private static void updates(int port, int seconds) throws Exception {
        try (Conn main = Conn.main(port)) {
            try (Conn display = Conn.display(port, main.session())) {
                long draws = 0;
                long bursts = 0;
                long bytes = 0;
                long last = 0;
                long start = System.nanoTime();
                long end = start + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end) {
                    ByteBuffer body = display.read();
                    long now = System.nanoTime();
                    if (display.type == DisplayMessages.DrawCopy.TYPE || display.type == DisplayMessages.DrawFill.TYPE) {
                        draws++;
                        bytes += body.remaining() + MessageHeader.MINI_BYTES;
                        if (now - last > TimeUnit.MILLISECONDS.toNanos(5)) {
                            bursts++;
                        }
                        last = now;
                    }
                }
                double secs = (System.nanoTime() - start) / 1e9;
                int fps = 30;
                System.out.printf(Locale.ROOT, "%nupdates delivered to one client, demo animating, %d s:%n", seconds);
                System.out.printf(Locale.ROOT, "  draw messages     %7.1f /s%n", draws / secs);
                System.out.printf(Locale.ROOT, "  update bursts     %7.1f /s (draws more than 5 ms apart)%n",
                        bursts / secs);
                System.out.printf(Locale.ROOT, "  bandwidth         %7.1f KiB/s%n", bytes / secs / 1024);
                System.out.printf(Locale.ROOT, "  baseline          %7d frames/s produced by the demo (its fps)%n", fps);
                System.out.printf(Locale.ROOT, "  ratio             %7.2f bursts per produced frame%n",
                        bursts / secs / fps);
            }
        }
    }

    /** A minimal blocking SPICE connection with a mini header that answers SET_ACK and PING like spice-gtk. */
    static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        int type;
        private int window;
        private int count;

        private Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Links the main channel of a new session; {@link #session()} reads its INIT. */
        static Conn main(int port) throws IOException, SpiceLinkException {
            return link(port, 0, ChannelType.MAIN, Capabilities.ofWords(0x0F));
        }

        /** The session id from the main channel's INIT. Main channel, first call only. */
        int session() throws IOException {
            return MainMessages.Init.decode(expect(MainMessages.Init.TYPE)).sessionId();
        }

        /** Links display 0 to {@code session} like spice-gtk (LZ4 among its caps), sends DISPLAY_INIT, waits for MARK. */
        static Conn display(int port, int session) throws IOException, SpiceLinkException {
            Conn c = link(port, session, ChannelType.DISPLAY, Capabilities.ofWords(0x6FBF));
            try {
                c.send(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
                c.expect(DisplayMessages.Mark.TYPE);
                return c;
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        static Conn link(int port, int session, ChannelType channelType, Capabilities caps)
                throws IOException, SpiceLinkException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            Conn c = new Conn(s);
            Capabilities common = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION, CommonCaps.AUTH_SPICE,
                    CommonCaps.MINI_HEADER);
            c.write(new LinkMessage(session, channelType.code(), 0, common, caps).encode());
            byte[] head = new byte[LinkHeader.BYTES];
            c.in.readFully(head);
            LinkHeader h = LinkHeader.decode(ByteBuffer.wrap(head));
            byte[] whole = new byte[LinkHeader.BYTES + h.size()];
            System.arraycopy(head, 0, whole, 0, head.length);
            c.in.readFully(whole, LinkHeader.BYTES, h.size());
            LinkReply.Decoded reply = LinkReply.decode(ByteBuffer.wrap(whole));
            byte[] ticket = LinkKeys.encryptTicket(reply.publicKey(), "");
            ByteBuffer auth = ByteBuffer.allocate(4 + ticket.length).order(ByteOrder.LITTLE_ENDIAN);
            c.write(auth.putInt(CommonCaps.AUTH_SPICE).put(ticket).flip()); // the mechanism word is the cap number
            byte[] result = new byte[LinkReply.RESULT_BYTES];
            c.in.readFully(result);
            LinkError e = LinkReply.decodeResult(ByteBuffer.wrap(result));
            if (e != LinkError.OK) {
                s.close();
                throw new IOException("link of channel " + channelType.label() + " refused: " + e + " (expected: OK)");
            }
            return c;
        }

        /** Writes the remaining bytes of {@code b}, a heap buffer. */
        void write(ByteBuffer b) throws IOException {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            out.flush();
        }

        void send(SpiceMessage m) throws IOException {
            write(MessageFramer.encodeMini(m.type(), m.encode()));
        }

        ByteBuffer read() throws IOException {
            byte[] head = new byte[MessageHeader.MINI_BYTES];
            in.readFully(head);
            MessageHeader h = MessageHeader.decodeMini(ByteBuffer.wrap(head));
            type = h.type();
            byte[] body = new byte[h.size()];
            in.readFully(body);
            ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            if (type == CommonMessages.SetAck.TYPE) {
                CommonMessages.SetAck a = CommonMessages.SetAck.decode(b.duplicate());
                window = a.window();
                count = 0;
                send(new CommonMessages.AckSync(a.generation()));
            } else {
                if (window > 0 && ++count == window) {
                    count = 0;
                    send(new CommonMessages.Ack());
                }
                if (type == CommonMessages.Ping.TYPE) {
                    CommonMessages.Ping p = CommonMessages.Ping.decode(b.duplicate());
                    send(new CommonMessages.Pong(p.id(), p.timestamp()));
                }
            }
            return b;
        }

        ByteBuffer expect(int wanted) throws IOException {
            while (true) {
                ByteBuffer b = read();
                if (type == wanted) {
                    return b;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

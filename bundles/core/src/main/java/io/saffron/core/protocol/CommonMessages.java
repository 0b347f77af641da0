package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Messages every channel carries (spice-wire.md §4): server-to-client types 1..8 and client-to-server 1..6.
 */
public final class CommonMessages {

    private CommonMessages() {
    }

    /** SET_ACK (server, 3): the client answers ACK_SYNC(generation) and then one ACK per {@code window} messages. */
    public record SetAck(int generation, int window) implements SpiceMessage {
        public static final int TYPE = 3;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 8;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(generation).putInt(window);
        }

        public static SetAck decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 8, "SET_ACK");
            return new SetAck(b.getInt(), b.getInt());
        }
    }

    /** PING (server, 4): id, timestamp, then {@code payloadSize} zero bytes. */
    public record Ping(int id, long timestamp, int payloadSize) implements SpiceMessage {
        public static final int TYPE = 4;

        public Ping {
            if (payloadSize < 0) {
                throw new IllegalArgumentException("ping payload " + payloadSize + " is negative (expected: >= 0)");
            }
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 12 + payloadSize;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(id).putLong(timestamp);
            out.position(out.position() + payloadSize); // fresh buffers are zero-filled
        }

        public static Ping decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 12, "PING");
            return new Ping(b.getInt(), b.getLong(), b.remaining());
        }
    }

    /** DISCONNECTING (server, 6). */
    public record Disconnecting(long timestamp, int reason) implements SpiceMessage {
        public static final int TYPE = 6;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 12;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putLong(timestamp).putInt(reason);
        }

        public static Disconnecting decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 12, "DISCONNECTING");
            return new Disconnecting(b.getLong(), b.getInt());
        }
    }

    /**
     * NOTIFY (server, 7). The message is UTF-8; like the real server one NUL follows the {@code message_len}
     * bytes.
     */
    public record Notify(long timestamp, int severity, int visibility, int what, String message)
            implements SpiceMessage {
        public static final int TYPE = 7;
        public static final int SEVERITY_INFO = 0, SEVERITY_WARN = 1, SEVERITY_ERROR = 2;
        public static final int VISIBILITY_LOW = 0, VISIBILITY_MEDIUM = 1, VISIBILITY_HIGH = 2;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 24 + message.getBytes(StandardCharsets.UTF_8).length + 1;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            out.putLong(timestamp).putInt(severity).putInt(visibility).putInt(what).putInt(text.length).put(text)
                    .put((byte) 0);
        }

        public static Notify decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 24, "NOTIFY");
            long ts = b.getLong();
            int severity = b.getInt();
            int visibility = b.getInt();
            int what = b.getInt();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new CorruptedMessageException("NOTIFY message_len " + Integer.toUnsignedString(len)
                        + " exceeds the " + b.remaining() + " bytes left");
            }
            byte[] text = new byte[len];
            b.get(text);
            return new Notify(ts, severity, visibility, what, new String(text, StandardCharsets.UTF_8));
        }
    }

    /** ACK_SYNC (client, 1): the generation of the SET_ACK being answered. */
    public record AckSync(int generation) implements SpiceMessage {
        public static final int TYPE = 1;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 4;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(generation);
        }

        public static AckSync decode(ByteBuffer body) {
            return new AckSync(Bodies.exactly(body, 4, "ACK_SYNC").getInt());
        }
    }

    /** ACK (client, 2): one window of messages received. */
    public record Ack() implements SpiceMessage {
        public static final int TYPE = 2;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 0;
        }

        @Override
        public void writeBody(ByteBuffer out) {
        }

        public static Ack decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "ACK");
            return new Ack();
        }
    }

    /**
     * PONG (client, 3): the id and timestamp of the PING. spice-gtk sends exactly 12 bytes; longer bodies are
     * accepted and the rest ignored.
     */
    public record Pong(int id, long timestamp) implements SpiceMessage {
        public static final int TYPE = 3;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 12;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(id).putLong(timestamp);
        }

        public static Pong decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 12, "PONG");
            return new Pong(b.getInt(), b.getLong());
        }
    }

    /** DISCONNECTING (client, 6). */
    public record ClientDisconnecting(long timestamp, int reason) implements SpiceMessage {
        public static final int TYPE = 6;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 12;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putLong(timestamp).putInt(reason);
        }

        public static ClientDisconnecting decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 12, "DISCONNECTING");
            return new ClientDisconnecting(b.getLong(), b.getInt());
        }
    }
}

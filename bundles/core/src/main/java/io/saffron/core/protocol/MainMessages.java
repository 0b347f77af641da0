package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Main channel messages (spice-wire.md §5) a server without migration and agent support needs. */
public final class MainMessages {

    /** Mouse modes, as bits in INIT and MOUSE_MODE and as the value of MOUSE_MODE_REQUEST (§5.2). */
    public static final int MOUSE_MODE_SERVER = 1, MOUSE_MODE_CLIENT = 2;

    /** Main channel capability bits (§5.1). */
    public static final int CAP_SEMI_SEAMLESS_MIGRATE = 0, CAP_NAME_AND_UUID = 1, CAP_AGENT_CONNECTED_TOKENS = 2,
            CAP_SEAMLESS_MIGRATE = 3;

    private MainMessages() {
    }

    /**
     * INIT (server, 103), 32 bytes: eight u32 (§5.3).
     *
     * @param multiMediaTime the server mm clock in ms minus 400 (§7.11)
     */
    public record Init(int sessionId, int displayChannelsHint, int supportedMouseModes, int currentMouseMode,
            int agentConnected, int agentTokens, int multiMediaTime, int ramHint) implements SpiceMessage {
        public static final int TYPE = 103;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 32;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(sessionId).putInt(displayChannelsHint).putInt(supportedMouseModes).putInt(currentMouseMode)
                    .putInt(agentConnected).putInt(agentTokens).putInt(multiMediaTime).putInt(ramHint);
        }

        public static Init decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 32, "INIT");
            return new Init(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                    b.getInt());
        }
    }

    /** One channel of CHANNELS_LIST: u8 type ({@code SPICE_CHANNEL_*}), u8 id (§5.2). */
    public record Entry(int type, int id) {

        /** Checks the u8 fields. */
        public Entry {
            Bodies.u8(type, "channel type");
            Bodies.u8(id, "channel id");
        }
    }

    /** CHANNELS_LIST (server, 104): u32 count, count × {@link Entry} (§5.2, §5.5). */
    public record ChannelsList(List<Entry> channels) implements SpiceMessage {
        public static final int TYPE = 104;

        /** Copies the list. */
        public ChannelsList {
            channels = List.copyOf(channels);
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 4 + 2 * channels.size();
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putInt(channels.size());
            for (Entry e : channels) {
                out.put((byte) e.type()).put((byte) e.id());
            }
        }

        public static ChannelsList decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 4, "CHANNELS_LIST");
            long count = Integer.toUnsignedLong(b.getInt());
            Bodies.exactly(body, 4 + 2 * count, "CHANNELS_LIST with " + count + " channels");
            List<Entry> channels = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                channels.add(new Entry(b.get() & 0xff, b.get() & 0xff));
            }
            return new ChannelsList(channels);
        }
    }

    /** MOUSE_MODE (server, 105): u16 supported modes, u16 current mode (§5.2). */
    public record MouseMode(int supported, int current) implements SpiceMessage {
        public static final int TYPE = 105;

        /** Checks the u16 fields. */
        public MouseMode {
            Bodies.u16(supported, "supported_modes");
            Bodies.u16(current, "current_mode");
        }

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
            out.putShort((short) supported).putShort((short) current);
        }

        public static MouseMode decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 4, "MOUSE_MODE");
            return new MouseMode(b.getShort() & 0xffff, b.getShort() & 0xffff);
        }
    }

    /** MULTI_MEDIA_TIME (server, 106): u32 ms (§5.2, §7.11). */
    public record MultiMediaTime(int time) implements SpiceMessage {
        public static final int TYPE = 106;

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
            out.putInt(time);
        }

        public static MultiMediaTime decode(ByteBuffer body) {
            return new MultiMediaTime(Bodies.exactly(body, 4, "MULTI_MEDIA_TIME").getInt());
        }
    }

    /**
     * NAME (server, 113): u32 name_len, then the name in UTF-8 and one NUL, which name_len includes like the real
     * server (§5.2). Decoding drops one trailing NUL if present.
     */
    public record Name(String name) implements SpiceMessage {
        public static final int TYPE = 113;

        /** Checks that the name is present. */
        public Name {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 4 + name.getBytes(StandardCharsets.UTF_8).length + 1;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            byte[] text = name.getBytes(StandardCharsets.UTF_8);
            out.putInt(text.length + 1).put(text).put((byte) 0);
        }

        public static Name decode(ByteBuffer body) {
            ByteBuffer b = Bodies.atLeast(body, 4, "NAME");
            long len = Integer.toUnsignedLong(b.getInt());
            Bodies.exactly(body, 4 + len, "NAME with name_len " + len);
            byte[] text = new byte[(int) len];
            b.get(text);
            int n = len > 0 && text[text.length - 1] == 0 ? text.length - 1 : text.length;
            return new Name(new String(text, 0, n, StandardCharsets.UTF_8));
        }
    }

    /** UUID (server, 114): the 16 bytes of the UUID in RFC 4122 text order, most significant first (§5.2). */
    public record Uuid(UUID uuid) implements SpiceMessage {
        public static final int TYPE = 114;

        /** Checks that the UUID is present. */
        public Uuid {
            Objects.requireNonNull(uuid, "uuid");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 16;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            putBigEndian(out, uuid.getMostSignificantBits());
            putBigEndian(out, uuid.getLeastSignificantBits());
        }

        public static Uuid decode(ByteBuffer body) {
            ByteBuffer b = Bodies.exactly(body, 16, "UUID");
            return new Uuid(new UUID(getBigEndian(b), getBigEndian(b)));
        }

        private static void putBigEndian(ByteBuffer out, long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.put((byte) (value >>> shift));
            }
        }

        private static long getBigEndian(ByteBuffer in) {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (in.get() & 0xff);
            }
            return value;
        }
    }

    /** CLIENT_INFO (client, 101): u64 cache_size, unused by servers (§5.4). */
    public record ClientInfo(long cacheSize) implements SpiceMessage {
        public static final int TYPE = 101;

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
            out.putLong(cacheSize);
        }

        public static ClientInfo decode(ByteBuffer body) {
            return new ClientInfo(Bodies.exactly(body, 8, "CLIENT_INFO").getLong());
        }
    }

    /** ATTACH_CHANNELS (client, 104), empty: the server answers CHANNELS_LIST (§5.5). */
    public record AttachChannels() implements SpiceMessage {
        public static final int TYPE = 104;

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

        public static AttachChannels decode(ByteBuffer body) {
            Bodies.exactly(body, 0, "ATTACH_CHANNELS");
            return new AttachChannels();
        }
    }

    /** MOUSE_MODE_REQUEST (client, 105): u16 mode, {@link #MOUSE_MODE_SERVER} or {@link #MOUSE_MODE_CLIENT}. */
    public record MouseModeRequest(int mode) implements SpiceMessage {
        public static final int TYPE = 105;

        /** Checks the u16 field. */
        public MouseModeRequest {
            Bodies.u16(mode, "mode");
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public int bodySize() {
            return 2;
        }

        @Override
        public void writeBody(ByteBuffer out) {
            out.putShort((short) mode);
        }

        public static MouseModeRequest decode(ByteBuffer body) {
            return new MouseModeRequest(Bodies.exactly(body, 2, "MOUSE_MODE_REQUEST").getShort() & 0xffff);
        }
    }

    /** AGENT_START (client, 106): u32 num_tokens; spice-gtk sends 0xFFFFFFFF (§5.4). */
    public record AgentStart(int tokens) implements SpiceMessage {
        public static final int TYPE = 106;

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
            out.putInt(tokens);
        }

        public static AgentStart decode(ByteBuffer body) {
            return new AgentStart(Bodies.exactly(body, 4, "AGENT_START").getInt());
        }
    }

    /** AGENT_TOKEN (client, 108): u32 num_tokens (§5.4). */
    public record AgentToken(int tokens) implements SpiceMessage {
        public static final int TYPE = 108;

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
            out.putInt(tokens);
        }

        public static AgentToken decode(ByteBuffer body) {
            return new AgentToken(Bodies.exactly(body, 4, "AGENT_TOKEN").getInt());
        }
    }
}

package io.saffron.core.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The SpiceLinkMess a client sends after its link header (spice-wire.md §1.2): which channel it opens, for which
 * session, and its common and channel capabilities.
 *
 * <pre>
 * off  size  field
 *   0     4  connection_id     0 for the main channel, else the session id from MAIN INIT
 *   4     1  channel_type
 *   5     1  channel_id
 *   6     4  num_common_caps
 *  10     4  num_channel_caps
 *  14     4  caps_offset       from the start of the SpiceLinkMess, 18 in practice
 *  18   4·n  caps              common words, then channel words
 * </pre>
 *
 * <p>A record: immutable and safe for use by any thread. {@link LinkParser} decodes it from a client;
 * {@link #encode()} is for test clients.
 *
 * @param connectionId the connection id (u32)
 * @param channelType  the channel type, 0 to 255 ({@code SPICE_CHANNEL_*}, 1 = main)
 * @param channelId    the channel id, 0 to 255
 * @param commonCaps   the client's common capabilities ({@link CommonCaps})
 * @param channelCaps  the client's capabilities for this channel type
 */
public record LinkMessage(int connectionId, int channelType, int channelId, Capabilities commonCaps,
        Capabilities channelCaps) {

    /** The size of the fixed part, before the caps; also the caps offset this class writes. */
    public static final int BYTES = 18;

    /** The largest caps count accepted for each of common and channel caps, as in spice-server. */
    public static final int MAX_CAPS_WORDS = 1024;

    /**
     * Checks the fields.
     *
     * @param connectionId the connection id (u32)
     * @param channelType  the channel type, 0 to 255
     * @param channelId    the channel id, 0 to 255
     * @param commonCaps   the client's common capabilities
     * @param channelCaps  the client's capabilities for this channel type
     * @throws IllegalArgumentException if the channel type or id is not a u8
     * @throws NullPointerException     if a capability set is null
     */
    public LinkMessage {
        checkU8("channel type", channelType);
        checkU8("channel id", channelId);
        Objects.requireNonNull(commonCaps, "commonCaps");
        Objects.requireNonNull(channelCaps, "channelCaps");
    }

    /**
     * Encodes a link header and this message, the caps right after the fixed part (caps offset 18).
     *
     * @return a new little-endian buffer holding {@code 16 + 18 + 4·n} bytes, flipped (position 0, ready to
     *         write); the caller owns it
     * @throws IllegalArgumentException if a caps count exceeds {@link #MAX_CAPS_WORDS}
     */
    public ByteBuffer encode() {
        if (commonCaps.wordCount() > MAX_CAPS_WORDS || channelCaps.wordCount() > MAX_CAPS_WORDS) {
            throw new IllegalArgumentException("caps counts " + commonCaps.wordCount() + " and "
                    + channelCaps.wordCount() + " (expected: <= " + MAX_CAPS_WORDS + " each)");
        }
        int size = BYTES + Integer.BYTES * (commonCaps.wordCount() + channelCaps.wordCount());
        ByteBuffer out = ByteBuffer.allocate(LinkHeader.BYTES + size).order(ByteOrder.LITTLE_ENDIAN);
        LinkHeader.of(size).encode(out);
        out.putInt(connectionId)
                .put((byte) channelType)
                .put((byte) channelId)
                .putInt(commonCaps.wordCount())
                .putInt(channelCaps.wordCount())
                .putInt(BYTES);
        putWords(out, commonCaps);
        putWords(out, channelCaps);
        return out.flip();
    }

    /**
     * Decodes a SpiceLinkMess that fills the remaining bytes of {@code message} (the {@code size} of its link
     * header) and validates it as spice-server does: each caps count at most {@value #MAX_CAPS_WORDS} and, if
     * there are caps, caps offset at least {@value #BYTES} and the caps inside the message. Bytes between the
     * fixed part and the caps, or after the caps, are ignored. Consumes all remaining bytes; the byte order of
     * {@code message} is not used and is left unchanged.
     *
     * @param message the message bytes, exactly the size declared by the link header
     * @return the decoded message
     * @throws SpiceLinkException {@link LinkError#INVALID_DATA} if the message is shorter than {@value #BYTES}
     *                            bytes or its caps layout is invalid
     */
    public static LinkMessage decode(ByteBuffer message) throws SpiceLinkException {
        int size = message.remaining();
        if (size < BYTES) {
            throw new SpiceLinkException(LinkError.INVALID_DATA,
                    "link message of " + size + " bytes is too short (expected: >= " + BYTES + ")");
        }
        ByteBuffer in = message.slice().order(ByteOrder.LITTLE_ENDIAN);
        message.position(message.limit());
        int connectionId = in.getInt();
        int channelType = in.get() & 0xff;
        int channelId = in.get() & 0xff;
        int commonCount = in.getInt();
        int channelCount = in.getInt();
        int capsOffset = in.getInt();
        checkCapsCount("common", commonCount);
        checkCapsCount("channel", channelCount);
        int words = commonCount + channelCount;
        if (words == 0) {
            return new LinkMessage(connectionId, channelType, channelId, Capabilities.NONE, Capabilities.NONE);
        }
        long offset = Integer.toUnsignedLong(capsOffset);
        if (offset < BYTES) {
            throw new SpiceLinkException(LinkError.INVALID_DATA, "link message caps offset " + offset
                    + " points into the fixed part (expected: >= " + BYTES + ")");
        }
        long end = offset + (long) Integer.BYTES * words;
        if (end > size) {
            throw new SpiceLinkException(LinkError.INVALID_DATA, "link message caps end at " + end
                    + " beyond the message size " + size + " (caps offset " + offset + ", word count " + words
                    + ", expected: end <= size)");
        }
        in.position((int) offset);
        return new LinkMessage(connectionId, channelType, channelId, getWords(in, commonCount),
                getWords(in, channelCount));
    }

    /**
     * Reads caps words from the position of a little-endian buffer.
     *
     * @throws BufferUnderflowException if fewer than {@code 4·count} bytes remain
     */
    static Capabilities getWords(ByteBuffer in, int count) {
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = in.getInt();
        }
        return Capabilities.ofWords(words);
    }

    /** Writes all words of a capability set to a little-endian buffer. */
    static void putWords(ByteBuffer out, Capabilities caps) {
        for (int i = 0; i < caps.wordCount(); i++) {
            out.putInt(caps.word(i));
        }
    }

    private static void checkCapsCount(String kind, int count) throws SpiceLinkException {
        if (Integer.compareUnsigned(count, MAX_CAPS_WORDS) > 0) {
            throw new SpiceLinkException(LinkError.INVALID_DATA, "link message " + kind + " caps count "
                    + Integer.toUnsignedString(count) + " exceeds limit " + MAX_CAPS_WORDS);
        }
    }

    private static void checkU8(String name, int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException(name + " " + value + " (expected: 0..255)");
        }
    }
}

package io.saffron.core.protocol;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 16-byte SpiceLinkHeader that starts the link stage in both directions (spice-wire.md §1.1): magic "REDQ",
 * major and minor version, and the number of bytes that follow (the SpiceLinkMess or SpiceLinkReply, caps
 * included). All four fields are u32 little endian; {@code size} is unsigned and held in an {@code int}.
 *
 * <p>A record: immutable and safe for use by any thread. It does not validate its fields; {@link LinkParser}
 * checks a client's header.
 *
 * @param magic        the magic, {@link #MAGIC} when valid
 * @param majorVersion the protocol major version, {@link #MAJOR_VERSION} when valid
 * @param minorVersion the protocol minor version, not checked by anyone
 * @param size         the number of bytes after the header (u32)
 */
public record LinkHeader(int magic, int majorVersion, int minorVersion, int size) {

    /** The magic "REDQ" read as a little-endian u32 (bytes {@code 52 45 44 51}). */
    public static final int MAGIC = 0x51444552;

    /** The protocol major version; any other value is a {@link LinkError#VERSION_MISMATCH}. */
    public static final int MAJOR_VERSION = 2;

    /** The protocol minor version sent by this server. */
    public static final int MINOR_VERSION = 2;

    /** The encoded size of a link header. */
    public static final int BYTES = 16;

    /** The smallest {@code size} a client may declare, the fixed part of a SpiceLinkMess. */
    public static final int MIN_MESSAGE_SIZE = 18;

    /** The largest {@code size} a client may declare, as in spice-server. */
    public static final int MAX_MESSAGE_SIZE = 4096;

    /** The first four bytes of a WebSocket upgrade request, "GET ", read as a little-endian u32. */
    static final int WEBSOCKET_MAGIC = 0x20544547;

    /**
     * Returns a header with the current magic and versions.
     *
     * @param size the number of bytes that will follow the header
     * @return the header
     */
    public static LinkHeader of(int size) {
        return new LinkHeader(MAGIC, MAJOR_VERSION, MINOR_VERSION, size);
    }

    /**
     * Writes the 16 header bytes, little endian, at the position of {@code out} and advances it. The byte order
     * of {@code out} is not used and is left unchanged.
     *
     * @param out the buffer to write to
     * @throws BufferOverflowException if fewer than {@link #BYTES} bytes remain; nothing is written then
     */
    public void encode(ByteBuffer out) {
        if (out.remaining() < BYTES) {
            throw new BufferOverflowException();
        }
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN).putInt(magic).putInt(majorVersion).putInt(minorVersion).putInt(size);
        out.order(order);
    }

    /**
     * Reads 16 header bytes, little endian, from the position of {@code in} and advances it. The fields are not
     * validated. The byte order of {@code in} is not used and is left unchanged.
     *
     * @param in the buffer to read from
     * @return the header
     * @throws BufferUnderflowException if fewer than {@link #BYTES} bytes remain; nothing is read then
     */
    public static LinkHeader decode(ByteBuffer in) {
        if (in.remaining() < BYTES) {
            throw new BufferUnderflowException();
        }
        ByteBuffer le = in.slice(in.position(), BYTES).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + BYTES);
        return new LinkHeader(le.getInt(), le.getInt(), le.getInt(), le.getInt());
    }

    /**
     * Checks the magic of a header (spice-wire.md §1.1, §13 step 1).
     *
     * @param magic the first four bytes as a little-endian u32
     * @throws SpiceLinkException {@link LinkError#INVALID_MAGIC} if it is not "REDQ"; the message tells a
     *                            WebSocket request ("GET ") apart, which is not supported yet
     */
    static void checkMagic(int magic) throws SpiceLinkException {
        if (magic == MAGIC) {
            return;
        }
        if (magic == WEBSOCKET_MAGIC) {
            throw new SpiceLinkException(LinkError.INVALID_MAGIC, "websocket is not supported yet (link magic "
                    + describeMagic(magic) + ", expected: " + describeMagic(MAGIC) + ")");
        }
        throw new SpiceLinkException(LinkError.INVALID_MAGIC,
                "bad link magic " + hex(magic) + " (expected: " + describeMagic(MAGIC) + ")");
    }

    /**
     * Checks the major version of a header (spice-wire.md §1.1).
     *
     * @param majorVersion the major version read
     * @throws SpiceLinkException {@link LinkError#VERSION_MISMATCH} if it is not {@link #MAJOR_VERSION}
     */
    static void checkMajorVersion(int majorVersion) throws SpiceLinkException {
        if (majorVersion != MAJOR_VERSION) {
            throw new SpiceLinkException(LinkError.VERSION_MISMATCH, "unsupported link major version "
                    + Integer.toUnsignedString(majorVersion) + " (expected: " + MAJOR_VERSION + ")");
        }
    }

    /** Formats a u32 as {@code 0x} and eight hex digits. */
    static String hex(int value) {
        return String.format("0x%08x", value);
    }

    /** Formats a magic as hex followed by its four bytes as text, for example {@code 0x51444552 "REDQ"}. */
    private static String describeMagic(int magic) {
        byte[] bytes = {(byte) magic, (byte) (magic >>> 8), (byte) (magic >>> 16), (byte) (magic >>> 24)};
        return hex(magic) + " \"" + new String(bytes, StandardCharsets.ISO_8859_1) + "\"";
    }
}

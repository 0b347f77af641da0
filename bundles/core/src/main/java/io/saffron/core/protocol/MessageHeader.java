package io.saffron.core.protocol;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The data header in front of every message after the link stage (spice-wire.md §2), in either form:
 *
 * <pre>
 * mini header, 6 bytes (MINI_HEADER negotiated)     full header, 18 bytes
 * off  size  field                                  off  size  field
 *   0     2  type                                     0     8  serial     first message = 1, +1 per message
 *   2     4  size (body length)                       8     2  type
 *                                                    10     4  size (body length)
 *                                                    14     4  sub_list   0 = none, else a body offset
 * </pre>
 *
 * <p>The form is chosen per channel and used in both directions; {@link MessageFramer} parses and encodes whole
 * messages. A record: immutable and safe for use by any thread.
 *
 * @param serial  the message serial (u64); 0 for a mini header, which carries none
 * @param type    the message type, 0 to 65535
 * @param size    the body length (u32, unsigned in an {@code int})
 * @param subList the body offset of a sub-message list (u32), 0 for none and always 0 in a mini header
 */
public record MessageHeader(long serial, int type, int size, int subList) {

    /** The size of a mini header. */
    public static final int MINI_BYTES = 6;

    /** The size of a full header. */
    public static final int FULL_BYTES = 18;

    /**
     * Checks the type.
     *
     * @param serial  the message serial (u64)
     * @param type    the message type
     * @param size    the body length (u32)
     * @param subList the sub-message list offset (u32)
     * @throws IllegalArgumentException if the type is not a u16
     */
    public MessageHeader {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("message type " + type + " (expected: 0..65535)");
        }
    }

    /**
     * Returns the size of a header.
     *
     * @param mini whether the mini header is used
     * @return {@value #MINI_BYTES} or {@value #FULL_BYTES}
     */
    public static int bytes(boolean mini) {
        return mini ? MINI_BYTES : FULL_BYTES;
    }

    /**
     * Writes this header as a mini header (type and size; the serial and sub-list are not sent) at the position
     * of {@code out} and advances it. The byte order of {@code out} is not used and is left unchanged.
     *
     * @param out the buffer to write to
     * @throws BufferOverflowException if fewer than {@value #MINI_BYTES} bytes remain; nothing is written then
     */
    public void encodeMini(ByteBuffer out) {
        if (out.remaining() < MINI_BYTES) {
            throw new BufferOverflowException();
        }
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN).putShort((short) type).putInt(size);
        out.order(order);
    }

    /**
     * Writes this header as a full header at the position of {@code out} and advances it. The byte order of
     * {@code out} is not used and is left unchanged.
     *
     * @param out the buffer to write to
     * @throws BufferOverflowException if fewer than {@value #FULL_BYTES} bytes remain; nothing is written then
     */
    public void encodeFull(ByteBuffer out) {
        if (out.remaining() < FULL_BYTES) {
            throw new BufferOverflowException();
        }
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN).putLong(serial).putShort((short) type).putInt(size).putInt(subList);
        out.order(order);
    }

    /**
     * Reads a mini header from the position of {@code in} and advances it. The byte order of {@code in} is not
     * used and is left unchanged.
     *
     * @param in the buffer to read from
     * @return the header, with serial 0 and sub-list 0
     * @throws BufferUnderflowException if fewer than {@value #MINI_BYTES} bytes remain; nothing is read then
     */
    public static MessageHeader decodeMini(ByteBuffer in) {
        ByteBuffer le = take(in, MINI_BYTES);
        return new MessageHeader(0, le.getShort() & 0xffff, le.getInt(), 0);
    }

    /**
     * Reads a full header from the position of {@code in} and advances it. The byte order of {@code in} is not
     * used and is left unchanged.
     *
     * @param in the buffer to read from
     * @return the header
     * @throws BufferUnderflowException if fewer than {@value #FULL_BYTES} bytes remain; nothing is read then
     */
    public static MessageHeader decodeFull(ByteBuffer in) {
        ByteBuffer le = take(in, FULL_BYTES);
        return new MessageHeader(le.getLong(), le.getShort() & 0xffff, le.getInt(), le.getInt());
    }

    /** Returns the next {@code n} bytes of {@code in} as a little-endian slice and advances {@code in} past them. */
    private static ByteBuffer take(ByteBuffer in, int n) {
        if (in.remaining() < n) {
            throw new BufferUnderflowException();
        }
        ByteBuffer le = in.slice(in.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + n);
        return le;
    }
}

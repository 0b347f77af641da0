package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Splits the byte stream of one channel connection into messages after the link stage, and encodes messages
 * (spice-wire.md §2). The header form, mini or full, is fixed per connection (§1.3 rule 4).
 *
 * <p>{@link #next(ByteBuffer)} is a push parser. It copies every byte it reads into its own buffers: a partial
 * header or body is kept until the rest arrives, so when it returns null all of {@code in} has been consumed and
 * the caller may reuse its buffer. When it returns a message, {@code in} is left just after that message's last
 * byte. Memory is bounded: the body buffer is allocated only once its header has been checked against
 * {@code maxBodySize}.
 *
 * <p>Serials: with the mini header the serial is implicit, counted from 1 by this framer; with the full header it
 * is the one read from the header (not checked for gaps). Sub-message lists ({@code sub_list ≠ 0}, full header
 * only) are checked to lie inside the body and otherwise left in the body; clients do not send them.
 *
 * <p>Errors are {@link SpiceProtocolException}s naming the channel and message type; after one the framer is
 * unusable and that channel client's connection is to be closed.
 *
 * <p>Not thread-safe; one connection's loop uses it. The static encoders are safe for use by any thread.
 */
public final class MessageFramer {

    /**
     * One message received.
     *
     * @param type   the message type, 0 to 65535
     * @param body   the body: a new little-endian buffer from position 0 to its length, owned by the receiver
     * @param serial the serial: counted from 1 with the mini header, read from the full header
     */
    public record Message(int type, ByteBuffer body, long serial) {

        /**
         * Checks the fields.
         *
         * @param type   the message type
         * @param body   the body
         * @param serial the serial
         * @throws IllegalArgumentException if the type is not a u16
         * @throws NullPointerException     if the body is null
         */
        public Message {
            if (type < 0 || type > 0xffff) {
                throw new IllegalArgumentException("message type " + type + " (expected: 0..65535)");
            }
            Objects.requireNonNull(body, "body");
        }
    }

    private final boolean miniHeader;
    private final int maxBodySize;
    private final String channelName;

    /** The header being read; little endian, cleared after each header. */
    private final ByteBuffer header;

    /** The header of the message whose body is being read, or null while a header is being read. */
    private MessageHeader current;

    /** The body being read, allocated at the declared size once the header is checked. */
    private ByteBuffer body;

    /** The implicit serial of the last mini-header message. */
    private long miniSerial;

    private boolean failed;

    /**
     * Creates a framer at the start of a channel's message stream, right after the link result OK.
     *
     * @param miniHeader  whether the mini header was negotiated (spice-wire.md §1.3 rule 4)
     * @param maxBodySize the largest body accepted, in bytes
     * @param channelName the channel identity for error messages, for example {@code display:0}
     * @throws IllegalArgumentException if {@code maxBodySize} is negative
     */
    public MessageFramer(boolean miniHeader, int maxBodySize, String channelName) {
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize: " + maxBodySize + " (expected: >= 0)");
        }
        this.miniHeader = miniHeader;
        this.maxBodySize = maxBodySize;
        this.channelName = Objects.requireNonNull(channelName, "channelName");
        this.header = ByteBuffer.allocate(headerSize(miniHeader)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Returns the size of a message header.
     *
     * @param mini whether the mini header is used
     * @return 6 for the mini header, 18 for the full header
     */
    public static int headerSize(boolean mini) {
        return MessageHeader.bytes(mini);
    }

    /**
     * Reads from {@code in} until a message is complete.
     *
     * @param in the bytes received; its position is advanced past the bytes consumed
     * @return the next message, or null when all of {@code in} was consumed without completing one
     * @throws MessageTooLongException    if a header declares a body larger than {@code maxBodySize}
     * @throws CorruptedMessageException  if a full header's sub-message list points outside the body
     * @throws IllegalStateException      after one of the above
     */
    public Message next(ByteBuffer in) {
        Objects.requireNonNull(in, "in");
        if (failed) {
            throw new IllegalStateException("message framer of " + channelName
                    + " failed earlier (expected: connection closed)");
        }
        try {
            if (current == null) {
                if (!fill(header, in)) {
                    return null;
                }
                header.flip();
                MessageHeader read = miniHeader ? MessageHeader.decodeMini(header) : MessageHeader.decodeFull(header);
                header.clear();
                checkHeader(read);
                current = read;
                body = ByteBuffer.allocate(read.size()).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (!fill(body, in)) {
                return null;
            }
            body.flip();
            if (current.subList() != 0) {
                checkSubMessages(current, body);
            }
            long serial = miniHeader ? ++miniSerial : current.serial();
            Message message = new Message(current.type(), body, serial);
            current = null;
            body = null;
            return message;
        } catch (SpiceProtocolException e) {
            failed = true;
            throw e;
        }
    }

    /** Checks the body size and the sub-message list head before the body is allocated. */
    private void checkHeader(MessageHeader read) {
        if (Integer.compareUnsigned(read.size(), maxBodySize) > 0) {
            throw new MessageTooLongException("message size " + Integer.toUnsignedString(read.size())
                    + " exceeds limit " + maxBodySize + context(read.type()));
        }
        long subList = Integer.toUnsignedLong(read.subList());
        if (subList != 0 && subList + Short.BYTES > read.size()) {
            throw new CorruptedMessageException("sub-message list offset " + subList + " outside a body of "
                    + read.size() + " bytes (expected: offset + 2 <= size" + contextTail(read.type()));
        }
    }

    /**
     * Checks that a sub-message list, {@code u16 count; u32 offsets[count]}, and every sub-message it points to,
     * {@code u16 type; u32 size; body}, lie inside the body.
     */
    private void checkSubMessages(MessageHeader read, ByteBuffer body) {
        int size = body.limit();
        int listOffset = read.subList();
        int count = body.getShort(listOffset) & 0xffff;
        long listEnd = (long) listOffset + Short.BYTES + (long) Integer.BYTES * count;
        if (listEnd > size) {
            throw new CorruptedMessageException("sub-message list of " + count + " entries ends at " + listEnd
                    + " beyond a body of " + size + " bytes (expected: end <= size" + contextTail(read.type()));
        }
        for (int i = 0; i < count; i++) {
            long offset = Integer.toUnsignedLong(body.getInt(listOffset + Short.BYTES + Integer.BYTES * i));
            long headerEnd = offset + Short.BYTES + Integer.BYTES;
            long end = headerEnd > size ? headerEnd
                    : headerEnd + Integer.toUnsignedLong(body.getInt((int) offset + Short.BYTES));
            if (end > size) {
                throw new CorruptedMessageException("sub-message " + i + " at offset " + offset + " ends at " + end
                        + " beyond a body of " + size + " bytes (expected: end <= size" + contextTail(read.type()));
            }
        }
    }

    /** Formats the channel identity and message type, for example {@code " (display:0, msg type 302)"}. */
    private String context(int type) {
        return " (" + channelName + ", msg type " + type + ")";
    }

    /** Ends an open "(expected: …" group with the channel identity and message type. */
    private String contextTail(int type) {
        return "; " + channelName + ", msg type " + type + ")";
    }

    /**
     * Copies bytes from {@code src} into {@code dst} until {@code dst} is full or {@code src} is empty.
     *
     * @return true if {@code dst} is full
     */
    private static boolean fill(ByteBuffer dst, ByteBuffer src) {
        int n = Math.min(dst.remaining(), src.remaining());
        dst.put(dst.position(), src, src.position(), n);
        dst.position(dst.position() + n);
        src.position(src.position() + n);
        return !dst.hasRemaining();
    }

    /**
     * Encodes a message with a mini header.
     *
     * @param type the message type, 0 to 65535
     * @param body the body: its remaining bytes are copied, its position is not changed
     * @return a new little-endian buffer holding the 6-byte header and the body, flipped (position 0, ready to
     *         write); the caller owns it
     * @throws IllegalArgumentException if the type is not a u16
     */
    public static ByteBuffer encodeMini(int type, ByteBuffer body) {
        return encode(new MessageHeader(0, type, body.remaining(), 0), true, body);
    }

    /**
     * Encodes a message with a full header and no sub-message list.
     *
     * @param serial the message serial, counted per direction and channel from 1
     * @param type   the message type, 0 to 65535
     * @param body   the body: its remaining bytes are copied, its position is not changed
     * @return a new little-endian buffer holding the 18-byte header and the body, flipped (position 0, ready to
     *         write); the caller owns it
     * @throws IllegalArgumentException if the type is not a u16
     */
    public static ByteBuffer encodeFull(long serial, int type, ByteBuffer body) {
        return encode(new MessageHeader(serial, type, body.remaining(), 0), false, body);
    }

    private static ByteBuffer encode(MessageHeader messageHeader, boolean mini, ByteBuffer body) {
        ByteBuffer out = ByteBuffer.allocate(headerSize(mini) + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        if (mini) {
            messageHeader.encodeMini(out);
        } else {
            messageHeader.encodeFull(out);
        }
        return out.put(body.duplicate()).flip();
    }
}

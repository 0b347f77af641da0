package io.saffron.core.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encoders for what the server sends in the link stage (spice-wire.md §1.4, §1.5, §1.7): the SpiceLinkReply
 * with its link header, the link error reply, and the 4-byte link result; plus decoders for test clients.
 *
 * <pre>
 * SpiceLinkReply, after a link header whose size is 178 + 4·n
 * off  size  field
 *   0     4  error             {@link LinkError#code()}, 0 = OK
 *   4   162  pub_key           SubjectPublicKeyInfo DER of a 1024-bit RSA key, zero on error
 * 166     4  num_common_caps
 * 170     4  num_channel_caps
 * 174     4  caps_offset       178, from the start of the SpiceLinkReply
 * 178   4·n  caps              common words, then channel words
 * </pre>
 *
 * <p>Every encoder returns a new little-endian buffer, flipped (position 0, ready to write), that the caller
 * owns. All methods are static and safe for use by any thread.
 */
public final class LinkReply {

    /** The size of a SpiceLinkReply without caps; also its caps offset and the size of an error reply. */
    public static final int BYTES = 178;

    /** The size of the public key field: the DER of a 1024-bit RSA key. */
    public static final int PUBLIC_KEY_BYTES = 162;

    /** The size of the link result, a u32. */
    public static final int RESULT_BYTES = 4;

    private LinkReply() {
    }

    /**
     * A SpiceLinkReply as a test client reads it.
     *
     * @param error       the error; {@link LinkError#OK} for a successful reply
     * @param publicKey   the 162 bytes of the public key field (all zero in an error reply)
     * @param commonCaps  the server's common capabilities
     * @param channelCaps the server's capabilities for the channel
     */
    public record Decoded(LinkError error, byte[] publicKey, Capabilities commonCaps, Capabilities channelCaps) {

        /**
         * Checks and copies the fields.
         *
         * @param error       the error
         * @param publicKey   the public key field; copied
         * @param commonCaps  the server's common capabilities
         * @param channelCaps the server's capabilities for the channel
         * @throws NullPointerException if a field is null
         */
        public Decoded {
            Objects.requireNonNull(error, "error");
            publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
            Objects.requireNonNull(commonCaps, "commonCaps");
            Objects.requireNonNull(channelCaps, "channelCaps");
        }

        /**
         * Returns the public key field.
         *
         * @return a copy of the 162 key bytes
         */
        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /**
         * Compares all fields, the key by content.
         *
         * @param other the object to compare with
         * @return true if {@code other} is a {@code Decoded} with equal fields
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Decoded that && error == that.error && Arrays.equals(publicKey, that.publicKey)
                    && commonCaps.equals(that.commonCaps) && channelCaps.equals(that.channelCaps);
        }

        /**
         * Returns a hash code consistent with {@link #equals(Object)}.
         *
         * @return the hash of all fields, the key by content
         */
        @Override
        public int hashCode() {
            return Objects.hash(error, Arrays.hashCode(publicKey), commonCaps, channelCaps);
        }

        /**
         * Describes the reply without the key bytes.
         *
         * @return for example {@code Decoded[error=OK, commonCaps=0x0000000b, channelCaps=0x0000000f]}
         */
        @Override
        public String toString() {
            return "Decoded[error=" + error + ", commonCaps=" + commonCaps + ", channelCaps=" + channelCaps + "]";
        }
    }

    /**
     * Encodes the link header and a successful SpiceLinkReply (spice-wire.md §1.4): error OK, the key, the caps
     * counts, caps offset 178 and the caps words.
     *
     * @param publicKeyDer the server's public key for this link, {@link LinkKeys#publicKeyDer()}
     * @param common       the server's common capabilities, normally {@code 0x0000000b}
     * @param channel      the server's capabilities for the channel type
     * @return the {@code 16 + 178 + 4·n} bytes, flipped
     * @throws IllegalArgumentException if the key is not {@value #PUBLIC_KEY_BYTES} bytes long, or a caps count
     *                                  exceeds {@link LinkMessage#MAX_CAPS_WORDS}
     */
    public static ByteBuffer encode(byte[] publicKeyDer, Capabilities common, Capabilities channel) {
        Objects.requireNonNull(publicKeyDer, "publicKeyDer");
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(channel, "channel");
        if (publicKeyDer.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("public key of " + publicKeyDer.length + " bytes (expected: "
                    + PUBLIC_KEY_BYTES + ", the DER of a 1024-bit RSA key)");
        }
        if (common.wordCount() > LinkMessage.MAX_CAPS_WORDS || channel.wordCount() > LinkMessage.MAX_CAPS_WORDS) {
            throw new IllegalArgumentException("caps counts " + common.wordCount() + " and " + channel.wordCount()
                    + " (expected: <= " + LinkMessage.MAX_CAPS_WORDS + " each)");
        }
        int size = BYTES + Integer.BYTES * (common.wordCount() + channel.wordCount());
        ByteBuffer out = ByteBuffer.allocate(LinkHeader.BYTES + size).order(ByteOrder.LITTLE_ENDIAN);
        LinkHeader.of(size).encode(out);
        out.putInt(LinkError.OK.code())
                .put(publicKeyDer)
                .putInt(common.wordCount())
                .putInt(channel.wordCount())
                .putInt(BYTES);
        LinkMessage.putWords(out, common);
        LinkMessage.putWords(out, channel);
        return out.flip();
    }

    /**
     * Encodes a link error reply (spice-wire.md §1.5): a link header with size 178 and a SpiceLinkReply whose
     * error is set and everything else zero. The connection is closed after it.
     *
     * @param error the error; normally one whose {@link LinkError#isReplyError()} is true
     * @return the 194 bytes, flipped
     * @throws IllegalArgumentException if {@code error} is {@link LinkError#OK}
     */
    public static ByteBuffer encodeError(LinkError error) {
        Objects.requireNonNull(error, "error");
        if (error == LinkError.OK) {
            throw new IllegalArgumentException("link error reply with OK (expected: a link error other than OK)");
        }
        ByteBuffer out = ByteBuffer.allocate(LinkHeader.BYTES + BYTES).order(ByteOrder.LITTLE_ENDIAN);
        LinkHeader.of(BYTES).encode(out);
        out.putInt(error.code());
        return out.position(out.capacity()).flip();
    }

    /**
     * Encodes the link result sent after the ticket (spice-wire.md §1.7): {@link LinkError#OK}, after which
     * framed messages start, or an error such as {@link LinkError#PERMISSION_DENIED}, after which the connection
     * is closed.
     *
     * @param result the result
     * @return the 4 bytes (u32), flipped
     */
    public static ByteBuffer encodeResult(LinkError result) {
        Objects.requireNonNull(result, "result");
        return ByteBuffer.allocate(RESULT_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(result.code()).flip();
    }

    /**
     * Decodes a link header and the SpiceLinkReply after it, as a client does; for test clients. Consumes
     * exactly {@code 16 + header.size} bytes. The byte order of {@code in} is not used and is left unchanged.
     *
     * @param in holds at least the header and the reply it announces
     * @return the reply
     * @throws SpiceLinkException       {@link LinkError#INVALID_MAGIC} or {@link LinkError#VERSION_MISMATCH} for
     *                                  a bad header; {@link LinkError#INVALID_DATA} for a size below 178, an
     *                                  unknown error code or a bad caps layout
     * @throws BufferUnderflowException if {@code in} holds less than the header and the size it declares; nothing
     *                                  is consumed then
     */
    public static Decoded decode(ByteBuffer in) throws SpiceLinkException {
        if (in.remaining() < LinkHeader.BYTES) {
            throw new BufferUnderflowException();
        }
        LinkHeader header = LinkHeader.decode(in.duplicate());
        LinkHeader.checkMagic(header.magic());
        LinkHeader.checkMajorVersion(header.majorVersion());
        long size = Integer.toUnsignedLong(header.size());
        if (size < BYTES) {
            throw new SpiceLinkException(LinkError.INVALID_DATA,
                    "link reply size " + size + " is too small (expected: >= " + BYTES + ")");
        }
        if (in.remaining() - LinkHeader.BYTES < size) {
            throw new BufferUnderflowException();
        }
        ByteBuffer reply = in.slice(in.position() + LinkHeader.BYTES, (int) size).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + LinkHeader.BYTES + (int) size);

        int code = reply.getInt();
        if (code < 0 || code > LinkError.CHANNEL_NOT_AVAILABLE.code()) {
            throw new SpiceLinkException(LinkError.INVALID_DATA, "unknown link error code "
                    + Integer.toUnsignedString(code) + " in link reply (expected: 0.."
                    + LinkError.CHANNEL_NOT_AVAILABLE.code() + ")");
        }
        byte[] key = new byte[PUBLIC_KEY_BYTES];
        reply.get(key);
        int commonCount = reply.getInt();
        int channelCount = reply.getInt();
        long offset = Integer.toUnsignedLong(reply.getInt());
        if (Integer.compareUnsigned(commonCount, LinkMessage.MAX_CAPS_WORDS) > 0
                || Integer.compareUnsigned(channelCount, LinkMessage.MAX_CAPS_WORDS) > 0) {
            throw new SpiceLinkException(LinkError.INVALID_DATA, "link reply caps counts "
                    + Integer.toUnsignedString(commonCount) + " and " + Integer.toUnsignedString(channelCount)
                    + " (expected: <= " + LinkMessage.MAX_CAPS_WORDS + " each)");
        }
        int words = commonCount + channelCount;
        if (words == 0) {
            return new Decoded(LinkError.fromCode(code), key, Capabilities.NONE, Capabilities.NONE);
        }
        long end = offset + (long) Integer.BYTES * words;
        if (offset < BYTES || end > size) {
            throw new SpiceLinkException(LinkError.INVALID_DATA, "link reply caps at " + offset + ".." + end
                    + " outside the reply (expected: " + BYTES + ".." + size + ")");
        }
        reply.position((int) offset);
        return new Decoded(LinkError.fromCode(code), key, LinkMessage.getWords(reply, commonCount),
                LinkMessage.getWords(reply, channelCount));
    }

    /**
     * Decodes a 4-byte link result; for test clients. The byte order of {@code in} is not used and is left
     * unchanged.
     *
     * @param in holds at least 4 bytes; they are consumed
     * @return the result
     * @throws BufferUnderflowException if fewer than 4 bytes remain; nothing is consumed then
     * @throws IllegalArgumentException if the code is unknown
     */
    public static LinkError decodeResult(ByteBuffer in) {
        if (in.remaining() < RESULT_BYTES) {
            throw new BufferUnderflowException();
        }
        int code = in.slice(in.position(), RESULT_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
        LinkError result = LinkError.fromCode(code);
        in.position(in.position() + RESULT_BYTES);
        return result;
    }
}

package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A push parser for everything a client sends in the link stage (spice-wire.md §1.1, §1.2, §1.6): the link
 * header, the SpiceLinkMess, then the u32 auth mechanism (only if the <em>client's</em> common caps have
 * {@link CommonCaps#PROTOCOL_AUTH_SELECTION}, §1.3 rule 3) and the 128-byte ticket.
 *
 * <p>Bytes are pushed with {@link #feed(ByteBuffer)} as they arrive, split anywhere. The parser copies what it
 * needs into its own buffers, so the caller may reuse its buffer once a call has returned {@link Event#NEED_MORE}
 * (after the other events, unread bytes may remain in it and must be fed again). It reports
 * {@link Event#LINK_MESSAGE} once the SpiceLinkMess is complete, so that the server can send its
 * {@link LinkReply}, and {@link Event#TICKET} once the ticket is complete, which ends the link stage. Memory is
 * bounded: the message buffer is allocated only after the header has been validated, at the declared size
 * (at most {@value LinkHeader#MAX_MESSAGE_SIZE} bytes), and nothing beyond the ticket is read.
 *
 * <p>Errors are thrown as {@link SpiceLinkException} as soon as the bytes that prove them have arrived: a bad
 * magic after the first 4 bytes, a bad version or size after 16, a bad caps layout after the whole message, a
 * bad mechanism after its 4 bytes. After an error the parser is unusable and the connection is to be closed.
 * A truncated stream is never an error here: the parser keeps answering {@link Event#NEED_MORE}.
 *
 * <p>Not thread-safe; one connection's loop uses it.
 */
public final class LinkParser {

    /** What {@link #feed(ByteBuffer)} found. */
    public enum Event {
        /** All bytes given were consumed and the next item is not complete yet. */
        NEED_MORE,
        /** The link header and SpiceLinkMess are complete; {@link #linkMessage()} returns it. */
        LINK_MESSAGE,
        /** The auth mechanism (if any) and the ticket are complete; the link stage is over. */
        TICKET
    }

    /** The size of the encrypted ticket: RSA_size of a 1024-bit key. */
    public static final int TICKET_BYTES = LinkKeys.TICKET_BYTES;

    /** Where the parser is in the stream. */
    private enum State {
        MAGIC, HEADER, MESSAGE, MECHANISM, TICKET, DONE, FAILED
    }

    private State state = State.MAGIC;

    /** The link header; filled to 4 bytes for the magic check, then to 16. */
    private final ByteBuffer header = ByteBuffer.allocate(LinkHeader.BYTES).order(ByteOrder.LITTLE_ENDIAN);

    /** The SpiceLinkMess, allocated at the declared size once the header is valid. */
    private ByteBuffer message;

    private final ByteBuffer mechanism = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer ticket = ByteBuffer.allocate(TICKET_BYTES);

    private LinkMessage linkMessage;

    /** The auth mechanism received, or -1 when the client does not send one. */
    private int authMechanism = -1;

    /** Creates a parser at the start of a connection. */
    public LinkParser() {
        header.limit(Integer.BYTES);
    }

    /**
     * Consumes bytes from {@code in} up to the next event and returns it. Bytes after that event stay in
     * {@code in} (its position is left just after the last byte used); call again with the same buffer to go
     * on. {@link Event#NEED_MORE} means that every remaining byte was consumed.
     *
     * @param in the bytes received; its position is advanced past the bytes consumed
     * @return the event reached
     * @throws SpiceLinkException    {@link LinkError#INVALID_MAGIC} if the stream does not start with "REDQ"
     *                               (the message says so when it is a WebSocket request, which is not supported
     *                               yet); {@link LinkError#VERSION_MISMATCH} for a major version other than 2;
     *                               {@link LinkError#INVALID_DATA} for a size outside 18..4096, a bad caps layout
     *                               or an auth mechanism other than {@link CommonCaps#AUTH_SPICE}
     * @throws IllegalStateException after {@link Event#TICKET} or after an error
     */
    public Event feed(ByteBuffer in) throws SpiceLinkException {
        Objects.requireNonNull(in, "in");
        if (state == State.DONE) {
            throw new IllegalStateException("link stage already complete (expected: no feed after TICKET)");
        }
        if (state == State.FAILED) {
            throw new IllegalStateException("link parser failed earlier (expected: connection closed)");
        }
        try {
            return parse(in);
        } catch (SpiceLinkException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private Event parse(ByteBuffer in) throws SpiceLinkException {
        while (true) {
            switch (state) {
                case MAGIC:
                    if (!fill(header, in)) {
                        return Event.NEED_MORE;
                    }
                    LinkHeader.checkMagic(header.getInt(0));
                    header.limit(LinkHeader.BYTES);
                    state = State.HEADER;
                    break;
                case HEADER:
                    if (!fill(header, in)) {
                        return Event.NEED_MORE;
                    }
                    message = ByteBuffer.allocate(checkHeader());
                    state = State.MESSAGE;
                    break;
                case MESSAGE:
                    if (!fill(message, in)) {
                        return Event.NEED_MORE;
                    }
                    linkMessage = LinkMessage.decode(message.flip());
                    message = null;
                    state = linkMessage.commonCaps().has(CommonCaps.PROTOCOL_AUTH_SELECTION)
                            ? State.MECHANISM : State.TICKET;
                    return Event.LINK_MESSAGE;
                case MECHANISM:
                    if (!fill(mechanism, in)) {
                        return Event.NEED_MORE;
                    }
                    int value = mechanism.getInt(0);
                    if (value != CommonCaps.AUTH_SPICE) {
                        throw new SpiceLinkException(LinkError.INVALID_DATA, "unsupported auth mechanism "
                                + Integer.toUnsignedString(value) + " (expected: " + CommonCaps.AUTH_SPICE
                                + " AUTH_SPICE)");
                    }
                    authMechanism = value;
                    state = State.TICKET;
                    break;
                case TICKET:
                    if (!fill(ticket, in)) {
                        return Event.NEED_MORE;
                    }
                    state = State.DONE;
                    return Event.TICKET;
                default:
                    throw new IllegalStateException("link parser in state " + state);
            }
        }
    }

    /**
     * Validates the complete header.
     *
     * @return the message size it declares
     */
    private int checkHeader() throws SpiceLinkException {
        LinkHeader.checkMajorVersion(header.getInt(4));
        int size = header.getInt(12);
        if (Integer.compareUnsigned(size, LinkHeader.MIN_MESSAGE_SIZE) < 0
                || Integer.compareUnsigned(size, LinkHeader.MAX_MESSAGE_SIZE) > 0) {
            throw new SpiceLinkException(LinkError.INVALID_DATA, "link message size " + Integer.toUnsignedString(size)
                    + " out of range (expected: " + LinkHeader.MIN_MESSAGE_SIZE + ".." + LinkHeader.MAX_MESSAGE_SIZE
                    + ")");
        }
        return size;
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
     * Returns the SpiceLinkMess.
     *
     * @return the message, available from {@link Event#LINK_MESSAGE} on
     * @throws IllegalStateException before {@link Event#LINK_MESSAGE}
     */
    public LinkMessage linkMessage() {
        if (linkMessage == null) {
            throw new IllegalStateException("link message not parsed yet (expected: after LINK_MESSAGE)");
        }
        return linkMessage;
    }

    /**
     * Returns the auth mechanism the client selected.
     *
     * @return {@link CommonCaps#AUTH_SPICE}, or -1 when the client did not send a mechanism (its common caps lack
     *         {@link CommonCaps#PROTOCOL_AUTH_SELECTION})
     * @throws IllegalStateException before {@link Event#TICKET}
     */
    public int authMechanism() {
        checkDone("auth mechanism");
        return authMechanism;
    }

    /**
     * Returns the encrypted ticket, to be decrypted with {@link LinkKeys#decryptTicket(byte[])}.
     *
     * @return a copy of the {@value #TICKET_BYTES} ticket bytes
     * @throws IllegalStateException before {@link Event#TICKET}
     */
    public byte[] ticket() {
        checkDone("ticket");
        return ticket.array().clone();
    }

    /**
     * Tells whether the link stage is complete.
     *
     * @return true once {@link Event#TICKET} was returned
     */
    public boolean isDone() {
        return state == State.DONE;
    }

    private void checkDone(String what) {
        if (state != State.DONE) {
            throw new IllegalStateException(what + " not parsed yet (expected: after TICKET)");
        }
    }
}

package io.saffron.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One message body of the data stage (after the link), in either direction. Records implementing it know their
 * type number, their exact encoded size and how to write themselves; each also has a static {@code decode}.
 * Layouts: spice-wire.md §3 (little endian, packed, pointers as u32 offsets from the body start).
 */
public interface SpiceMessage {

    /** The message type number in its channel's space (common 1..8, channel-specific from 101). */
    int type();

    /** Exact size of the encoded body in bytes. */
    int bodySize();

    /**
     * Writes the body at {@code out}'s position and advances it by {@link #bodySize()}.
     *
     * @param out a little-endian buffer with at least {@link #bodySize()} bytes remaining
     */
    void writeBody(ByteBuffer out);

    /** The body in a new little-endian buffer, ready to read. */
    default ByteBuffer encode() {
        ByteBuffer out = ByteBuffer.allocate(bodySize()).order(ByteOrder.LITTLE_ENDIAN);
        writeBody(out);
        if (out.hasRemaining()) {
            throw new IllegalStateException(getClass().getSimpleName() + " wrote " + out.position()
                    + " bytes (expected: " + bodySize() + ")");
        }
        return out.flip();
    }
}

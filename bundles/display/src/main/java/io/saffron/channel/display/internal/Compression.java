package io.saffron.channel.display.internal;

import java.util.Locale;

import io.saffron.core.protocol.DisplayMessages;

/**
 * How draws are encoded for a client (configuration {@code compression}, flag {@code --compression}). Both are
 * lossless. LZ4 needs the client's LZ4_COMPRESSION capability (spice-gtk has it, spice-html5 not): without it a
 * client gets raw bitmaps whatever the setting, because an image it cannot decode aborts the client process
 * (spice-wire.md §7.6).
 */
enum Compression {
    /** LZ4 when the client decodes it, else raw 32-bit bitmaps. */
    AUTO,
    /** LZ4; raw for clients that cannot decode it (logged). */
    LZ4,
    /** Raw 32-bit bitmaps for everyone. */
    OFF;

    static Compression parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compression '" + text + "' is unknown (expected: auto, lz4 or off)");
        }
    }

    /** Whether a client with the LZ4 capability or not gets LZ4 under this setting. */
    boolean useLz4(boolean clientHasLz4) {
        return this != OFF && clientHasLz4;
    }

    /**
     * The setting after a client's PREFERRED_COMPRESSION: OFF and LZ4 are honoured; the others (QUIC, LZ, GLZ,
     * their AUTO forms) are encoders Saffron does not have, so the configured setting stays.
     */
    Compression preferred(int spiceCompression) {
        return switch (spiceCompression) {
            case DisplayMessages.COMPRESSION_OFF -> OFF;
            case DisplayMessages.COMPRESSION_LZ4 -> LZ4;
            default -> this;
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

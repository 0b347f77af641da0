package io.saffron.core;

import java.util.Objects;

/**
 * Identity of one channel instance: its type and its id (the display number for display and cursor, 0 for the
 * others). Printed as {@code display:0}.
 */
public record ChannelId(ChannelType type, int id) {

    public ChannelId {
        Objects.requireNonNull(type, "type");
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("channel id " + id + " is out of range (expected: 0..255)");
        }
    }

    @Override
    public String toString() {
        return type.label() + ":" + id;
    }
}

package io.saffron.core;

/** SPICE channel types ({@code SPICE_CHANNEL_*}, spice-wire.md §1) with their wire codes. */
public enum ChannelType {
    MAIN(1), DISPLAY(2), INPUTS(3), CURSOR(4), PLAYBACK(5), RECORD(6), TUNNEL(7), SMARTCARD(8), USBREDIR(9),
    PORT(10), WEBDAV(11);

    private static final ChannelType[] BY_CODE = new ChannelType[12];

    static {
        for (ChannelType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    ChannelType(int code) {
        this.code = code;
    }

    /** The type's number on the wire. */
    public int code() {
        return code;
    }

    /** The type with this wire code, or {@code null} when the code names no SPICE channel type. */
    public static ChannelType fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Lower-case name, as used in logs and errors ({@code display}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

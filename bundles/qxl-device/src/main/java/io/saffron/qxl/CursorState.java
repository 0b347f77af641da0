package io.saffron.qxl;

/** The pointer of a device as its worker knows it: shape, position and visibility. Immutable. */
public record CursorState(CursorShape shape, int x, int y, boolean visible) {
}

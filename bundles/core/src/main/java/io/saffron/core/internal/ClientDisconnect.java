package io.saffron.core.internal;

/**
 * Main dispatcher message: end a client's session. Sent by the main channel client's disconnect (on any loop),
 * received on {@code spice-main}; post-only. It is always a hop, even from {@code spice-main} itself, so that a
 * client is never destroyed from inside the code that noticed the disconnect (threading model §2).
 */
record ClientDisconnect(DefaultClient client, String reason) {
}

package io.saffron.core;

import org.osgi.annotation.versioning.ProviderType;

import io.saffron.core.protocol.Capabilities;

/**
 * One linked TCP connection: the socket, framing and per-connection protocol counters. It is the real owner of
 * its channel client and may outlive it. Every method is safe from any thread; counters are snapshots.
 */
@ProviderType
public interface Connection {

    /** A process-unique number, for logs. */
    long id();

    /** The peer's address, {@code 127.0.0.1:53122}. */
    String remoteAddress();

    /** Whether the socket is open. */
    boolean isOpen();

    /** Closes the socket. Safe from any thread; idempotent. */
    void close();

    /** Whether the 6-byte mini header was negotiated (spice-wire.md §1.3 rule 4). */
    boolean miniHeader();

    /** The client's common capabilities from its link message. */
    Capabilities commonCapabilities();

    /** The client's channel capabilities from its link message. */
    Capabilities channelCapabilities();

    long bytesIn();

    long bytesOut();

    long messagesIn();

    long messagesOut();
}

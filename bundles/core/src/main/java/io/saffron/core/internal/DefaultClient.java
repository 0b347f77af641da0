package io.saffron.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;

/**
 * A session (spice-server's {@code RedClient}). Created on {@code spice-main}; its channel-client map is touched
 * from several loops and so is guarded by {@link #lock}. Rule: never hold the lock while calling into a channel
 * client or a dispatcher; take what is needed out under the lock, release it, then act.
 */
final class DefaultClient implements Client {

    private final int sessionId;
    // Guards every field below it. The only lock of the object model.
    private final Object lock = new Object();
    private final Map<ChannelId, DefaultChannelClient> channelClients = new LinkedHashMap<>();
    // Links replied OK on spice-main whose connect has not yet arrived on the owner loop: counted as live so that
    // a duplicate link cannot slip in between the check and the add.
    private final Set<ChannelId> pendingLinks = new HashSet<>();
    private boolean disconnecting;
    // Owning reference from the main link until finish(): step 5 of the destruction order releases it last.
    private DefaultChannelClient mainChannelClient;
    private volatile boolean finished;

    DefaultClient(int sessionId) {
        this.sessionId = sessionId;
    }

    @Override
    public int sessionId() {
        return sessionId;
    }

    @Override
    public boolean isDisconnecting() {
        synchronized (lock) {
            return disconnecting;
        }
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public List<ChannelClient> channelClients() {
        synchronized (lock) {
            return List.copyOf(channelClients.values());
        }
    }

    @Override
    public ChannelClient mainChannelClient() {
        synchronized (lock) {
            return mainChannelClient;
        }
    }

    /**
     * Reserves (type, id) for a link about to be replied OK. Main thread (link handling).
     *
     * @return null when reserved, otherwise why not ("disconnecting", "duplicate")
     */
    String reserve(ChannelId id) {
        synchronized (lock) {
            if (disconnecting) {
                return "session " + Integer.toUnsignedString(sessionId) + " is disconnecting";
            }
            if (channelClients.containsKey(id) || pendingLinks.contains(id)) {
                return "session " + Integer.toUnsignedString(sessionId) + " already has a live link for " + id;
            }
            pendingLinks.add(id);
            return null;
        }
    }

    /** Releases a reservation whose connect failed. Any thread. */
    void unreserve(ChannelId id) {
        synchronized (lock) {
            pendingLinks.remove(id);
        }
    }

    /**
     * Adds a channel client, turning its reservation into a map entry. Owner loop of the channel client.
     *
     * @return false when the session started disconnecting meanwhile (the caller closes the connection)
     */
    boolean add(DefaultChannelClient cc) {
        ChannelId id = cc.channel().id();
        synchronized (lock) {
            pendingLinks.remove(id);
            if (disconnecting) {
                return false;
            }
            if (channelClients.isEmpty() && mainChannelClient == null && id.type() != ChannelType.MAIN) {
                throw new IllegalStateException("first channel client of " + this + " is " + id
                        + " (expected: main:0)");
            }
            DefaultChannelClient previous = channelClients.putIfAbsent(id, cc);
            if (previous != null) {
                throw new IllegalStateException(this + " already has " + id + " (reservation broken)");
            }
            if (id.type() == ChannelType.MAIN) {
                mainChannelClient = cc;
            }
            return true;
        }
    }

    /**
     * Handover: takes a channel client out of the map but keeps its (type, id) reserved for the successor, so a
     * duplicate link stays refused meanwhile. The main channel client stays referenced until its successor is
     * added (the session does not end). Owner loop of the channel client.
     */
    void detachForHandover(DefaultChannelClient cc) {
        ChannelId id = cc.channel().id();
        synchronized (lock) {
            if (channelClients.remove(id, cc) && !disconnecting) {
                pendingLinks.add(id);
            }
        }
    }

    /** Removes a channel client if it is still the one in the map: the last step of its disconnect. Owner loop. */
    void remove(DefaultChannelClient cc) {
        synchronized (lock) {
            channelClients.remove(cc.channel().id(), cc);
        }
    }

    /**
     * Step 2 of the destruction order: marks the session disconnecting. Main thread.
     *
     * @return false when it already was
     */
    boolean startDisconnecting() {
        synchronized (lock) {
            if (disconnecting) {
                return false;
            }
            disconnecting = true;
            pendingLinks.clear();
            return true;
        }
    }

    /** Step 3: takes every non-main channel client out of the map. Main thread, after startDisconnecting. */
    List<DefaultChannelClient> takeSecondaryChannelClients() {
        synchronized (lock) {
            List<DefaultChannelClient> taken = new ArrayList<>();
            channelClients.values().removeIf(cc -> {
                if (cc == mainChannelClient) {
                    return false;
                }
                taken.add(cc);
                return true;
            });
            return taken;
        }
    }

    /** The main channel client while still held, for step 4. Main thread. */
    DefaultChannelClient heldMainChannelClient() {
        synchronized (lock) {
            return mainChannelClient;
        }
    }

    /** Step 5: releases the main channel client; the session is over. Main thread. */
    void finish() {
        synchronized (lock) {
            channelClients.clear();
            mainChannelClient = null;
        }
        finished = true;
    }

    @Override
    public String toString() {
        return "client " + Integer.toUnsignedString(sessionId);
    }
}

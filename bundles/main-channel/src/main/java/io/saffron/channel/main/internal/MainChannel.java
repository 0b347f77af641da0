package io.saffron.channel.main.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelState;
import io.saffron.core.ChannelType;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.MainMessages;

/**
 * The main channel (id 0, on {@code spice-main}): it starts each session (INIT with the session id that every
 * secondary link must present), lists the channels on ATTACH_CHANNELS, and keeps the session's mouse mode. The
 * core ends a session when its main channel client disconnects. There is no guest agent: INIT says so and the
 * agent messages a client may still send are read and ignored.
 */
final class MainChannel implements ChannelHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MainChannel.class);

    /** Mouse modes offered: server (relative) and client (absolute); the devices take absolute pointing. */
    static final int SUPPORTED_MOUSE_MODES = MainMessages.MOUSE_MODE_SERVER | MainMessages.MOUSE_MODE_CLIENT;
    /** The real server starts mm-clock stamps 400 ms in the past so that stream frames are never late (§7.11). */
    static final int MM_TIME_MARGIN_MS = 400;
    /**
     * How long an announcement waits after a channel appears: long enough for a handover or a bundle's other
     * channels to settle, short next to the pause a user notices (threading model §8.2, mode R).
     */
    static final long ANNOUNCE_GRACE_MS = 300;
    /** Client messages that are part of the protocol but need nothing from a server without agent or migration. */
    private static final int[] IGNORED = {MainMessages.ClientInfo.TYPE, 102, 103, MainMessages.AgentStart.TYPE, 107,
            MainMessages.AgentToken.TYPE, 109, 110, 111, 112};

    private final ChannelContext context;
    private final String name;
    private final UUID uuid;
    private final long startNanos = System.nanoTime();
    // spice-main only: each session's main channel client and its mouse mode.
    private final Map<ChannelClient, Integer> mouseModes = new LinkedHashMap<>();
    // spice-main only: sessions that asked for the channel list (ATTACH_CHANNELS); only they get announcements.
    private final java.util.Set<ChannelClient> attached = new java.util.HashSet<>();

    MainChannel(ChannelContext context, String name, UUID uuid) {
        this.context = context;
        this.name = name;
        this.uuid = uuid;
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.of(MainMessages.CAP_NAME_AND_UUID);
    }

    @Override
    public int ackWindow() {
        return 20;
    }

    @Override
    public int maxMessageSize() {
        return 8 * 1024; // agent data chunks are at most 2 KiB plus headers; everything else is tiny
    }

    @Override
    public void connected(ChannelClient client) {
        assert context.loop().inEventLoop();
        int mode = MainMessages.MOUSE_MODE_CLIENT;
        mouseModes.put(client, mode);
        client.send(new MainMessages.Init(client.client().sessionId(), displayCount(), SUPPORTED_MOUSE_MODES, mode,
                0, 0, mmTime() - MM_TIME_MARGIN_MS, 0));
        if (client.connection().channelCapabilities().has(MainMessages.CAP_NAME_AND_UUID)) {
            client.send(new MainMessages.Name(name));
            client.send(new MainMessages.Uuid(uuid));
        }
        client.ping(0);
        LOG.info("session {} started from {} ({} session(s))", session(client), client.connection().remoteAddress(),
                mouseModes.size());
    }

    /** Handover: the session's mouse mode; the session, its id and its other channels stay as they are. */
    @Override
    public ChannelState export(ChannelClient client) {
        assert context.loop().inEventLoop();
        Integer mode = mouseModes.remove(client);
        boolean wasAttached = attached.remove(client);
        return mode == null ? null : ChannelState.builder().put("mouseMode", mode).put("attached", wasAttached)
                .build();
    }

    /** Handover: nothing to send (the client had INIT and CHANNELS_LIST from the previous instance). */
    @Override
    public void resumed(ChannelClient client, ChannelState state) {
        assert context.loop().inEventLoop();
        mouseModes.put(client, state.getInt("mouseMode", MainMessages.MOUSE_MODE_CLIENT));
        if (state.getBoolean("attached", false)) {
            attached.add(client);
        }
        LOG.info("session {} handed over to the new main channel", session(client));
    }

    @Override
    public void received(ChannelClient client, int type, ByteBuffer body) {
        assert context.loop().inEventLoop();
        switch (type) {
            case MainMessages.AttachChannels.TYPE -> {
                MainMessages.AttachChannels.decode(body);
                List<MainMessages.Entry> list = channelList();
                client.send(new MainMessages.ChannelsList(list));
                attached.add(client);
                LOG.debug("session {} attached; listed {}", session(client), list);
            }
            case MainMessages.MouseModeRequest.TYPE -> mouseModeRequest(client,
                    MainMessages.MouseModeRequest.decode(body).mode());
            default -> {
                for (int ignored : IGNORED) {
                    if (ignored == type) {
                        LOG.debug("session {}: main message {} ignored (no agent, no migration)", session(client),
                                type);
                        return;
                    }
                }
                throw new CorruptedMessageException("unknown message type " + type + " (" + context.id()
                        + ", expected: 101..112)");
            }
        }
    }

    private void mouseModeRequest(ChannelClient client, int mode) {
        if (mode != MainMessages.MOUSE_MODE_SERVER && mode != MainMessages.MOUSE_MODE_CLIENT) {
            LOG.info("session {} asked for mouse mode {} (expected: 1 server or 2 client); keeping {}",
                    session(client), mode, mouseModes.get(client));
        } else {
            mouseModes.put(client, mode);
            LOG.debug("session {} mouse mode {}", session(client), mode == 1 ? "server" : "client");
        }
        client.send(new MainMessages.MouseMode(SUPPORTED_MOUSE_MODES, mouseModes.get(client)));
    }

    /**
     * A channel appeared after clients attached (a display added at runtime, a channel bundle back after an
     * uninstall or after a handover that timed out): after {@link #ANNOUNCE_GRACE_MS}, each attached session
     * without a live link for it gets a one-entry CHANNELS_LIST, and spice-gtk links it at once.
     */
    @Override
    public void channelCreated(ChannelId id) {
        assert context.loop().inEventLoop();
        if (attached.isEmpty()) {
            return;
        }
        context.loop().schedule(() -> announce(id), ANNOUNCE_GRACE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void announce(ChannelId id) {
        assert context.loop().inEventLoop();
        boolean exists = context.server().channels().stream().anyMatch(c -> c.id().equals(id) && !c.isDestroyed());
        if (!exists) {
            return;
        }
        for (ChannelClient main : List.copyOf(attached)) {
            if (main.state() != ChannelClient.State.CONNECTED) {
                continue;
            }
            boolean linked = main.client().channelClients().stream().anyMatch(cc -> cc.channel().id().equals(id)
                    && cc.state() != ChannelClient.State.DISCONNECTED);
            if (!linked) {
                main.send(new MainMessages.ChannelsList(List.of(new MainMessages.Entry(id.type().code(), id.id()))));
                LOG.info("session {}: announced {}", session(main), id);
            }
        }
    }

    /** The channels a client may link, in the real server's order: displays, cursors, inputs. spice-main. */
    private List<MainMessages.Entry> channelList() {
        List<ChannelId> ids = new ArrayList<>();
        for (Channel c : context.server().channels()) {
            if (c.id().type() != ChannelType.MAIN && !c.isDestroyed()) {
                ids.add(c.id());
            }
        }
        ids.sort(Comparator.comparingInt((ChannelId id) -> order(id.type())).thenComparingInt(ChannelId::id));
        List<MainMessages.Entry> list = new ArrayList<>(ids.size());
        for (ChannelId id : ids) {
            list.add(new MainMessages.Entry(id.type().code(), id.id()));
        }
        return list;
    }

    private static int order(ChannelType type) {
        return switch (type) {
            case DISPLAY -> 0;
            case CURSOR -> 1;
            case INPUTS -> 2;
            default -> 3 + type.code();
        };
    }

    private int displayCount() {
        int n = 0;
        for (Channel c : context.server().channels()) {
            if (c.id().type() == ChannelType.DISPLAY) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /** The server's multimedia clock in ms (u32, wraps). */
    private int mmTime() {
        return (int) ((System.nanoTime() - startNanos) / 1_000_000L);
    }

    @Override
    public void disconnected(ChannelClient client) {
        assert context.loop().inEventLoop();
        attached.remove(client);
        if (mouseModes.remove(client) != null) { // not after export: the session goes on
            LOG.info("session {} ended ({} session(s) left)", session(client), mouseModes.size());
        }
    }

    private static String session(ChannelClient client) {
        return Integer.toUnsignedString(client.client().sessionId());
    }
}

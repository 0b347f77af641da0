package io.saffron.channel.display.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelState;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.Rect;
import io.saffron.qxl.QxlCommand;
import io.saffron.qxl.QxlCommandListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Surface;

/**
 * Display channel N, on the worker loop of display N (spice-server's display channel in its {@code RedWorker}).
 *
 * <p>Per client: after the client's DISPLAY_INIT, the primary surface (SURFACE_CREATE, MONITORS_CONFIG for
 * clients that take it, one draw covering the whole screen, MARK — spice-wire.md §7.12); then only what changed.
 * Draws from the device are not queued per client: each client has a {@link DirtyRegion}, and rectangles are
 * encoded from the worker's frame when the client can take them. A client that reads slowly therefore gets merged
 * frames with the newest pixels, and what is held for it is bounded by the surface size. A solid rectangle goes
 * out as DRAW_FILL, anything else as DRAW_COPY of a raw 32-bit or LZ4 bitmap, split into bands of at most
 * {@value #BAND_BYTES} bytes of pixels so that a slow client's queue stays short.
 */
final class DisplayChannel implements ChannelHandler, QxlCommandListener {

    private static final Logger LOG = LoggerFactory.getLogger(DisplayChannel.class);

    /** Largest band of pixels (before compression) in one DRAW_COPY after the first frame. */
    static final int BAND_BYTES = 256 * 1024;
    /** Below this many pixel bytes compressing does not pay (the real server's limit is 54 bytes). */
    static final int MIN_COMPRESS_BYTES = 256;

    private final ChannelContext context;
    private final QxlDevice device;
    private final Surface surface;
    private final Compression compression;
    // Worker loop only.
    private final Map<ChannelClient, Peer> peers = new LinkedHashMap<>();
    private boolean flushScheduled;

    /** One client's state. Worker loop only. */
    private final class Peer {
        final ChannelClient client;
        final DirtyRegion dirty = new DirtyRegion(surface.width(), surface.height());
        final boolean hasLz4;
        Compression setting;
        boolean ready; // DISPLAY_INIT received and the first frame sent
        long copies;
        long fills;

        Peer(ChannelClient client) {
            this.client = client;
            this.hasLz4 = client.connection().channelCapabilities().has(DisplayMessages.CAP_LZ4_COMPRESSION);
            this.setting = compression;
        }

        boolean lz4() {
            return setting.useLz4(hasLz4);
        }
    }

    DisplayChannel(ChannelContext context, QxlDevice device, Compression compression) {
        this.context = context;
        this.device = device;
        this.surface = device.primarySurface();
        this.compression = compression;
    }

    @Override
    public Capabilities capabilities() {
        // MONITORS_CONFIG promises the message to clients that have the cap (pitfall 14); PREF_COMPRESSION takes
        // PREFERRED_COMPRESSION.
        return Capabilities.of(DisplayMessages.CAP_MONITORS_CONFIG, DisplayMessages.CAP_PREF_COMPRESSION);
    }

    @Override
    public int ackWindow() {
        return 20;
    }

    @Override
    public int maxMessageSize() {
        return 4096; // DISPLAY_INIT is 14 bytes, STREAM_REPORT 32, codec lists a few hundred at most
    }

    @Override
    public void connected(ChannelClient client) {
        assert context.loop().inEventLoop();
        Peer p = addPeer(client);
        LOG.debug("{} linked for session {} on {} (LZ4 {}); waiting for DISPLAY_INIT", context.id(),
                session(client), Thread.currentThread().getName(), p.hasLz4 ? "supported" : "not supported");
    }

    /** Handover: whether the client has its surface, and its compression setting. */
    @Override
    public ChannelState export(ChannelClient client) {
        assert context.loop().inEventLoop();
        Peer p = peers.get(client);
        if (p == null) {
            return null;
        }
        return ChannelState.builder().put("ready", p.ready).put("compression", p.setting.name()).build();
    }

    /**
     * Handover: a client that has its primary surface gets a full repaint (MONITORS_CONFIG for clients that take
     * it, one draw of the whole screen, MARK) without a SURFACE_CREATE; one still waiting for DISPLAY_INIT goes
     * on waiting.
     */
    @Override
    public void resumed(ChannelClient client, ChannelState state) {
        assert context.loop().inEventLoop();
        Peer p = addPeer(client);
        try {
            p.setting = Compression.valueOf(state.getString("compression", compression.name()));
        } catch (IllegalArgumentException e) {
            p.setting = compression;
        }
        if (state.getBoolean("ready", false)) {
            repaint(p);
            p.ready = true;
            LOG.info("{}: session {} handed over and repainted on {}", context.id(), session(client),
                    Thread.currentThread().getName());
        }
    }

    @Override
    public void received(ChannelClient client, int type, ByteBuffer body) {
        assert context.loop().inEventLoop();
        Peer p = peers.get(client);
        switch (type) {
            case DisplayMessages.DisplayInit.TYPE -> {
                DisplayMessages.DisplayInit init = DisplayMessages.DisplayInit.decode(body);
                if (p.ready) {
                    LOG.debug("{}: second DISPLAY_INIT from session {} ignored", context.id(), session(client));
                    return;
                }
                LOG.trace("{}: {}", context.id(), init);
                start(p);
            }
            case DisplayMessages.PreferredCompression.TYPE -> {
                int wanted = DisplayMessages.PreferredCompression.decode(body).compression();
                p.setting = compression.preferred(wanted);
                LOG.info("{}: session {} prefers compression {}; sending {}", context.id(), session(client), wanted,
                        p.lz4() ? "lz4" : "raw");
            }
            case DisplayMessages.StreamReport.TYPE -> DisplayMessages.StreamReport.decode(body);
            case DisplayMessages.PreferredVideoCodecType.TYPE -> DisplayMessages.PreferredVideoCodecType.decode(body);
            case DisplayMessages.GlDrawDone.TYPE -> DisplayMessages.GlDrawDone.decode(body);
            default -> throw new CorruptedMessageException("unknown message type " + type + " (" + context.id()
                    + ", expected: 101..105)");
        }
    }

    /** A new client's state; the first one makes this channel listen to the device. Worker loop. */
    private Peer addPeer(ChannelClient client) {
        assert context.loop().inEventLoop();
        if (peers.isEmpty()) {
            device.addListener(this);
        }
        Peer p = new Peer(client);
        peers.put(client, p);
        return p;
    }

    /** The primary surface and the first frame, whole, whatever the client's window (§7.12, pitfall 15). */
    private void start(Peer p) {
        ChannelClient c = p.client;
        int w = surface.width();
        int h = surface.height();
        c.send(new DisplayMessages.InvalAllPalettes());
        c.send(new DisplayMessages.SurfaceCreate(0, w, h, DisplayMessages.SURFACE_FMT_32_XRGB,
                DisplayMessages.SURFACE_FLAG_PRIMARY));
        repaint(p);
        p.ready = true;
        LOG.info("{}: session {} sent its first frame {}x{} ({}) from {}", context.id(), session(c), w, h,
                p.lz4() ? "lz4" : "raw", Thread.currentThread().getName());
    }

    /** MONITORS_CONFIG (to clients that take it), the whole screen in one draw, MARK. Worker loop. */
    private void repaint(Peer p) {
        ChannelClient c = p.client;
        int w = surface.width();
        int h = surface.height();
        if (c.connection().channelCapabilities().has(DisplayMessages.CAP_MONITORS_CONFIG)) {
            c.send(new DisplayMessages.MonitorsConfig(1, List.of(new DisplayMessages.Head(0, 0, w, h, 0, 0, 0))));
        }
        p.dirty.clear();
        sendArea(p, 0, 0, w, h);
        c.send(new DisplayMessages.Mark());
    }

    @Override
    public void onCommand(QxlDevice source, QxlCommand command) {
        assert context.loop().inEventLoop();
        if (!(command instanceof QxlCommand.Draw draw) || draw.surfaceId() != 0) {
            return;
        }
        for (Peer p : peers.values()) {
            if (p.ready) {
                p.dirty.add(draw.left(), draw.top(), draw.width(), draw.height());
            }
        }
        if (!flushScheduled) {
            // After the worker's current batch of commands: one flush covers every draw of the batch.
            flushScheduled = true;
            context.loop().execute(this::flush);
        }
    }

    private void flush() {
        assert context.loop().inEventLoop();
        flushScheduled = false;
        for (Peer p : peers.values()) {
            drain(p);
        }
    }

    @Override
    public void writable(ChannelClient client) {
        assert context.loop().inEventLoop();
        Peer p = peers.get(client);
        if (p != null) {
            drain(p);
        }
    }

    /** Sends dirty bands while the client keeps up; the rest waits, merged, for {@link #writable}. Worker loop. */
    private void drain(Peer p) {
        while (!p.dirty.isEmpty() && p.client.isWritable()) {
            DirtyRegion.Box b = p.dirty.poll();
            int rows = Math.max(1, Math.min(b.h(), BAND_BYTES / (b.w() * 4)));
            if (rows < b.h()) {
                p.dirty.pushFront(new DirtyRegion.Box(b.x(), b.y() + rows, b.w(), b.h() - rows));
            }
            sendArea(p, b.x(), b.y(), b.w(), rows);
        }
    }

    /** One draw of an area of the worker's frame: a fill when it is one colour, else a copy. Worker loop. */
    private void sendArea(Peer p, int x, int y, int w, int h) {
        int[] fb = device.framebuffer();
        int scan = surface.width();
        int offset = y * scan + x;
        Rect box = Rect.of(x, y, w, h);
        int color = solidColor(fb, offset, scan, w, h);
        if (color >= 0) {
            p.client.send(new DisplayMessages.DrawFill(0, box, color));
            p.fills++;
            return;
        }
        boolean lz4 = p.lz4() && w * h * 4 >= MIN_COMPRESS_BYTES;
        DisplayMessages.Image image = lz4 ? DisplayMessages.Image.lz4(w, h, fb, offset, scan)
                : DisplayMessages.Image.raw(w, h, fb, offset, scan);
        p.client.send(new DisplayMessages.DrawCopy(0, box, image));
        p.copies++;
    }

    /** The area's colour 0x00RRGGBB if every pixel has it, else -1. */
    static int solidColor(int[] fb, int offset, int scan, int w, int h) {
        int first = fb[offset] & 0xFFFFFF;
        for (int row = 0; row < h; row++) {
            int i = offset + row * scan;
            for (int end = i + w; i < end; i++) {
                if ((fb[i] & 0xFFFFFF) != first) {
                    return -1;
                }
            }
        }
        return first;
    }

    @Override
    public void disconnected(ChannelClient client) {
        assert context.loop().inEventLoop();
        Peer p = peers.remove(client);
        if (p != null) {
            LOG.debug("{}: session {} left after {} copies and {} fills", context.id(), session(client), p.copies,
                    p.fills);
        }
        if (peers.isEmpty()) {
            device.removeListener(this);
        }
    }

    private static String session(ChannelClient client) {
        return Integer.toUnsignedString(client.client().sessionId());
    }
}

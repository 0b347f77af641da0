package io.saffron.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.Connection;
import io.saffron.core.SpiceServer;
import io.saffron.dispatcher.EventLoop;
import io.saffron.dispatcher.EventLoops;

/**
 * The {@code saffron:} Gogo commands (issue #4, management): {@code clients}, {@code channels},
 * {@code disconnect <session>} and {@code swap <type>}. Gogo finds them by the {@code osgi.command.*} service
 * properties, so the bundle needs no Gogo API; each command returns its text and Gogo prints it. Wrong input is an
 * {@link IllegalArgumentException} whose message names the value given and the values expected; Gogo prints it.
 *
 * <p>Threads: commands run on the shell's thread (Gogo's, or a test's), which may block. The server's registries
 * are confined to {@code spice-main}, so every query is a task on {@link SpiceServer#mainLoop()} (a channel's
 * client list a task on its owner loop) that copies plain values out, awaited with a bound
 * ({@link EventLoops#await}). Connection counters are read there too, although any thread may read them.
 */
// Immediate: a wiring problem shows at start (every Saffron component is ACTIVE, BundlesIT), not at the first command.
@Component(service = ShellCommands.class, immediate = true, property = {
        "osgi.command.scope=saffron",
        "osgi.command.function=clients",
        "osgi.command.function=channels",
        "osgi.command.function=disconnect",
        "osgi.command.function=swap"})
public final class ShellCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ShellCommands.class);

    /** How long a query waits for a loop, and how long disconnect and swap wait for the server to settle. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 20;

    /** Channels in a stable order: by type (main, display, inputs, cursor, ...), then by id. */
    private static final Comparator<ChannelId> CHANNEL_ORDER =
            Comparator.comparing(ChannelId::type).thenComparingInt(ChannelId::id);

    private final SpiceServer server;
    private final Providers providers;
    private final Duration timeout;

    @Activate
    public ShellCommands(@Reference SpiceServer server, BundleContext context) {
        this(server, new OsgiProviders(context), DEFAULT_TIMEOUT);
    }

    ShellCommands(SpiceServer server, Providers providers, Duration timeout) {
        this.server = server;
        this.providers = providers;
        this.timeout = timeout;
    }

    // ---------------------------------------------------------------- saffron:clients

    /**
     * One row per session: its id, the peer address, the channels it linked, bytes and messages in and out over
     * all its connections, and the main channel's last ping round trip. A blocking thread only.
     */
    public String clients() {
        List<SessionRow> sessions = onMain("saffron:clients", () -> {
            List<SessionRow> rows = new ArrayList<>();
            for (Client c : server.clients()) {
                rows.add(SessionRow.of(c));
            }
            return rows;
        });
        Table table = new Table().left("session").left("address").left("channels")
                .right("bytes in").right("bytes out").right("msgs in").right("msgs out").right("ping");
        for (SessionRow s : sessions) {
            Traffic t = s.traffic();
            table.row(Integer.toUnsignedString(s.sessionId()), s.address(), s.channels(), Table.bytes(t.bytesIn()),
                    Table.bytes(t.bytesOut()), t.messagesIn(), t.messagesOut(), Table.millis(s.roundTripNanos()));
        }
        return table + "\n" + Table.count(table.size(), "session");
    }

    // ---------------------------------------------------------------- saffron:channels

    /**
     * One row per channel: its id, the thread that owns it, the bundle that provides its type, its clients and the
     * bytes and messages in and out over their connections. A blocking thread only.
     */
    public String channels() {
        // One task on spice-main reads the registry and sends one task to each channel's owner loop for its
        // clients; a loop that does not answer in time shows "-" instead of its counters.
        CompletableFuture<List<ChannelRow>> query = submit("saffron:channels", server.mainLoop(), () -> {
            List<Channel> live = new ArrayList<>(server.channels());
            live.sort(Comparator.comparing(Channel::id, CHANNEL_ORDER));
            List<CompletableFuture<ChannelRow>> parts = new ArrayList<>();
            for (Channel ch : live) {
                ChannelId id = ch.id();
                String thread = ch.loop().name();
                Class<?> handlerType = handlerType(ch);
                parts.add(trafficOnOwner(ch).thenApply(traffic -> new ChannelRow(id, thread, handlerType, traffic)));
            }
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenApply(done -> parts.stream().map(CompletableFuture::join).collect(Collectors.toList()));
        }).thenCompose(rows -> rows);
        List<ChannelRow> rows = EventLoops.await(query, timeout.multipliedBy(2), "saffron:channels",
                server.mainLoop());

        Map<ChannelType, List<Provider>> byType = new EnumMap<>(ChannelType.class);
        Table table = new Table().left("channel").left("thread").left("provider").right("clients")
                .right("bytes in").right("bytes out").right("msgs in").right("msgs out");
        for (ChannelRow r : rows) {
            List<Provider> candidates = byType.computeIfAbsent(r.id().type(), providers::of);
            Traffic t = r.traffic();
            table.row(r.id(), r.thread(), providerText(candidates, loadedBy(r.handlerType())),
                    t == null ? null : t.clients(), t == null ? null : Table.bytes(t.bytesIn()),
                    t == null ? null : Table.bytes(t.bytesOut()), t == null ? null : t.messagesIn(),
                    t == null ? null : t.messagesOut());
        }
        return table + "\n" + Table.count(table.size(), "channel");
    }

    /** The clients' counters of one channel, read on its owner loop; {@code null} when that loop does not answer. */
    private CompletableFuture<Traffic> trafficOnOwner(Channel ch) {
        try {
            return CompletableFuture.supplyAsync(() -> Traffic.of(ch.clients()), ch.loop())
                    .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> {
                        LOG.debug("counters of {} not read on {}", ch.id(), ch.loop().name(), failure);
                        return null;
                    });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null); // the owner loop is stopping: counters unknown
        }
    }

    /**
     * The provider column: the bundle registering the factory for the channel's type; when several do, the one
     * that loaded the channel's handler, with the count of the others ("standby", as the core calls them).
     */
    private static String providerText(List<Provider> candidates, Provider loadedBy) {
        if (candidates.isEmpty()) {
            return null;
        }
        Provider serving = active(candidates, loadedBy == null ? Set.of() : Set.of(loadedBy.bundleId()));
        return serving.label() + (candidates.size() > 1 ? " (+" + (candidates.size() - 1) + " standby)" : "");
    }

    /** Of several providers, the one whose bundle loaded a live channel's handler, else the registry's first. */
    private static Provider active(List<Provider> candidates, Set<Long> loadedBy) {
        return candidates.stream().filter(p -> loadedBy.contains(p.bundleId())).findFirst()
                .orElse(candidates.get(0));
    }

    // ---------------------------------------------------------------- saffron:disconnect

    /**
     * Ends a session as a client leaving would: disconnects its main channel client on {@code spice-main}, then
     * waits (with a bound) for the session to leave the registry. A blocking thread only.
     *
     * @param sessionId the unsigned session id, as {@link #clients()} shows it
     * @throws IllegalArgumentException when the id is no number or no session has it; the message lists the ids
     *                                  that exist
     */
    public String disconnect(String sessionId) {
        int id = parseSessionId(sessionId);
        String idText = Integer.toUnsignedString(id);
        Disconnect outcome = onMain("saffron:disconnect " + idText, () -> {
            List<Client> clients = server.clients();
            for (Client c : clients) {
                if (c.sessionId() != id) {
                    continue;
                }
                SessionRow row = SessionRow.of(c);
                ChannelClient main = c.mainChannelClient();
                if (c.isDisconnecting() || main == null || main.state() == ChannelClient.State.DISCONNECTED) {
                    return new Disconnect(row, false, List.of());
                }
                // The main channel lives on spice-main (placement SERVER); hop if a factory placed it elsewhere.
                EventLoop owner = main.channel().loop();
                if (owner.inEventLoop()) {
                    main.disconnect();
                } else {
                    owner.execute(main::disconnect);
                }
                return new Disconnect(row, true, List.of());
            }
            List<String> ids = new ArrayList<>();
            for (Client c : clients) {
                ids.add(Integer.toUnsignedString(c.sessionId()));
            }
            return new Disconnect(null, false, ids);
        });
        if (outcome.session() == null) {
            throw new IllegalArgumentException("no session " + idText + (outcome.existing().isEmpty()
                    ? " (expected: a session id from saffron:clients, but there are no sessions)"
                    : " (expected one of: " + String.join(", ", outcome.existing()) + ")"));
        }
        SessionRow s = outcome.session();
        String what = "session " + idText + " (" + (s.address() == null ? Table.NONE : s.address()) + ", "
                + s.channels() + ")";
        if (outcome.disconnected()) {
            LOG.info("shell: disconnected {}", what);
        }
        long start = System.nanoTime();
        boolean ended = poll(() -> !onMain("saffron:disconnect " + idText,
                () -> server.clients().stream().anyMatch(c -> c.sessionId() == id)));
        long waited = System.nanoTime() - start;
        return (outcome.disconnected() ? "disconnected " + what : what + " was already ending")
                + (ended ? "; it ended after " + Table.millis(waited)
                         : "; it is still ending after " + Table.millis(waited));
    }

    /** Parses an unsigned 32-bit session id ({@code 3000000000} as well as {@code 12}). */
    static int parseSessionId(String text) {
        String t = text == null ? "" : text.trim();
        try {
            return Integer.parseUnsignedInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("session id '" + t + "' is not a number (expected: an unsigned "
                    + "32-bit session id, as saffron:clients shows it)", e);
        }
    }

    // ---------------------------------------------------------------- saffron:swap

    /**
     * Updates the bundle that provides a channel type in place ({@code Bundle.update()}, which re-reads its
     * location, the jar in {@code deploy/} in the appliance). The core destroys that type's channels when the old
     * factory goes and creates them again from the new revision, handing their connected clients over to it (README,
     * "Hot-swap"). Prints the provider before and after and how long it took. A blocking thread only.
     *
     * @param typeName a channel type: {@code display}, {@code cursor}, {@code inputs}, {@code main}
     * @throws IllegalArgumentException for an unknown type or a type no bundle provides
     * @throws IllegalStateException    when the framework refuses the update or the new revision fails to start
     */
    public String swap(String typeName) {
        EventLoops.checkMayBlock("saffron:swap " + typeName);
        ChannelType type = parseType(typeName);
        List<Provider> before = providers.of(type);
        if (before.isEmpty()) {
            throw new IllegalArgumentException("no bundle provides channel type " + type.label()
                    + " (expected one of the provided types: " + providedTypes() + ")");
        }
        ChannelsOfType channelsBefore = channelsOf(type);
        Provider target = active(before, channelsBefore.loadedBy());

        LOG.info("shell: updating bundle {} {} (provider of {})", target.bundleId(), target.label(), type.label());
        long start = System.nanoTime();
        try {
            providers.update(target.bundleId());
        } catch (BundleException e) {
            throw new IllegalStateException("update of bundle " + target.bundleId() + " " + target.label()
                    + " (provider of " + type.label() + ") failed: " + e.getMessage(), e);
        }
        long updateNanos = System.nanoTime() - start;
        // The new revision registers its factory and the core creates the channels again, normally before update()
        // returns; wait with a bound for both.
        ChannelsOfType[] now = {channelsBefore};
        boolean back = poll(() -> {
            now[0] = channelsOf(type);
            return providers.of(type).stream().anyMatch(p -> p.bundleId() == target.bundleId())
                    && now[0].ids().containsAll(channelsBefore.ids());
        });
        long backNanos = System.nanoTime() - start;
        Provider after = providers.bundle(target.bundleId());
        LOG.info("shell: bundle {} {} updated in {}, now {}", target.bundleId(), target.symbolicName(),
                Table.millis(updateNanos), after == null ? "uninstalled" : after.label());

        Table table = new Table().left("when").right("bundle").left("symbolic name").left("version")
                .left("last modified").left("channels");
        table.row("before", target.bundleId(), target.symbolicName(), target.version(), target.lastModifiedText(),
                idsText(channelsBefore.ids()));
        if (after != null) {
            table.row("after", after.bundleId(), after.symbolicName(), after.version(), after.lastModifiedText(),
                    idsText(now[0].ids()));
        } else {
            table.row("after", target.bundleId(), "(uninstalled)", null, null, idsText(now[0].ids()));
        }
        StringBuilder out = new StringBuilder("swapped ").append(type.label()).append(": bundle ")
                .append(target.bundleId()).append(' ').append(target.symbolicName()).append(" updated in ")
                .append(Table.millis(updateNanos)).append('\n').append(table).append('\n');
        if (back) {
            out.append(channelsBefore.ids().isEmpty() ? "provider of " + type.label() + " back"
                    : "channels " + idsText(channelsBefore.ids()) + " back");
            out.append(" after ").append(Table.millis(backNanos));
        } else {
            out.append("not back after ").append(Table.millis(backNanos)).append(": expected the factory of ")
                    .append(type.label()).append(" from bundle ").append(target.bundleId()).append(" and channels ")
                    .append(idsText(channelsBefore.ids())).append(", now channels ").append(idsText(now[0].ids()));
        }
        if (before.size() > 1) {
            out.append("\nnot updated (standby): ").append(before.stream().filter(p -> p != target)
                    .map(p -> "bundle " + p.bundleId() + " " + p.label()).collect(Collectors.joining(", ")));
        }
        return out.toString();
    }

    private ChannelType parseType(String typeName) {
        String t = typeName == null ? "" : typeName.trim().toLowerCase(Locale.ROOT);
        for (ChannelType type : ChannelType.values()) {
            if (type.label().equals(t)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown channel type '" + (typeName == null ? "" : typeName.trim())
                + "' (expected one of the provided types: " + providedTypes() + ")");
    }

    /** {@code main, display, inputs, cursor}: the types some bundle provides, or a word saying there are none. */
    private String providedTypes() {
        String types = Arrays.stream(ChannelType.values()).filter(t -> !providers.of(t).isEmpty())
                .map(ChannelType::label).collect(Collectors.joining(", "));
        return types.isEmpty() ? "none, no channel factory is registered" : types;
    }

    /**
     * The live channels of one type, read on spice-main, and the bundles that loaded their handlers, looked up on
     * the calling thread.
     */
    private ChannelsOfType channelsOf(ChannelType type) {
        List<LiveChannel> live = onMain("saffron:swap " + type.label(), () -> {
            List<LiveChannel> ofType = new ArrayList<>();
            for (Channel ch : server.channels()) {
                if (ch.id().type() == type) {
                    ofType.add(new LiveChannel(ch.id(), handlerType(ch)));
                }
            }
            return ofType;
        });
        List<ChannelId> ids = new ArrayList<>();
        Set<Long> loadedBy = new LinkedHashSet<>();
        for (LiveChannel ch : live) {
            ids.add(ch.id());
            Provider p = loadedBy(ch.handlerType());
            if (p != null) {
                loadedBy.add(p.bundleId());
            }
        }
        ids.sort(CHANNEL_ORDER);
        return new ChannelsOfType(List.copyOf(ids), Set.copyOf(loadedBy));
    }

    /** The class of a channel's handler, {@code null} when it has none; copied out on spice-main. */
    private static Class<?> handlerType(Channel ch) {
        ChannelHandler handler = ch.handler();
        return handler == null ? null : handler.getClass();
    }

    /** The bundle that loaded a handler class, or {@code null}. Off the loops, as {@link Providers} requires. */
    private Provider loadedBy(Class<?> handlerType) {
        return handlerType == null ? null : providers.bundleOf(handlerType);
    }

    private static String idsText(Collection<ChannelId> ids) {
        return ids.isEmpty() ? Table.NONE : ids.stream().map(ChannelId::toString).collect(Collectors.joining(" "));
    }

    // ---------------------------------------------------------------- running on loops

    /** Runs {@code task} on spice-main and waits for its value with the bound. A blocking thread only. */
    private <T> T onMain(String what, Supplier<T> task) {
        return EventLoops.await(submit(what, server.mainLoop(), task), timeout, what, server.mainLoop());
    }

    private static <T> CompletableFuture<T> submit(String what, EventLoop loop, Supplier<T> task) {
        EventLoops.checkMayBlock(what + " on " + loop.name());
        try {
            return CompletableFuture.supplyAsync(task, loop);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException(what + ": " + loop.name() + " accepts no tasks (expected: a running "
                    + "server; it is stopping)", e);
        }
    }

    /** Polls {@code done} until it holds or the bound passes; returns whether it held. A blocking thread only. */
    private boolean poll(BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- plain values copied out of the loops

    /** Connection counters summed over some channel clients. */
    record Traffic(int clients, long bytesIn, long bytesOut, long messagesIn, long messagesOut) {

        /** Sums the counters of {@code clients}' connections; any thread (counters are snapshots). */
        static Traffic of(Collection<ChannelClient> clients) {
            long bytesIn = 0;
            long bytesOut = 0;
            long messagesIn = 0;
            long messagesOut = 0;
            for (ChannelClient cc : clients) {
                Connection c = cc.connection();
                bytesIn += c.bytesIn();
                bytesOut += c.bytesOut();
                messagesIn += c.messagesIn();
                messagesOut += c.messagesOut();
            }
            return new Traffic(clients.size(), bytesIn, bytesOut, messagesIn, messagesOut);
        }
    }

    /** One line of {@code saffron:clients}. */
    record SessionRow(int sessionId, String address, String channels, Traffic traffic, long roundTripNanos) {

        /** Copies a session's values. Main thread (the caller holds it from the registry). */
        static SessionRow of(Client c) {
            List<ChannelClient> ccs = c.channelClients();
            ChannelClient main = c.mainChannelClient();
            ChannelClient first = main != null ? main : ccs.isEmpty() ? null : ccs.get(0);
            String address = first == null ? null : first.connection().remoteAddress();
            String channels = idsText(ccs.stream().map(cc -> cc.channel().id()).sorted(CHANNEL_ORDER).toList());
            if (c.isDisconnecting()) {
                channels += " (ending)";
            }
            return new SessionRow(c.sessionId(), address, channels, Traffic.of(ccs),
                    main == null ? -1 : main.roundTripNanos());
        }
    }

    /**
     * One line of {@code saffron:channels} as read on the loops; {@code handlerType} is the class of the channel's
     * handler (its bundle is looked up off the loops), {@code traffic} null when the owner loop did not answer.
     */
    record ChannelRow(ChannelId id, String thread, Class<?> handlerType, Traffic traffic) {
    }

    /** A live channel and the class of its handler, copied out on spice-main. */
    record LiveChannel(ChannelId id, Class<?> handlerType) {
    }

    /** What {@code disconnect} found on spice-main: the session (null when none has the id), or the ids there are. */
    record Disconnect(SessionRow session, boolean disconnected, List<String> existing) {
    }

    /** A type's live channels and the ids of the bundles that loaded their handlers. */
    record ChannelsOfType(List<ChannelId> ids, Set<Long> loadedBy) {
    }
}

package io.saffron.dispatcher;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

import io.saffron.dispatcher.internal.DefaultDispatcher;

/**
 * The inbox of one event loop: typed messages from any thread, run one at a time on the loop, in the order they
 * were sent (FIFO across all senders; one sender's messages are never reordered). It replaces spice-server's
 * socket-pair {@code Dispatcher} and keeps its semantics (threading model §2).
 *
 * <ul>
 * <li><b>Registered kinds.</b> A message type (a record class) is registered once with its handler and whether
 * it is acknowledged. Registering a type twice, or sending an unregistered type, is an error. Acknowledgement
 * belongs to the type, not to the call: {@link #post} is for unacknowledged types, {@link #call} for
 * acknowledged ones.</li>
 * <li><b>One-off tasks</b> ({@link #postTask}, {@link #callTask}): spice-server's "custom" messages, used for
 * connect, disconnect and migrate.</li>
 * <li><b>Post vs call.</b> {@code post} returns at once and always queues, even from the loop itself (so that a
 * handler is never re-entered from code that is still running on the loop). {@code call} returns a future that
 * completes after the handler has run; from the loop itself it runs the handler inline.</li>
 * <li><b>Post-only dispatchers.</b> The main dispatcher is post-only: nothing may wait on {@code spice-main}, so
 * it rejects acknowledged types and a {@code call} from any loop thread.</li>
 * <li><b>Close.</b> {@link #close} queues a {@code Close}: messages sent before it run, later ones do not run
 * anywhere; their futures fail with {@link DispatcherClosedException} and their references are dropped.</li>
 * </ul>
 *
 * <p>Payloads are immutable records; whatever a message carries by reference belongs to the receiver after a
 * post. Any thread may call every method unless its documentation says otherwise.
 */
@ProviderType
public interface Dispatcher {

    /**
     * Creates a dispatcher feeding {@code loop}.
     *
     * @param name     the dispatcher's name for messages ({@code "main"}, {@code "qxl-0"})
     * @param loop     the loop that runs the handlers
     * @param postOnly whether nothing may wait on this dispatcher (true for the main dispatcher)
     */
    static Dispatcher create(String name, EventLoop loop, boolean postOnly) {
        return new DefaultDispatcher(name, loop, postOnly);
    }

    /** The dispatcher's name. */
    String name();

    /** The loop that runs the handlers. */
    EventLoop loop();

    /**
     * Registers the handler of a message type.
     *
     * @param type     the message class; messages are matched by exact class
     * @param needsAck whether senders {@link #call} this type and wait for its handler; false means {@link #post}
     * @throws IllegalStateException    when the type is already registered, or after close
     * @throws IllegalArgumentException when {@code needsAck} is true on a post-only dispatcher
     */
    <T> void register(Class<T> type, boolean needsAck, MessageHandler<? super T> handler);

    /**
     * Queues a message of a registered, unacknowledged type. Returns at once.
     *
     * @throws IllegalArgumentException  when the type is not registered, or is registered with an acknowledgement
     * @throws DispatcherClosedException when the dispatcher is already closed
     */
    void post(Object message);

    /**
     * Sends a message of a registered, acknowledged type. On the dispatcher's own loop the handler runs inline.
     *
     * @return completes after the handler has run on the loop (exceptionally with its failure, or with
     *         {@link DispatcherClosedException} when the dispatcher closed first)
     * @throws IllegalArgumentException when the type is not registered, or is registered without acknowledgement
     * @throws IllegalStateException    on a post-only dispatcher, from a loop thread
     */
    CompletableFuture<Void> call(Object message);

    /**
     * Queues a one-off task, without acknowledgement.
     *
     * @param description what the task does, for logs and errors ({@code "connect display:0 client 7"})
     * @throws DispatcherClosedException when the dispatcher is already closed
     */
    void postTask(String description, Runnable task);

    /**
     * Sends a one-off task with acknowledgement. On the dispatcher's own loop it runs inline.
     *
     * @return completes after the task has run on the loop, with its failure if it threw
     * @throws IllegalStateException on a post-only dispatcher, from a loop thread
     */
    CompletableFuture<Void> callTask(String description, Runnable task);

    /** Installs (or with {@code null} removes) the tap that sees every registered message. */
    void setTap(DispatchTap tap);

    /**
     * Queues the {@code Close}: handlers queued before it run, then the dispatcher is closed. Idempotent.
     *
     * @return completes once the close has been processed on the loop (or at once if the loop is gone)
     */
    CompletableFuture<Void> close();

    /** Whether {@link #close} was called. */
    boolean isClosed();

    /** Messages queued and not yet run, for monitoring. */
    int pending();
}

package io.saffron.logbridge.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards OSGi Log Service entries (SCR, ConfigAdmin, FileInstall, framework events) to slf4j, and so to logback.
 * <p>
 * On bind it replays the reader's history from oldest to newest, then follows new entries. SCR calls bind and
 * unbind on its own threads; the Log Service calls {@link LogListener#logged} on its delivery thread.
 */
@Component(service = {})
public class LogBridge {

    /** Logger names the Log Service uses for framework events, the classic LogService API and the root logger. */
    private static final String EVENTS = "Events.";
    private static final String LOG_SERVICE = "LogService";
    private static final String ROOT = org.osgi.service.log.Logger.ROOT_LOGGER_NAME;

    private final Function<String, Logger> loggers;
    // SCR binds and unbinds readers on arbitrary threads, hence a concurrent map.
    private final Map<LogReaderService, LogListener> listeners = new ConcurrentHashMap<>();

    @Activate
    public LogBridge() {
        this(LoggerFactory::getLogger);
    }

    LogBridge(Function<String, Logger> loggers) {
        this.loggers = Objects.requireNonNull(loggers, "loggers");
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC)
    void addLogReader(LogReaderService reader) {
        ReaderListener listener = new ReaderListener();
        listeners.put(reader, listener);
        listener.follow(reader);
    }

    void removeLogReader(LogReaderService reader) {
        LogListener listener = listeners.remove(reader);
        if (listener != null) {
            reader.removeLogListener(listener);
        }
    }

    /** Sends one entry to the slf4j logger {@link #loggerName} picks, at the same level. */
    void forward(LogEntry entry) {
        Logger logger = loggers.apply(loggerName(entry));
        String message = entry.getMessage();
        Throwable cause = entry.getException();
        switch (entry.getLogLevel()) {
            case ERROR -> logger.error(message, cause);
            case WARN -> logger.warn(message, cause);
            // AUDIT entries are meant to be recorded always; slf4j has no such level, INFO is the closest.
            case INFO, AUDIT -> logger.info(message, cause);
            case DEBUG -> logger.debug(message, cause);
            case TRACE -> logger.trace(message, cause);
        }
    }

    /**
     * The slf4j logger name for an entry. Messages logged through the classic LogService API or the root logger are
     * named after the bundle's symbolic name. Framework events keep their own hierarchy, {@code Events.<type>.<bsn>}
     * (Felix Log already appends the name; a bare {@code Events.<type>} gets it here), so that logback can set their
     * level apart from the bundle's own messages.
     */
    static String loggerName(LogEntry entry) {
        String name = entry.getLoggerName();
        Bundle bundle = entry.getBundle();
        String bsn = bundle == null || bundle.getSymbolicName() == null ? "unknown" : bundle.getSymbolicName();
        if (name == null || name.equals(ROOT) || name.equals(LOG_SERVICE) || name.startsWith(LOG_SERVICE + ".")) {
            return bsn;
        }
        if (name.startsWith(EVENTS) && name.indexOf('.', EVENTS.length()) < 0) {
            return name + "." + bsn;
        }
        return name;
    }

    /** The listener for one reader; remembers how far the replay went so that nothing is logged twice. */
    private final class ReaderListener implements LogListener {

        // Guarded by this: the replay (SCR thread) and live delivery (Log Service thread) must not interleave.
        private long replayedUpTo = -1;

        /**
         * Subscribes, then logs the history oldest first. Live entries wait for the lock until the replay is done;
         * those that were part of the history are recognised by their sequence number and dropped.
         */
        synchronized void follow(LogReaderService reader) {
            reader.addLogListener(this);
            List<LogEntry> history = Collections.list(reader.getLog());
            Collections.reverse(history);
            for (LogEntry entry : history) {
                forward(entry);
                replayedUpTo = Math.max(replayedUpTo, entry.getSequence());
            }
        }

        @Override
        public synchronized void logged(LogEntry entry) {
            if (entry.getSequence() > replayedUpTo) {
                forward(entry);
            }
        }
    }
}

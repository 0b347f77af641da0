package io.saffron.logbridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;

class LogBridgeTest {

    /** Every call made on any fake slf4j logger, as "logger LEVEL message". */
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final LogBridge bridge = new LogBridge(this::logger);

    @Test
    void replaysHistoryOldestFirstAtMatchingLevels() {
        FakeReader reader = new FakeReader(
                entry(1, "org.apache.felix.scr", LogLevel.INFO, "scr started"),
                entry(2, "a.b", LogLevel.ERROR, "boom"),
                entry(3, "a.b", LogLevel.WARN, "careful"),
                entry(4, "a.b", LogLevel.DEBUG, "details"),
                entry(5, "a.b", LogLevel.TRACE, "more details"),
                entry(6, "a.b", LogLevel.AUDIT, "audited"));

        bridge.addLogReader(reader);

        assertEquals(List.of("org.apache.felix.scr INFO scr started", "a.b ERROR boom", "a.b WARN careful",
                "a.b DEBUG details", "a.b TRACE more details", "a.b INFO audited"), logged);
        assertEquals(1, reader.listeners.size());
    }

    @Test
    void namesLogServiceAndRootEntriesAfterTheBundle() {
        bridge.addLogReader(new FakeReader(
                entry(1, "LogService.org.example.bsn", LogLevel.INFO, "classic, as Felix Log names it"),
                entry(2, "LogService", LogLevel.INFO, "classic, as the spec names it"),
                entry(3, "ROOT", LogLevel.WARN, "root logger")));

        assertEquals(List.of("org.example.bsn INFO classic, as Felix Log names it",
                "org.example.bsn INFO classic, as the spec names it", "org.example.bsn WARN root logger"), logged);
    }

    @Test
    void keepsEventsApartWithTheBundleInTheName() {
        bridge.addLogReader(new FakeReader(
                entry(1, "Events.Service.org.example.bsn", LogLevel.INFO, "ServiceEvent REGISTERED"),
                entry(2, "Events.Bundle", LogLevel.INFO, "BundleEvent STARTED")));

        assertEquals(List.of("Events.Service.org.example.bsn INFO ServiceEvent REGISTERED",
                "Events.Bundle.org.example.bsn INFO BundleEvent STARTED"), logged);
    }

    @Test
    void entriesLoggedDuringTheReplayComeOnceAndInOrder() throws InterruptedException {
        LogEntry first = entry(1, "x", LogLevel.INFO, "one");
        LogEntry second = entry(2, "x", LogLevel.INFO, "two");
        LogEntry third = entry(3, "x", LogLevel.INFO, "three");
        List<Thread> deliveries = new ArrayList<>();
        FakeReader reader = new FakeReader(first) {
            @Override
            public void addLogListener(LogListener listener) {
                super.addLogListener(listener);
                // Like Felix Log: "two" is already in the history and is also delivered live, on another thread.
                history.add(0, second);
                Thread delivery = new Thread(() -> {
                    listener.logged(second);
                    listener.logged(third);
                });
                delivery.start();
                deliveries.add(delivery);
            }
        };

        bridge.addLogReader(reader);
        deliveries.get(0).join(5_000);

        assertEquals(List.of("x INFO one", "x INFO two", "x INFO three"), logged);
    }

    @Test
    void unbindStopsListening() {
        FakeReader reader = new FakeReader();
        bridge.addLogReader(reader);
        bridge.removeLogReader(reader);

        assertTrue(reader.listeners.isEmpty());
    }

    private Logger logger(String name) {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    logged.add(name + " " + method.getName().toUpperCase() + " " + args[0]);
                    return null;
                });
    }

    private static LogEntry entry(long sequence, String loggerName, LogLevel level, String message) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(LogBridgeTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> "org.example.bsn");
        Map<String, Object> values = Map.of("getSequence", sequence, "getLoggerName", loggerName,
                "getLogLevel", level, "getMessage", message, "getBundle", bundle);
        return (LogEntry) Proxy.newProxyInstance(LogBridgeTest.class.getClassLoader(),
                new Class<?>[] {LogEntry.class}, (proxy, method, args) -> values.get(method.getName()));
    }

    /** A reader whose history is newest first, as {@link LogReaderService#getLog()} returns it. */
    private static class FakeReader implements LogReaderService {
        final List<LogEntry> history = new ArrayList<>();
        final List<LogListener> listeners = new ArrayList<>();

        FakeReader(LogEntry... oldestFirst) {
            for (LogEntry entry : oldestFirst) {
                history.add(0, entry);
            }
        }

        @Override
        public void addLogListener(LogListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeLogListener(LogListener listener) {
            listeners.remove(listener);
        }

        @Override
        public Enumeration<LogEntry> getLog() {
            return Collections.enumeration(new ArrayList<>(history));
        }
    }
}

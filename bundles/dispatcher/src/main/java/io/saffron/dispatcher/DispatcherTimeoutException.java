package io.saffron.dispatcher;

/**
 * A bounded wait for work on a loop expired. The work may still run later; the waiter has given up.
 */
public class DispatcherTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String loop;
    private final long elapsedMillis;

    public DispatcherTimeoutException(String loop, String what, long elapsedMillis) {
        super(what + " did not complete on " + loop + " within " + elapsedMillis + " ms");
        this.loop = loop;
        this.elapsedMillis = elapsedMillis;
    }

    /** The name of the loop that did not answer in time. */
    public String loop() {
        return loop;
    }

    /** How long the caller waited. */
    public long elapsedMillis() {
        return elapsedMillis;
    }
}

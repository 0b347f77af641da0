package io.saffron.dispatcher;

/**
 * A message reached a dispatcher after its {@code Close}: it was not run, and whatever it carried was released.
 */
public class DispatcherClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public DispatcherClosedException(String message) {
        super(message);
    }
}

package io.saffron.dispatcher;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that any thread may call; it hops to the right loop itself. Documentation for readers; the checks
 * ({@link EventLoop#checkInEventLoop}, {@code assert loop.inEventLoop()}) do the enforcing.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE, ElementType.FIELD})
public @interface AnyThread {
}

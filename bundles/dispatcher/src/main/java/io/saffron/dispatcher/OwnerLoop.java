package io.saffron.dispatcher;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that runs on the owner loop of its channel: {@code spice-main} for main and inputs, {@code spice-worker-N} for display N and cursor N. Documentation for readers; the checks
 * ({@link EventLoop#checkInEventLoop}, {@code assert loop.inEventLoop()}) do the enforcing.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE, ElementType.FIELD})
public @interface OwnerLoop {
}

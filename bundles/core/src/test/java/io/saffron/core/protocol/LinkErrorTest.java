package io.saffron.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinkErrorTest {

    @Test
    void codesAreThoseOfSpiceLinkErr() {
        LinkError[] expected = {LinkError.OK, LinkError.ERROR, LinkError.INVALID_MAGIC, LinkError.INVALID_DATA,
            LinkError.VERSION_MISMATCH, LinkError.NEED_SECURED, LinkError.NEED_UNSECURED,
            LinkError.PERMISSION_DENIED, LinkError.BAD_CONNECTION_ID, LinkError.CHANNEL_NOT_AVAILABLE};
        for (int code = 0; code < expected.length; code++) {
            assertEquals(code, expected[code].code());
            assertSame(expected[code], LinkError.fromCode(code));
        }
        assertEquals(expected.length, LinkError.values().length);
    }

    @Test
    void unknownCodesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkError.fromCode(10));
        assertEquals("unknown link error code 10 (expected: 0..9)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> LinkError.fromCode(-1));
        assertEquals("unknown link error code 4294967295 (expected: 0..9)", e.getMessage());
    }

    @Test
    void replyErrorsAreThoseSentBeforeAuthentication() {
        Set<LinkError> reply = EnumSet.of(LinkError.ERROR, LinkError.INVALID_MAGIC, LinkError.INVALID_DATA,
                LinkError.VERSION_MISMATCH, LinkError.NEED_SECURED, LinkError.NEED_UNSECURED);
        for (LinkError error : LinkError.values()) {
            assertEquals(reply.contains(error), error.isReplyError(), error.name());
        }
        assertFalse(LinkError.OK.isReplyError());
        assertFalse(LinkError.PERMISSION_DENIED.isReplyError());
    }

    @ParameterizedTest
    @EnumSource(value = LinkError.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
    void toExceptionCarriesTheErrorAndMessage(LinkError error) {
        SpiceLinkException e = error.toException("something wrong (expected: right)");

        assertSame(error, e.error());
        assertEquals("something wrong (expected: right)", e.getMessage());
    }

    @Test
    void okIsNoException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinkError.OK.toException("fine"));

        assertEquals("link error OK is not an error (expected: any other link error)", e.getMessage());
    }

    @Test
    void exceptionKeepsItsCause() {
        IllegalStateException cause = new IllegalStateException("inner");

        SpiceLinkException e = new SpiceLinkException(LinkError.PERMISSION_DENIED, "outer", cause);

        assertSame(cause, e.getCause());
        assertFalse(RuntimeException.class.isAssignableFrom(SpiceLinkException.class), "must be checked");
    }
}

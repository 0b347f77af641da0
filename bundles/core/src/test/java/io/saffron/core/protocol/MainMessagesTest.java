package io.saffron.core.protocol;

import static io.saffron.core.protocol.MessageCase.assertCorrupted;
import static io.saffron.core.protocol.MessageCase.encodeHex;
import static io.saffron.core.protocol.MessageCase.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.saffron.core.protocol.MainMessages.AgentStart;
import io.saffron.core.protocol.MainMessages.AgentToken;
import io.saffron.core.protocol.MainMessages.AttachChannels;
import io.saffron.core.protocol.MainMessages.ChannelsList;
import io.saffron.core.protocol.MainMessages.ClientInfo;
import io.saffron.core.protocol.MainMessages.Entry;
import io.saffron.core.protocol.MainMessages.Init;
import io.saffron.core.protocol.MainMessages.MouseMode;
import io.saffron.core.protocol.MainMessages.MouseModeRequest;
import io.saffron.core.protocol.MainMessages.MultiMediaTime;
import io.saffron.core.protocol.MainMessages.Name;
import io.saffron.core.protocol.MainMessages.Uuid;

import org.junit.jupiter.api.Test;

class MainMessagesTest {

    /** §5.3: the INIT observed from Xspice. */
    static final String OBSERVED_INIT = "5a e4 80 ff  01 00 00 00  03 00 00 00  01 00 00 00"
            + "  00 00 00 00  0a 00 00 00  33 ca 06 00  00 e0 ff 06";

    static List<MessageCase> cases() {
        return List.of(
                MessageCase.exact("INIT", new Init(0xff80e45a, 1, 3, 1, 0, 10, 444979, 117432320), OBSERVED_INIT,
                        Init::decode),
                MessageCase.exact("INIT", new Init(-1, 0, 2, 2, 0, 0, -400, 0),
                        "ffffffff 00000000 02000000 02000000 00000000 00000000 70feffff 00000000", Init::decode),
                // §5.5 step 3: display 0, cursor 0, inputs 0
                MessageCase.exact("CHANNELS_LIST", new ChannelsList(List.of(new Entry(2, 0), new Entry(4, 0),
                        new Entry(3, 0))), "03 00 00 00 02 00 04 00 03 00", ChannelsList::decode),
                MessageCase.exact("CHANNELS_LIST", new ChannelsList(List.of()), "00 00 00 00", ChannelsList::decode),
                MessageCase.exact("CHANNELS_LIST", new ChannelsList(List.of(new Entry(255, 254))), "01000000 ff fe",
                        ChannelsList::decode),
                // §5.5 step 4
                MessageCase.exact("MOUSE_MODE", new MouseMode(3, 2), "03 00 02 00", MouseMode::decode),
                MessageCase.exact("MOUSE_MODE", new MouseMode(0xffff, 1), "ff ff 01 00", MouseMode::decode),
                MessageCase.exact("MULTI_MEDIA_TIME", new MultiMediaTime(444979), "33 ca 06 00",
                        MultiMediaTime::decode),
                MessageCase.exact("NAME", new Name("saffron"), "08 00 00 00 73 61 66 66 72 6f 6e 00", Name::decode),
                MessageCase.exact("NAME", new Name(""), "01 00 00 00 00", Name::decode),
                MessageCase.exact("NAME", new Name("é"), "03 00 00 00 c3 a9 00", Name::decode),
                MessageCase.exact("UUID", new Uuid(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")),
                        "00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff", Uuid::decode),
                MessageCase.exact("CLIENT_INFO", new ClientInfo(0x0102030405060708L), "08 07 06 05 04 03 02 01",
                        ClientInfo::decode),
                MessageCase.exact("ATTACH_CHANNELS", new AttachChannels(), "", AttachChannels::decode),
                MessageCase.exact("MOUSE_MODE_REQUEST", new MouseModeRequest(MainMessages.MOUSE_MODE_CLIENT), "02 00",
                        MouseModeRequest::decode),
                // §5.4: spice-gtk sends 0xFFFFFFFF
                MessageCase.exact("AGENT_START", new AgentStart(-1), "ff ff ff ff", AgentStart::decode),
                MessageCase.exact("AGENT_TOKEN", new AgentToken(10), "0a 00 00 00", AgentToken::decode));
    }

    @Test
    void initCarriesTheObservedValuesAtTheSpecOffsets() {
        Init init = Init.decode(wrapped(OBSERVED_INIT));

        assertEquals(0xff80e45a, init.sessionId());
        assertEquals(1, init.displayChannelsHint());
        assertEquals(3, init.supportedMouseModes());
        assertEquals(1, init.currentMouseMode());
        assertEquals(0, init.agentConnected());
        assertEquals(10, init.agentTokens());
        assertEquals(444979, init.multiMediaTime());
        assertEquals(117432320, init.ramHint());
        assertEquals(103, init.type());
    }

    @Test
    void typeNumbersFollowSection5() {
        assertEquals(List.of(103, 104, 105, 106, 113, 114, 101, 104, 105, 106, 108),
                List.of(Init.TYPE, ChannelsList.TYPE, MouseMode.TYPE, MultiMediaTime.TYPE, Name.TYPE, Uuid.TYPE,
                        ClientInfo.TYPE, AttachChannels.TYPE, MouseModeRequest.TYPE, AgentStart.TYPE,
                        AgentToken.TYPE));
        assertEquals(3, MainMessages.MOUSE_MODE_SERVER | MainMessages.MOUSE_MODE_CLIENT);
        assertEquals(List.of(0, 1, 2, 3), List.of(MainMessages.CAP_SEMI_SEAMLESS_MIGRATE,
                MainMessages.CAP_NAME_AND_UUID, MainMessages.CAP_AGENT_CONNECTED_TOKENS,
                MainMessages.CAP_SEAMLESS_MIGRATE));
    }

    @Test
    void nameLengthCountsTheTrailingNul() {
        assertEquals("0500000061626364" + "00", encodeHex(new Name("abcd")));
        assertEquals(new Name("abcd"), Name.decode(wrapped("04000000 61626364")));
    }

    @Test
    void nameLengthMustMatchTheBody() {
        assertCorrupted(() -> Name.decode(wrapped("09000000 61626364 00")), "NAME", "name_len 9", "expected: 13");
        assertCorrupted(() -> Name.decode(wrapped("ffffffff 00")), "NAME", "4294967295");
    }

    @Test
    void channelsListCountMustMatchTheEntries() {
        assertCorrupted(() -> ChannelsList.decode(wrapped("02000000 0200")), "CHANNELS_LIST with 2 channels",
                "6 bytes", "expected: 8");
        assertCorrupted(() -> ChannelsList.decode(wrapped("ffffffff 0200")), "CHANNELS_LIST with 4294967295");
    }

    @Test
    void channelsListCopiesTheList() {
        List<Entry> entries = new ArrayList<>(List.of(new Entry(2, 0)));
        ChannelsList list = new ChannelsList(entries);
        entries.clear();

        assertEquals(1, list.channels().size());
    }

    @Test
    void narrowFieldsAreRangeChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Entry(256, 0));
        assertThrows(IllegalArgumentException.class, () -> new Entry(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new MouseMode(0x10000, 2));
        assertThrows(IllegalArgumentException.class, () -> new MouseModeRequest(-1));
    }
}

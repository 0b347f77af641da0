package io.saffron.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.saffron.core.ChannelType;
import io.saffron.shell.internal.FakeHandlers.MainHandler;
import io.saffron.shell.internal.Fakes.FakeChannel;
import io.saffron.shell.internal.Fakes.FakeConnection;
import io.saffron.shell.internal.Fakes.FakeProviders;
import io.saffron.shell.internal.Fakes.Server;

/**
 * The commands as Gogo runs them: Gogo's own parser and argument coercion (a session id typed as a number reaches
 * {@code disconnect(String)}, one above 2^31 too), commands found by name with and without their scope, and a
 * command's exception reaching the caller with its message.
 */
class GogoCommandsTest {

    private static final int BIG_SESSION = (int) 3_000_000_000L;
    private static final List<String> FUNCTIONS = List.of("clients", "channels", "disconnect", "swap");

    private Server server;
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @BeforeEach
    void setUp() throws Exception {
        server = new Server();
        FakeChannel main = server.addChannel(ChannelType.MAIN, 0, server.main, new MainHandler());
        server.addClient(BIG_SESSION).link(main, new FakeConnection("127.0.0.1:5", 1, 2, 3, 4));
        FakeProviders providers = new FakeProviders().provide(ChannelType.MAIN,
                new Provider(10, "io.saffron.channel.main", "1.0.0", 0), MainHandler.class);
        ShellCommands commands = new ShellCommands(server, providers, Duration.ofSeconds(5));

        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        // What Gogo's activator does with the component's service (osgi.command.scope=saffron and one
        // osgi.command.function per command); ShellIT checks those properties on the registered service.
        for (String function : FUNCTIONS) {
            processor.addCommand("saffron", commands, function);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.close();
        }
        if (processor != null) {
            processor.stop();
        }
        if (threadIO != null) {
            threadIO.stop(); // gives System.out and System.err back
        }
        server.main.shutdown();
    }

    @Test
    void everyFunctionIsACommandOfScopeSaffron() {
        assertTrue(processor.getCommands().containsAll(
                List.of("saffron:clients", "saffron:channels", "saffron:disconnect", "saffron:swap")),
                () -> "commands: " + processor.getCommands());
    }

    @Test
    void clientsAndChannelsReturnTheirTables() throws Exception {
        String clients = (String) session.execute("saffron:clients");
        assertTrue(clients.contains("3000000000  127.0.0.1:5  main:0"), clients);
        String channels = (String) session.execute("channels");
        assertTrue(channels.contains("main:0   spice-main  io.saffron.channel.main 1.0.0"), channels);
    }

    @Test
    void aSessionIdTypedAsANumberReachesDisconnect() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.execute("saffron:disconnect 12345"));
        assertEquals("no session 12345 (expected one of: 3000000000)", e.getMessage());

        String out = (String) session.execute("saffron:disconnect 3000000000");
        assertTrue(out.startsWith("disconnected session 3000000000 (127.0.0.1:5, main:0); it ended after "), out);
    }

    @Test
    void swapOfAnUnknownTypeFailsWithTheTypesThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.execute("saffron:swap nothing"));
        assertEquals("unknown channel type 'nothing' (expected one of the provided types: main)", e.getMessage());
    }
}

package dev.normgraph.neo4j;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a real embedded Neo4j Community server (the DBMS with its system and
 * default databases) with the Bolt connector on 127.0.0.1 only, for
 * development and tests of normgraph.
 *
 * <p>Usage: {@code Launcher <home-dir> [bolt-port]} (port 0, the default,
 * lets the OS choose a free port; the chosen one is printed). Environment:
 *
 * <ul>
 *   <li>NEO4J_PASSWORD: password of the user {@code neo4j} (default
 *       {@code normgraph-test}); set through the system database at every
 *       start, so no interactive password change is ever required.
 *   <li>NEO4J_PAGECACHE: page cache size, e.g. {@code 64m} (default 64m).
 *   <li>NEO4J_TX_MEMORY_MAX: global cap on transaction memory (default 256m).
 *   <li>NORMGRAPH_NEO4J_WATCH_PID: if set, stop when that process is gone.
 * </ul>
 *
 * <p>When Bolt accepts authenticated connections it prints one line to stdout:
 * {@code NORMGRAPH_NEO4J_READY bolt://127.0.0.1:<port> version=<version>}. It
 * then stays up until SIGTERM or SIGINT, and shuts the DBMS down cleanly from a
 * shutdown hook (printing {@code NORMGRAPH_NEO4J_STOPPED}).
 */
public final class Launcher {
    static final String READY = "NORMGRAPH_NEO4J_READY";
    static final String STOPPED = "NORMGRAPH_NEO4J_STOPPED";
    static final String USER = "neo4j";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Launcher <home-dir> [bolt-port]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = args.length == 2 ? Integer.parseInt(args[1]) : 0;
        String password = env("NEO4J_PASSWORD", "normgraph-test");
        long pageCache = ByteUnit.parse(env("NEO4J_PAGECACHE", "64m"));
        long txMemoryMax = ByteUnit.parse(env("NEO4J_TX_MEMORY_MAX", "256m"));
        Files.createDirectories(home);

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();

        // The user log (what neo4j.log holds for a packaged server) goes to
        // stdout; the debug log stays in <home>/logs/debug.log.
        Log4jLogProvider userLog = new Log4jLogProvider(System.out, Level.INFO);

        Map<org.neo4j.graphdb.config.Setting<?>, Object> config = new java.util.HashMap<>();
        // Connectors: Bolt on loopback only, no TLS; no HTTP(S).
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port));
        config.put(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port));
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        // TLS on Bolt as an option (bolt+s://, neo4j+s://) when the caller provides a key and a
        // certificate (private.key, public.crt) in NEO4J_TLS_DIR; plain bolt:// keeps working.
        String tlsDir = env("NEO4J_TLS_DIR", "");
        if (!tlsDir.isEmpty()) {
            SslPolicyConfig bolt = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
            Files.createDirectories(Path.of(tlsDir, "trusted"));
            Files.createDirectories(Path.of(tlsDir, "revoked"));
            config.put(bolt.enabled, true);
            config.put(bolt.base_directory, Path.of(tlsDir).toAbsolutePath());
            config.put(bolt.client_auth, ClientAuth.NONE);
            config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.OPTIONAL);
        }
        config.put(HttpConnector.enabled, false);
        config.put(HttpsConnector.enabled, false);
        // Authentication on, as in production. Lockout after failed logins is
        // disabled so that tests of wrong credentials cannot lock the user.
        config.put(GraphDatabaseSettings.auth_enabled, true);
        config.put(GraphDatabaseSettings.auth_max_failed_attempts, 0);
        config.put(GraphDatabaseSettings.auth_minimum_password_length, 1);
        // Small memory and disk footprint for a shared 2-core machine.
        config.put(GraphDatabaseSettings.pagecache_memory, pageCache);
        config.put(GraphDatabaseSettings.memory_transaction_global_max_size, txMemoryMax);
        config.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        config.put(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16));
        config.put(GraphDatabaseSettings.keep_logical_logs, "false");
        // No usage-data reporting (there is no network besides loopback).
        config.put(GraphDatabaseSettings.udc_enabled, false);
        // Stop fast: by default the Bolt server's Netty event loops wait a
        // 5 s quiet period each (about 10 s per shutdown). The databases are
        // already stopped and checkpointed by then, so nothing is lost.
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(config)
                .setUserLogProvider(userLog)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                out.println("normgraph-neo4j: shutting down");
                dbms.shutdown();
                out.println(STOPPED);
            } catch (Throwable t) {
                t.printStackTrace();
            } finally {
                userLog.close();
                stopped.countDown();
            }
        }, "normgraph-neo4j-shutdown"));

        watchParent(out);

        try {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);

            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            String version = db.executeTransactionally(
                    "CALL dbms.components() YIELD versions RETURN versions[0] AS v",
                    Map.of(),
                    r -> String.valueOf(r.next().get("v")));
            HostnamePort bolt = ((GraphDatabaseAPI) db)
                    .getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT);
            if (bolt == null) {
                throw new IllegalStateException("Bolt connector did not register a local address");
            }
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            out.println(READY + " bolt://127.0.0.1:" + bolt.getPort() + " version=" + version
                    + " startup_ms=" + ms);
        } catch (Throwable t) {
            t.printStackTrace();
            // The shutdown hook stops the DBMS.
            System.exit(1);
        }
        stopped.await();
    }

    /**
     * If NORMGRAPH_NEO4J_WATCH_PID is set, stop (cleanly, through the shutdown
     * hook) as soon as that process is gone, so that a server started by
     * {@code neo4j.sh run} does not outlive a wrapper that was killed hard.
     */
    private static void watchParent(PrintStream out) {
        String watch = System.getenv("NORMGRAPH_NEO4J_WATCH_PID");
        if (watch == null || watch.isBlank()) {
            return;
        }
        long pid = Long.parseLong(watch.trim());
        Thread t = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            out.println("normgraph-neo4j: watched process " + pid + " is gone; stopping");
            System.exit(0);
        }, "normgraph-neo4j-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Sets the password of user neo4j, idempotently, with no change required. */
    static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restarting on an existing directory with the same password:
            // Neo4j refuses to "change" a password to itself. Then it is set
            // already, but make sure no change is required either.
            if (!String.valueOf(messages(e)).contains("cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER " + USER + " SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }
}

package io.clickplane.core.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * A real ClickHouse engine for tests: {@code libchdb.so} (ClickHouse in its {@code clickhouse
 * local} form) from the npm package {@code @chdb/lib-linux-x64-gnu}, loaded through JNA.
 *
 * <p>An engine starts on a server configuration file (a {@code config.xml} with {@code config.d/}
 * and {@code users.d/} beside it, merged as a server merges them; the file must name its users file
 * in {@code user_directories/users_xml/path} or {@code users_config}, as the server image's does,
 * or no user, profile or constraint is loaded) and a data path. It knows every setting by name,
 * applies server settings, macros, settings profiles with their constraints, XML users, roles and
 * grants, and checks privileges. It has no listening ports, no ZooKeeper-backed replication (a
 * {@code Replicated} database needs an interserver port it never opens) and only the {@code
 * users.xml} access storage ({@code user_directories} and {@code access_control_improvements} are
 * not applied).
 *
 * <p><b>Users.</b> chDB authenticates every connection as the user {@code default} with an empty
 * password. To run statements as another configured user, {@link #startAs} writes an overlay {@code
 * users.d/zz-clickhouse-engine-session.xml} that replaces {@code default} with that user's profile,
 * quota, grants and flags (its password and networks dropped) and removes it again on {@link
 * #close}; the data path persists, so a test can create objects as one user, close, and check
 * another user's rights on them.
 *
 * <pre>{@code
 * try (ClickHouseEngine admin = ClickHouseEngine.startAs("admin", conf.resolve("config.xml"), data)) {
 *   admin.query("CREATE DATABASE sales").orThrow();
 * }
 * try (ClickHouseEngine customer = ClickHouseEngine.startAs("customer", conf.resolve("config.xml"), data)) {
 *   assertThat(customer.error("CREATE DATABASE x")).contains("ACCESS_DENIED");
 *   List<List<String>> rows = customer.rows("SELECT name FROM system.databases");
 * }
 * }</pre>
 *
 * <p>The library holds one engine per process: one {@code ClickHouseEngine} may be open at a time
 * (a second start before {@link #close} is refused); restarting costs tens of milliseconds after
 * the first start (about half a second).
 *
 * <p>The library is looked up in the system property {@code clickplane.chdb}, the environment
 * variable {@code CLICKPLANE_CHDB}, then {@code .ci/chdb/node_modules/@chdb/lib-linux-x64-gnu/
 * libchdb.so} under the repository root, where {@code .ci/run} installs it with {@code npm}.
 * Without it {@link #assumeAvailable()} (called by every start) skips the test with the install
 * command; with {@code CI=true} it fails instead, so CI never passes by skipping.
 *
 * <p>The C API bound ({@code chdb.h} of chDB): {@code chdb_connect(argc, argv)} with {@code
 * clickhouse local} arguments, {@code chdb_query_n}, {@code chdb_result_buffer}, {@code
 * chdb_result_length}, {@code chdb_result_error}, {@code chdb_destroy_query_result}, {@code
 * chdb_close_conn}.
 */
public final class ClickHouseEngine implements AutoCloseable {
  /** Where {@code .ci/run} installs the npm package, relative to the repository root. */
  public static final String INSTALL_DIR = ".ci/chdb";

  /** The npm package and version {@code .ci/run} installs. */
  public static final String PACKAGE = "@chdb/lib-linux-x64-gnu@26.7.3-stable.1";

  /** The overlay {@link #startAs} writes into the configuration's {@code users.d/}. */
  public static final String SESSION_OVERLAY = "zz-clickhouse-engine-session.xml";

  static final String PACKAGE_LIBRARY = "node_modules/@chdb/lib-linux-x64-gnu/libchdb.so";

  private static final Object LOCK = new Object();
  private static Chdb chdb;
  private static ClickHouseEngine open;

  /** The subset of chDB's C API this utility binds. */
  interface Chdb extends Library {
    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connection);

    Pointer chdb_query_n(Pointer conn, byte[] query, long queryLen, byte[] format, long formatLen);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    String chdb_result_error(Pointer result);

    void chdb_destroy_query_result(Pointer result);

    void chdb_set_signal_handlers_enabled(int enabled);
  }

  /** {@code sigaction(2)}, to keep the JVM's own signal handlers. */
  interface LibC extends Library {
    int sigaction(int signal, Pointer action, Pointer oldAction);

    void _exit(int status);
  }

  /** Room for a {@code struct sigaction} on Linux (152 bytes with glibc). */
  private static final int SIGACTION_SIZE = 256;

  /** Signals 1..31 except SIGKILL (9) and SIGSTOP (19), which have no handlers. */
  private static final int[] SIGNALS =
      java.util.stream.IntStream.rangeClosed(1, 31).filter(s -> s != 9 && s != 19).toArray();

  private static LibC libc;
  private static com.sun.jna.Memory jvmHandlers;

  /**
   * The outcome of one statement: its output in the requested format, or the engine's error message
   * as a client sees it (e.g. {@code "Code: 497. DB::Exception: ... (ACCESS_DENIED)"}).
   */
  public record Result(String output, String error) {
    public boolean ok() {
      return error == null;
    }

    /** The output, or an {@link AssertionError} carrying the engine's message. */
    public String orThrow() {
      if (error != null) {
        throw new AssertionError("ClickHouse refused the statement: " + error);
      }
      return output;
    }

    /** TabSeparated output split into rows and unescaped columns ({@code \\N} becomes null). */
    public List<List<String>> rows() {
      return parseTabSeparated(orThrow());
    }
  }

  private final Path config;
  private final Path data;
  private final Path overlay;
  private Pointer connection;

  private ClickHouseEngine(Path config, Path data, Path overlay, String[] extraArgs) {
    this.config = config;
    this.data = data;
    this.overlay = overlay;
    List<String> args = new ArrayList<>();
    args.add("clickhouse");
    args.add("--config-file=" + config);
    args.add("--path=" + data);
    args.addAll(List.of(extraArgs));
    Pointer c = binding().chdb_connect(args.size(), args.toArray(String[]::new));
    restoreJvmSignalHandlers();
    if (c == null || c.getPointer(0) == null) {
      throw new IllegalStateException(
          "chdb_connect refused "
              + args.subList(1, args.size())
              + "; the engine's reason is on the test's standard error");
    }
    this.connection = c;
  }

  /** The library file if it is installed, else empty. */
  public static Optional<Path> library() {
    String explicit = System.getProperty("clickplane.chdb", System.getenv("CLICKPLANE_CHDB"));
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isRegularFile(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }
    Path p = Repo.root().resolve(INSTALL_DIR).resolve(PACKAGE_LIBRARY);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Skips the calling test when the library is not installed and the build could not install it
   * with npm ({@link #provision}); under CI ({@code CI=true}) a missing library fails instead. A
   * skip is listed at the end of the run ({@link SkippedProofs}).
   */
  public static void assumeAvailable() {
    if (library().isPresent()) {
      return;
    }
    String provisioned = provision();
    if (library().isPresent()) {
      return;
    }
    String how =
        "libchdb.so is not installed; install it with: npm install --prefix "
            + INSTALL_DIR
            + " "
            + PACKAGE
            + " (as .ci/run does), or point -Dclickplane.chdb at a libchdb.so"
            + provisioned;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true and " + how);
    }
    throw new TestAbortedException(how);
  }

  private static String provisionOutcome;

  /**
   * Installs the library where the build can: with {@code npm} on the PATH, into {@value
   * #INSTALL_DIR} under the repository root, once per test JVM (unless {@code CLICKPLANE_CHDB} or
   * {@code -Dclickplane.chdb} names a library, or {@code CLICKPLANE_NO_PROVISION} is set). Returns
   * what happened, for the skip message when the library is still missing.
   */
  private static synchronized String provision() {
    if (provisionOutcome != null) {
      return provisionOutcome;
    }
    provisionOutcome = "";
    if (System.getProperty("clickplane.chdb", System.getenv("CLICKPLANE_CHDB")) != null
        || System.getenv("CLICKPLANE_NO_PROVISION") != null) {
      return provisionOutcome;
    }
    Optional<Path> npm = onPath("npm");
    if (npm.isEmpty()) {
      provisionOutcome = " (npm is not on the PATH, so the build could not install it)";
      return provisionOutcome;
    }
    Path prefix = Repo.root().resolve(INSTALL_DIR);
    try {
      Path log = Files.createTempFile("clickplane-npm", ".log");
      Process p =
          new ProcessBuilder(
                  npm.get().toString(), "install", "--prefix", prefix.toString(), PACKAGE)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
        p.destroyForcibly();
        provisionOutcome = " (npm install did not finish in 10 minutes; its output: " + log + ")";
      } else if (p.exitValue() != 0) {
        provisionOutcome = " (npm install exited " + p.exitValue() + "; its output: " + log + ")";
      }
    } catch (java.io.IOException e) {
      provisionOutcome = " (npm install could not run: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      provisionOutcome = " (interrupted while npm installed it)";
    }
    return provisionOutcome;
  }

  private static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts the engine on a server configuration file and a data directory (created if missing);
   * statements run as the configured {@code default} user. {@code extraArgs} are further {@code
   * clickhouse local} arguments (e.g. {@code --max_threads=2}).
   */
  public static ClickHouseEngine start(Path configFile, Path dataPath, String... extraArgs) {
    return open(configFile, dataPath, null, extraArgs);
  }

  /**
   * Starts the engine with statements running as {@code user}, a user defined in the XML
   * configuration ({@code users.xml} or {@code users.d/*.xml}); see the class comment.
   */
  public static ClickHouseEngine startAs(
      String user, Path configFile, Path dataPath, String... extraArgs) {
    assumeAvailable();
    Path usersD = configFile.toAbsolutePath().getParent().resolve("users.d");
    Path overlay = usersD.resolve(SESSION_OVERLAY);
    synchronized (LOCK) {
      checkNoneOpen();
      try {
        Files.deleteIfExists(overlay);
        String xml = XmlUsers.sessionOverlay(configFile.toAbsolutePath().getParent(), user);
        Files.createDirectories(usersD);
        Files.writeString(overlay, xml, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        return open(configFile, dataPath, overlay, extraArgs);
      } catch (RuntimeException | Error e) {
        deleteQuietly(overlay);
        throw e;
      }
    }
  }

  private static ClickHouseEngine open(
      Path configFile, Path dataPath, Path overlay, String[] extraArgs) {
    assumeAvailable();
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("no configuration file " + configFile);
    }
    synchronized (LOCK) {
      checkNoneOpen();
      try {
        Files.createDirectories(dataPath);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ClickHouseEngine engine =
          new ClickHouseEngine(
              configFile.toAbsolutePath(), dataPath.toAbsolutePath(), overlay, extraArgs);
      open = engine;
      return engine;
    }
  }

  private static void checkNoneOpen() {
    if (open != null) {
      throw new IllegalStateException(
          "a ClickHouseEngine is already open (one per process); close it first");
    }
  }

  /** Runs one statement; the output is TabSeparated unless the SQL names a FORMAT. */
  public Result query(String sql) {
    return query(sql, "TabSeparated");
  }

  /** Runs one statement with the given output format. */
  public Result query(String sql, String format) {
    synchronized (LOCK) {
      if (connection == null) {
        throw new IllegalStateException("the ClickHouseEngine is closed");
      }
      byte[] q = sql.getBytes(StandardCharsets.UTF_8);
      byte[] f = format.getBytes(StandardCharsets.UTF_8);
      Chdb b = binding();
      Pointer result = b.chdb_query_n(connection.getPointer(0), q, q.length, f, f.length);
      if (result == null) {
        return new Result(null, "chdb_query_n returned no result");
      }
      try {
        String error = b.chdb_result_error(result);
        if (error != null && !error.isEmpty()) {
          return new Result(null, error.strip());
        }
        long len = b.chdb_result_length(result);
        Pointer buf = b.chdb_result_buffer(result);
        String out =
            len == 0 || buf == null
                ? ""
                : new String(buf.getByteArray(0, Math.toIntExact(len)), StandardCharsets.UTF_8);
        return new Result(out, null);
      } finally {
        b.chdb_destroy_query_result(result);
      }
    }
  }

  /** Rows of a statement's TabSeparated output; fails with the engine's message on an error. */
  public List<List<String>> rows(String sql) {
    return query(sql).rows();
  }

  /** The engine's error for a statement expected to fail; fails if the engine accepts it. */
  public String error(String sql) {
    Result r = query(sql);
    if (r.ok()) {
      throw new AssertionError("ClickHouse accepted a statement it should refuse: " + sql);
    }
    return r.error();
  }

  /** The configuration file the engine was started with. */
  public Path config() {
    return config;
  }

  /** The engine's data path. */
  public Path data() {
    return data;
  }

  /** Closes the connection (the engine shuts down) and removes the session overlay, if any. */
  @Override
  public void close() {
    synchronized (LOCK) {
      if (connection == null) {
        return;
      }
      binding().chdb_close_conn(connection);
      restoreJvmSignalHandlers();
      connection = null;
      if (overlay != null) {
        deleteQuietly(overlay);
      }
      open = null;
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // left for the next startAs, which replaces it
    }
  }

  private static void restoreJvmSignalHandlers() {
    for (int i = 0; i < SIGNALS.length; i++) {
      libc.sigaction(SIGNALS[i], jvmHandlers.share((long) i * SIGACTION_SIZE), null);
    }
  }

  private static Chdb binding() {
    synchronized (LOCK) {
      if (chdb == null) {
        Path lib = library().orElseThrow(() -> new IllegalStateException("no libchdb.so"));
        libc = Native.load("c", LibC.class);
        jvmHandlers = new com.sun.jna.Memory((long) SIGACTION_SIZE * SIGNALS.length);
        jvmHandlers.clear();
        for (int i = 0; i < SIGNALS.length; i++) {
          libc.sigaction(SIGNALS[i], null, jvmHandlers.share((long) i * SIGACTION_SIZE));
        }
        Chdb loaded = Native.load(lib.toString(), Chdb.class);
        // The JVM relies on its SIGSEGV/SIGBUS/SIGILL/SIGFPE handlers (implicit null checks,
        // safepoints); the engine would install its own at start-up, and disabling them resets
        // the deadly signals to SIG_DFL. Disable them, then put the JVM's handlers back.
        loaded.chdb_set_signal_handlers_enabled(0);
        chdb = loaded;
        restoreJvmSignalHandlers();
        // The engine's static destructors, run by exit(3) after the JVM's shutdown, reset the
        // signal handlers while JVM threads still run and end the process with SIGSEGV. A JVM that
        // loaded the engine leaves through _exit(2) once it is shutting down (status 0: test
        // results are reported before, through the test runner's own channel).
        LibC c = libc;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      System.out.flush();
                      System.err.flush();
                      c._exit(0);
                    },
                    "clickhouse-engine-exit"));
      }
      return chdb;
    }
  }

  static List<List<String>> parseTabSeparated(String output) {
    List<List<String>> rows = new ArrayList<>();
    if (output == null || output.isEmpty()) {
      return rows;
    }
    for (String line : output.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      List<String> row = new ArrayList<>();
      for (String field : line.split("\t", -1)) {
        row.add(unescape(field));
      }
      rows.add(row);
    }
    return rows;
  }

  private static String unescape(String field) {
    if (field.equals("\\N")) {
      return null;
    }
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder sb = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\' || i + 1 == field.length()) {
        sb.append(c);
        continue;
      }
      char n = field.charAt(++i);
      switch (n) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '0' -> sb.append('\0');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        default -> sb.append(n);
      }
    }
    return sb.toString();
  }
}

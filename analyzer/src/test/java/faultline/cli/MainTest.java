package faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.frontend.FrontendOptions;
import faultline.ir.Function;
import faultline.report.SampleScan;
import faultline.rule.Finding;
import faultline.scan.ScanListener;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.UnitCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process, over hand-made scan results: exit codes, messages, baselines, output files. */
class MainTest {

  @TempDir Path tmp;

  /** Hands back a fixed result (or throws), and remembers the options it was called with. */
  static final class FixedEngine implements Engine {
    final java.util.function.Function<ScanOptions, ScanResult> answer;
    ScanOptions lastOptions;
    UnitCache lastCache;

    FixedEngine(java.util.function.Function<ScanOptions, ScanResult> answer) {
      this.answer = answer;
    }

    @Override public ScanResult scan(ScanOptions options, ScanListener listener, UnitCache cache) {
      lastOptions = options;
      lastCache = cache;
      return answer.apply(options);
    }

    @Override public List<Function> functions(FrontendOptions options, Path file, String relativePath) {
      throw new AssertionError("not used");
    }
  }

  record Run(int exit, String out, String err) {}

  Map<String, String> environment = new HashMap<>();
  boolean terminal;

  Run run(Engine engine, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), environment, terminal, SampleScan.root(), engine);
    int exit = Main.run(args, env);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Engine returning(List<Finding> findings) {
    return new FixedEngine(o -> SampleScan.result(findings));
  }

  static void assertOneLineNoTrace(String err) {
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.contains("Exception") && err.contains("\tat "), err);
    assertTrue(err.startsWith("faultline: "), err);
  }

  @Test
  void versionComesFromTheBuild() {
    Run r = run(returning(List.of()), "--version");
    assertEquals(0, r.exit());
    assertTrue(r.out().matches("faultline \\d+\\.\\d+\\.\\d+.*\\n"), r.out());
  }

  @Test
  void textReportOnStdoutSummaryOnStderrExitOneForAnError() {
    Run r = run(returning(List.of(SampleScan.faultUnderMutex(), SampleScan.suppressedOrderInversion())), "scan", ".");
    assertEquals(1, r.exit());
    assertTrue(r.out().startsWith("drivers/ctl.c:13:8: error: load_cfg() may fault"), r.out());
    assertFalse(r.out().contains("a_mutex"), "suppressed findings are not printed: " + r.out());
    assertTrue(r.err().matches("faultline: 2 files, 4 functions, 1 findings \\(1 suppressed, 0 baselined\\) in [0-9.]+ s\\n"),
        r.err());
  }

  @Test
  void failOnSetsTheThreshold() {
    Engine warningOnly = returning(List.of(SampleScan.orderInversion()));
    assertEquals(1, run(warningOnly, "scan", ".").exit(), "default --fail-on is warning");
    assertEquals(0, run(warningOnly, "scan", "--fail-on", "error", ".").exit());
    assertEquals(1, run(warningOnly, "scan", "--fail-on", "note", ".").exit());
    assertEquals(0, run(returning(List.of(SampleScan.faultUnderMutex())), "scan", "--fail-on", "none", ".").exit());
    assertEquals(0, run(returning(List.of(SampleScan.suppressedOrderInversion())), "scan", ".").exit(),
        "suppressed findings never fail the build");
  }

  @Test
  void baselineHidesExactlyTheOldFindingsAndFailOnSeesOnlyNewOnes() throws IOException {
    Path old = tmp.resolve("old.sarif");
    Run first = run(returning(List.of(SampleScan.faultUnderMutex())), "scan", "-o", old.toString(), ".");
    assertEquals(1, first.exit());
    assertTrue(Files.readString(old).contains("\"faultline/v1\""));

    Run same = run(returning(List.of(SampleScan.faultUnderMutex())), "scan", "--baseline", old.toString(), ".");
    assertEquals(0, same.exit(), same.err());
    assertFalse(same.out().contains(": error:"), same.out());
    assertTrue(same.err().contains("0 findings (0 suppressed, 1 baselined)"), same.err());

    Run grown = run(returning(List.of(SampleScan.faultUnderMutex(), SampleScan.orderInversion())),
        "scan", "--baseline", old.toString(), "--fail-on", "warning", ".");
    assertEquals(1, grown.exit());
    assertTrue(grown.out().startsWith("drivers/order two.c:15:2: warning:"), grown.out());
    assertFalse(grown.out().contains("load_cfg() may fault"), grown.out());
    assertTrue(grown.err().contains("1 findings (0 suppressed, 1 baselined)"), grown.err());
    assertEquals(0, run(returning(List.of(SampleScan.faultUnderMutex(), SampleScan.orderInversion())),
        "scan", "--baseline", old.toString(), "--fail-on", "error", ".").exit(), "the new finding is only a warning");
  }

  @Test
  void sarifToAFileIsInferredFromTheExtensionAndReproducibleWithSourceDateEpoch() throws IOException {
    environment.put("SOURCE_DATE_EPOCH", "1700000000");
    Path a = tmp.resolve("a.sarif");
    Path b = tmp.resolve("b.sarif");
    run(returning(List.of(SampleScan.faultUnderMutex())), "scan", "-o", a.toString(), ".");
    run(returning(List.of(SampleScan.faultUnderMutex())), "scan", "-o", b.toString(), ".");
    String sarif = Files.readString(a);
    assertTrue(sarif.contains("\"startTimeUtc\": \"2023-11-14T22:13:20.000Z\""), sarif);
    assertTrue(sarif.contains("\"exitCode\": 1"), sarif);
    assertEquals(sarif, Files.readString(b));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(2, files.count(), "no temporary files left behind");
    }
  }

  @Test
  void aDirectoryAsOutputIsRefusedBeforeScanning() throws IOException {
    FixedEngine engine = new FixedEngine(o -> SampleScan.result());
    Run r = run(engine, "scan", "-o", tmp.toString(), ".");
    assertEquals(2, r.exit());
    assertOneLineNoTrace(r.err());
    assertTrue(r.err().contains("is a directory"), r.err());
    assertEquals(null, engine.lastOptions);
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void badUsageAndUnreadableInputAreOneLineExitTwo() {
    Engine engine = returning(List.of());
    for (String[] args : List.of(
        new String[] {"scan", "--no-such-option"},
        new String[] {"scan", "does/not/exist.c"},
        new String[] {"scan", "--fail-on", "sometimes", "."},
        new String[] {"scan", "--jobs", "0", "."},
        new String[] {"scan", "--rules", "no-such-rule", "."},
        new String[] {"scan", "--baseline", "missing.sarif", "."},
        new String[] {"scan", "--plugin", "missing.jar", "."},
        new String[] {"scan", "--compile-commands", "missing.json", "."},
        new String[] {"frobnicate"},
        new String[0])) {
      Run r = run(engine, args);
      assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
      assertOneLineNoTrace(r.err());
    }
  }

  @Test
  void unusableInputFromThePipelineIsOneLineExitTwo() {
    Run r = run(new FixedEngine(o -> {
      throw new faultline.scan.ScanException("no .c or .h files found in [empty]");
    }), "scan", ".");
    assertEquals(2, r.exit());
    assertOneLineNoTrace(r.err());
    assertEquals("faultline: no .c or .h files found in [empty]\n", r.err());
  }

  @Test
  void internalErrorsAreOneLineUnlessDebug() {
    Engine broken = new FixedEngine(o -> {
      throw new IllegalStateException("boom");
    });
    Run quiet = run(broken, "scan", ".");
    assertEquals(2, quiet.exit());
    assertOneLineNoTrace(quiet.err());
    assertTrue(quiet.err().contains("internal error: java.lang.IllegalStateException: boom"), quiet.err());
    Run debug = run(broken, "scan", "--debug", ".");
    assertEquals(2, debug.exit());
    assertTrue(debug.err().contains("\tat "), debug.err());
  }

  @Test
  void optionsReachTheScan() throws IOException {
    FixedEngine engine = new FixedEngine(o -> SampleScan.result(List.of()));
    Files.createDirectories(tmp.resolve("inc"));
    Run r = run(engine, "scan", "--jobs", "3", "-I", tmp.resolve("inc").toString(), "-D", "CONFIG_SMP", "-DHZ=250",
        "--exclude", "drivers/staging/**", "--time-limit", "5", "--max-file-size", "1M", "--absolute-paths", "drivers");
    assertEquals(0, r.exit(), r.err());
    ScanOptions o = engine.lastOptions;
    assertEquals(SampleScan.root(), o.root());
    assertEquals(List.of(SampleScan.root().resolve("drivers")), o.paths());
    assertEquals(3, o.jobs());
    assertEquals(List.of(tmp.resolve("inc")), o.frontend().includeDirs());
    assertEquals(Map.of("CONFIG_SMP", "1", "HZ", "250"), o.frontend().defines());
    assertEquals(List.of("drivers/staging/**"), o.excludes());
    assertEquals(java.time.Duration.ofSeconds(5), o.frontend().perFileTimeLimit());
    assertEquals(1L << 20, o.frontend().maxFileBytes());
    assertTrue(o.absolutePaths());
  }

  @Test
  void anAtFileListsPathsOnePerLine() throws IOException {
    FixedEngine engine = new FixedEngine(o -> SampleScan.result(List.of()));
    Path a = Files.createDirectories(tmp.resolve("tree/a"));
    Path b = Files.createDirectories(tmp.resolve("tree/b c"));
    Path list = Files.writeString(tmp.resolve("files.txt"), "# what to scan\n" + a + "\n\n  " + b + "  \n");
    assertEquals(0, run(engine, "scan", "@" + list).exit());
    assertEquals(List.of(a, b), engine.lastOptions.paths());
    Run missing = run(engine, "scan", "@" + tmp.resolve("nope.txt"));
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("cannot read the path list"), missing.err());
  }

  @Test
  void theFirstListedPathThatIsMissingIsTheOneReported() throws IOException {
    FixedEngine engine = new FixedEngine(o -> SampleScan.result(List.of()));
    Path a = Files.createDirectories(tmp.resolve("tree/a"));
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) lines.add(a.toString());
    lines.add(tmp.resolve("tree/gone1.c").toString());
    for (int i = 0; i < 500; i++) lines.add(a.toString());
    lines.add(tmp.resolve("tree/gone2.c").toString());
    Path list = Files.write(tmp.resolve("files.txt"), lines);
    Run missing = run(engine, "scan", "@" + list);
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("cannot read " + tmp.resolve("tree/gone1.c") + ": no such file or directory"),
        missing.err());
  }

  @Test
  void rootIsTheCommonDirectoryWhenPathsLieOutsideTheWorkingDirectory() throws IOException {
    FixedEngine engine = new FixedEngine(o -> SampleScan.result(List.of()));
    Path a = Files.createDirectories(tmp.resolve("tree/a"));
    Path b = Files.createDirectories(tmp.resolve("tree/b/c"));
    assertEquals(0, run(engine, "scan", a.toString(), b.toString()).exit());
    assertEquals(tmp.resolve("tree"), engine.lastOptions.root());
    assertEquals(0, run(engine, "scan", "--root", tmp.toString(), a.toString()).exit());
    assertEquals(tmp, engine.lastOptions.root());
  }

  @Test
  void noPathScansTheDemoTreeUnderFaultlineHome() throws IOException {
    Path demo = Files.createDirectories(tmp.resolve("testdata/demo"));
    environment.put("FAULTLINE_HOME", tmp.toString());
    FixedEngine engine = new FixedEngine(o -> SampleScan.result(List.of()));
    assertEquals(0, run(engine, "scan").exit());
    assertEquals(List.of(demo), engine.lastOptions.paths());
    environment.put("FAULTLINE_HOME", tmp.resolve("elsewhere").toString());
    Run missing = run(engine, "scan");
    assertEquals(2, missing.exit());
    assertOneLineNoTrace(missing.err());
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColorOrIntoAFile() throws IOException {
    Engine engine = returning(List.of(SampleScan.faultUnderMutex()));
    assertFalse(run(engine, "scan", ".").out().contains("\u001b["), "not a terminal");
    terminal = true;
    assertTrue(run(engine, "scan", ".").out().contains("\u001b[1;31merror:"));
    assertFalse(run(engine, "scan", "--no-color", ".").out().contains("\u001b["));
    Path file = tmp.resolve("report.txt");
    run(engine, "scan", "-o", file.toString(), ".");
    assertFalse(Files.readString(file).contains("\u001b["));
    environment.put("NO_COLOR", "1");
    assertFalse(run(engine, "scan", ".").out().contains("\u001b["));
  }

  @Test
  void cacheOptionsChooseTheCache(@TempDir Path tmp) {
    FixedEngine engine = new FixedEngine(o -> SampleScan.result(List.of()));
    assertEquals(0, run(engine, "scan", "--no-cache", ".").exit());
    assertEquals(UnitCache.NONE, engine.lastCache);
    assertEquals(0, run(engine, "scan", "--cache", tmp.toString(), ".").exit());
    assertTrue(engine.lastCache instanceof faultline.cache.DiskUnitCache, String.valueOf(engine.lastCache));
    Run both = run(engine, "scan", "--cache", tmp.toString(), "--no-cache", ".");
    assertEquals(2, both.exit());
    assertOneLineNoTrace(both.err());
  }
}

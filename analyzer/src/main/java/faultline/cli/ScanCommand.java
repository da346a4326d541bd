package faultline.cli;

import faultline.cache.DiskUnitCache;
import faultline.report.AtomicFile;
import faultline.report.Baseline;
import faultline.report.Fingerprints;
import faultline.report.ResultStore;
import faultline.report.SarifReport;
import faultline.report.TextReport;
import faultline.report.ToolInfo;
import faultline.rule.Finding;
import faultline.rule.RuleRegistry;
import faultline.rule.Severity;
import faultline.scan.Notification;
import faultline.scan.ScanListener;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.UnitCache;
import faultline.scan.Version;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Scan C files and directories for deadlocks.",
        "With no PATH, scans the demo tree (testdata/demo) with every rule, experimental ones included. Paths in reports are relative to the root: --root, "
            + "else the working directory when it contains every PATH, else their deepest common directory."})
final class ScanCommand implements Callable<Integer> {

  enum Format { text, sarif }

  enum FailOn { error, warning, note, none }

  private final Env env;

  /** The command line as given, before {@code @FILE}s were expanded: what the launcher's hint is keyed by. */
  private final List<String> rawArgs;

  ScanCommand(Env env, List<String> rawArgs) {
    this.env = env;
    this.rawArgs = rawArgs;
  }

  @Parameters(paramLabel = "PATH", description = "Files and directories (.c and .h files are read); @FILE: the paths listed in FILE, one per line.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--format", paramLabel = "text|sarif",
      description = "Output format (default: sarif when -o ends in .sarif, else text).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE (atomically) instead of stdout.")
  Path output;

  @Option(names = "--fail-on", paramLabel = "error|warning|note|none", defaultValue = "warning",
      description = "Exit 1 when a finding is at least this severe (default: ${DEFAULT-VALUE}).")
  FailOn failOn;

  @Option(names = "--baseline", paramLabel = "OLD.sarif",
      description = "Report only findings not in this earlier SARIF report; --fail-on looks at those only.")
  Path baseline;

  @Option(names = "--jobs", paramLabel = "N", description = "Parser threads (default: number of cores).")
  Integer jobs;

  @Mixin FrontendArgs frontend = new FrontendArgs();

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip root-relative paths matching GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "ID,...", split = ",", description = "Run exactly these rules.")
  List<String> rules = new ArrayList<>();

  @Option(names = "--enable", paramLabel = "ID", description = "Also run this experimental rule (repeatable); 'all' runs every experimental rule.")
  List<String> enable = new ArrayList<>();

  @Option(names = "--plugin", paramLabel = "JAR", description = "Load rules from this jar (repeatable; only jars named here).")
  List<Path> plugins = new ArrayList<>();

  @Option(names = "--root", paramLabel = "DIR", description = "Report paths relative to DIR.")
  Path root;

  @Option(names = "--absolute-paths",
      description = "Name files outside the root by absolute path, and record the root's location in SARIF.")
  boolean absolutePaths;

  @Option(names = "--no-color", description = "No colour even on a terminal (NO_COLOR in the environment does the same).")
  boolean noColor;

  @Option(names = "--stats", description = "Print phase times, counters, throughput and peak heap on stderr.")
  boolean stats;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Keep parsed files in DIR between scans (default: $XDG_CACHE_HOME/faultline, else ~/.cache/faultline).")
  Path cacheDir;

  @Option(names = "--no-cache", description = "Parse every file; read and write no cache.")
  boolean noCache;

  @Option(names = "--no-incremental", description = "Analyse the whole program even when the cache holds an "
      + "analysis of this tree that could be continued (parsed files are still read from the cache).")
  boolean noIncremental;

  @Override public Integer call() {
    long startNanos = System.nanoTime();
    List<Path> inputs = Inputs.paths(paths, env);
    Path scanRoot = Inputs.root(Optional.ofNullable(root), inputs, env);
    List<Path> pluginJars = plugins.stream().map(p -> env.cwd().resolve(p).normalize()).toList();
    int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (threads < 1) throw new UsageException("--jobs must be at least 1");
    if (cacheDir != null && noCache) throw new UsageException("--cache and --no-cache contradict each other");
    // Unknown rule ids and unloadable plugins are usage errors: find out before spending minutes parsing.
    RuleRegistry.load(pluginJars).select(rules, enable);
    Optional<Baseline> old = Optional.ofNullable(baseline).map(b -> Baseline.read(env.cwd().resolve(b)));
    Format chosen = format != null ? format
        : output != null && output.toString().toLowerCase(Locale.ROOT).endsWith(".sarif") ? Format.sarif : Format.text;
    Optional<Path> target = Optional.ofNullable(output).map(o -> env.cwd().resolve(o));
    if (target.isPresent() && java.nio.file.Files.isDirectory(target.get())) {
      throw new UsageException("-o " + output + " is a directory");
    }
    if (target.isPresent() && !java.nio.file.Files.isDirectory(target.get().toAbsolutePath().getParent())) {
      throw new UsageException("-o " + output + ": directory " + target.get().getParent() + " does not exist");
    }

    // The bundled demo exists to show what every rule reports, experimental ones included.
    List<String> enabled = paths.isEmpty() && rules.isEmpty() ? List.of(RuleRegistry.ALL) : List.copyOf(enable);
    ScanOptions options = new ScanOptions(scanRoot, inputs, frontend.toOptions(env.cwd()), List.copyOf(excludes), threads,
        List.copyOf(rules), enabled, pluginJars, absolutePaths, !noIncremental);
    ProgressLine progress = new ProgressLine(env.err(), env.terminal());
    ScanResult scanned;
    UnitCache unitCache = cache(options);
    try {
      scanned = env.engine().scan(options, progress, unitCache);
    } finally {
      progress.finish();
    }
    ScanResult result = reproducibleTimes(scanned);
    if (!noCache && (result.stats().counters().containsKey("incremental") || result.stats().phaseMillis().containsKey("snapshot"))) {
      LaunchHint.leave(cacheDirectory(), env.cwd(), rawArgs);
    }

    long outputStart = System.nanoTime();
    Fingerprints fingerprints = Fingerprints.compute(result.root(), result.findings(), result.findingLines());
    long fingerprintsMillis = (System.nanoTime() - outputStart) / 1_000_000;
    Baseline.Split split = old.map(b -> b.split(result.findings(), fingerprints))
        .orElse(new Baseline.Split(result.findings(), 0));
    // The JSON of results an earlier report of this tree wrote, kept next to its analysis snapshot.
    Optional<ResultStore> store = chosen == Format.sarif
        ? unitCache.snapshotPath(options.paths()).map(p -> ResultStore.open(
            p.resolveSibling(p.getFileName() + ".sarif-results"), "faultline " + Version.get() + " " + Version.buildStamp()))
        : Optional.empty();
    List<Notification> notifications = new ArrayList<>(result.notifications());
    store.flatMap(ResultStore::problem).ifPresent(problem ->
        notifications.add(new Notification(Notification.Level.WARNING, "cache", problem, Optional.empty())));
    ScanResult reported = new ScanResult(result.root(), split.reported(), List.copyOf(notifications), result.rules(),
        result.stats(), result.started(), result.ended());
    int exitCode = exitCode(reported.active(), failOn);

    long storeSaveMillis = 0;
    if (chosen == Format.sarif) {
      SarifReport.Settings settings = new SarifReport.Settings(ToolInfo.current(), exitCode, absolutePaths);
      emit(target, out -> SarifReport.write(reported, fingerprints, settings, store.orElse(null), out));
      long saveStart = System.nanoTime();
      store.ifPresent(ResultStore::save);
      storeSaveMillis = (System.nanoTime() - saveStart) / 1_000_000;
    } else {
      boolean color = target.isEmpty() && env.terminal() && !noColor && env.variable("NO_COLOR").isEmpty();
      emit(target, out -> {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        TextReport.write(reported.findings(), reported.notifications(), new TextReport.Style(color), w);
        w.flush();
      });
    }

    int suppressed = (int) reported.findings().stream().filter(f -> f.suppression().isPresent()).count();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (stats) {
      // The report's own writing (fingerprints, baseline, SARIF or text) is the last phase.
      java.util.Map<String, Long> phases = new java.util.LinkedHashMap<>(result.stats().phaseMillis());
      phases.put("output", (System.nanoTime() - outputStart) / 1_000_000);
      ScanResult.Stats s = result.stats();
      java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>(s.counters());
      counters.put("fingerprintsMillis", fingerprintsMillis);
      if (store.isPresent()) {
        counters.put("storedResultsReused", (long) store.get().reused());
        counters.put("storedResultsRendered", (long) store.get().renderedAnew());
        counters.put("storedResultsSaveMillis", storeSaveMillis);
      }
      StatsReport.print(env.err(), new ScanResult.Stats(s.files(), s.functions(), s.lines(), phases, counters), seconds);
    }
    env.err().printf(Locale.ROOT, "faultline: %d files, %d functions, %d findings (%d suppressed, %d baselined) in %.1f s%n",
        result.stats().files(), result.stats().functions(), reported.active().size(), suppressed, split.baselined(), seconds);
    if (old.isPresent() && old.get().size() == 0) {
      env.err().println("faultline: note: the baseline holds no " + Fingerprints.KEY + " fingerprints; nothing was baselined");
    }
    return exitCode;
  }

  private UnitCache cache(ScanOptions options) {
    if (noCache) return UnitCache.NONE;
    return DiskUnitCache.open(cacheDirectory(), options);
  }

  private Path cacheDirectory() {
    return cacheDir != null ? env.cwd().resolve(cacheDir)
        : DiskUnitCache.defaultDirectory(name -> env.variable(name).orElse(null),
            Path.of(env.variable("HOME").orElse(System.getProperty("user.home"))));
  }

  static int exitCode(List<Finding> active, FailOn failOn) {
    if (failOn == FailOn.none) return Main.OK;
    Severity threshold = Severity.valueOf(failOn.name().toUpperCase(Locale.ROOT));
    return active.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? Main.FINDINGS : Main.OK;
  }

  /** SOURCE_DATE_EPOCH (reproducible-builds.org) pins the report's timestamps: identical bytes for identical input. */
  private ScanResult reproducibleTimes(ScanResult r) {
    Optional<String> epoch = env.variable("SOURCE_DATE_EPOCH");
    if (epoch.isEmpty()) return r;
    Instant at;
    try {
      at = Instant.ofEpochSecond(Long.parseLong(epoch.get().strip()));
    } catch (NumberFormatException e) {
      throw new UsageException("SOURCE_DATE_EPOCH=" + epoch.get() + ": expected seconds since 1970");
    }
    return new ScanResult(r.root(), r.findings(), r.notifications(), r.rules(), r.stats(), at, at, r.findingLines());
  }

  private interface Body {
    void write(OutputStream out) throws java.io.IOException;
  }

  private void emit(Optional<Path> target, Body body) {
    if (target.isPresent()) {
      AtomicFile.write(target.get(), body::write);
    } else {
      try {
        body.write(env.out());
        env.out().flush();
      } catch (java.io.IOException e) {
        throw new faultline.report.ReportException("cannot write to stdout: " + Main.describe(e), e);
      }
    }
  }
}

package faultline.scan;

import faultline.analysis.ProgramAnalysis;
import faultline.incremental.AnalysisSnapshot;
import faultline.incremental.IncrementalInputs;
import faultline.frontend.CFrontend;
import faultline.ir.IrStrings;
import faultline.ir.ParseIssue;
import faultline.ir.TranslationUnit;
import faultline.rule.Finding;
import faultline.rule.RuleMeta;
import faultline.rule.RuleRegistry;
import faultline.rule.RuleRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The pipeline: find files, lower each on {@code jobs} threads (only IR is kept, never an AST), analyse the
 * whole program, run the rules, apply suppressions. Output is deterministic whatever {@code jobs} is: units are
 * put back in path order before analysis, and findings are sorted.
 */
public final class Scanner {

  /** CDT recurses deeply on pathological input; parser threads get a large stack so that depth is an issue, not a crash. */
  private static final long PARSER_STACK_BYTES = 256L << 20;

  private Scanner() {}

  public static ScanResult scan(ScanOptions options) {
    return scan(options, ScanListener.NONE, UnitCache.NONE);
  }

  public static ScanResult scan(ScanOptions options, ScanListener listener, UnitCache cache) {
    Instant started = Instant.now();
    IrStrings.startScan(); // the strings an earlier scan in this process shared are not kept for this one
    RuleRegistry registry;
    List<RuleMeta> rules;
    try {
      registry = RuleRegistry.load(options.plugins());
      rules = registry.select(options.onlyRules(), options.enabledRules());
    } catch (IllegalArgumentException | IllegalStateException | java.util.ServiceConfigurationError e) {
      throw new ScanException(e.getMessage());
    }

    SourceFiles sourceFiles = new SourceFiles(options.root(), options.excludes(), options.absolutePaths());
    List<SourceFiles.Source> sources = sourceFiles.collect(options.paths());
    if (sources.isEmpty()) throw new ScanException("no .c or .h files found in " + options.paths());
    listener.filesFound(sources.size());
    List<Notification> notifications = new ArrayList<>(sourceFiles.notifications);

    String optionsDigest = optionsDigest(options);
    Optional<Path> snapshotPath = cache.snapshotPath(options.paths());
    String snapshotKey = snapshotKey(optionsDigest, rules, options.plugins());
    if (snapshotPath.isPresent() && options.incremental()) {
      IncrementalScan.Outcome incremental = IncrementalScan.run(options, rules, sources, notifications, listener,
          cache, snapshotPath.get(), snapshotKey, optionsDigest, started);
      if (incremental.result().isPresent()) return incremental.result().get();
      // Said only when a snapshot was there to use: a first scan needs no explanation.
      incremental.whyNot().ifPresent(why -> notifications.add(new Notification(Notification.Level.NOTE, "incremental",
          "analysed the whole program again: " + why, Optional.empty())));
    }

    Map<String, Long> phases = new LinkedHashMap<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    PhaseMeter frontendPhase = new PhaseMeter();
    AtomicLong cacheHits = new AtomicLong();
    long scanStartedMillis = System.currentTimeMillis();
    // Cache writes run behind the parsers and are awaited after the rules (see CacheWriter); the cache's
    // notifications go here, in the place they always had, once the writes are done.
    boolean spareCores = Math.min(options.jobs(), sources.size()) < Runtime.getRuntime().availableProcessors();
    CacheWriter cacheWriter = new CacheWriter(cache, sources.size(), spareCores);
    FileStamp[] stamps = new FileStamp[sources.size()];
    int cacheNotificationsAt = notifications.size();
    // The units go straight into check(), never into a variable here: once it returns, nothing holds the IR.
    Checked checked = check(lowerAll(options, sources, listener, cache, cacheWriter, cacheHits, frontendPhase,
        optionsDigest, stamps), frontendPhase, cacheHits, rules, sources, stamps, snapshotPath.isPresent(),
        notifications, listener, phases, counters);

    if (checked.snapshot() != null) {
      long t0 = System.nanoTime();
      List<Map<Integer, String>> findingLines = new ArrayList<>(sources.size());
      for (SourceFiles.Source s : sources) findingLines.add(checked.findingLines().linesOf(s.relative()));
      Optional<Notification> failed = writeSnapshot(snapshotPath.get(), snapshotKey, scanStartedMillis,
          checked.snapshot(), checked.ran(), rules.size(), findingLines);
      failed.ifPresent(notifications::add);
      phases.put("snapshot", checked.snapshot().collectMillis() + (System.nanoTime() - t0) / 1_000_000);
    }

    long waitStart = System.nanoTime();
    cacheWriter.await();
    phases.put("cacheWait", (System.nanoTime() - waitStart) / 1_000_000);
    counters.put("cacheWriteMillis", cacheWriter.busyMillis());
    List<Notification> cacheNotes = new ArrayList<>(cache.notifications());
    cacheNotes.addAll(cacheWriter.failures());
    notifications.addAll(cacheNotificationsAt, cacheNotes);

    FileTotals totals = checked.totals();
    return new ScanResult(options.root().toAbsolutePath().normalize(), checked.findings(),
        List.copyOf(notifications), rules, new ScanResult.Stats(totals.files, totals.functions, totals.lines, phases,
        counters), started, Instant.now(), checked.findingLines());
  }

  /** What the analysis and the rules leave behind, without IR: the findings and what a snapshot keeps. */
  private record Checked(List<Finding> findings, FindingLines findingLines, RuleRunner.Result ran, FileTotals totals,
      SnapshotContents snapshot) {}

  /** A snapshot's contents, taken from the analysis, and how long taking them took. */
  private record SnapshotContents(List<AnalysisSnapshot.FileEntry> files, AnalysisSnapshot.Program program,
      byte[][] edgeBlobs, long collectMillis) {}

  /**
   * Analysis, rules and suppressions over {@code units}, which this method owns: what it returns holds no IR, so
   * that from then on (snapshot, report) the collector may free it. {@code keepSnapshot}: also take what a
   * snapshot keeps, else {@link Checked#snapshot} is {@code null}.
   */
  private static Checked check(List<TranslationUnit> units, PhaseMeter frontendPhase, AtomicLong cacheHits,
      List<RuleMeta> rules, List<SourceFiles.Source> sources, FileStamp[] stamps, boolean keepSnapshot,
      List<Notification> notifications, ScanListener listener, Map<String, Long> phases, Map<String, Long> counters) {
    frontendPhase.report("frontend", phases, counters);
    FileTotals totals = new FileTotals();
    for (TranslationUnit unit : units) totals.add(unit, unit.functions().size(), notifications);
    totals.putInto(counters);
    counters.put("cacheHits", cacheHits.get());
    counters.put("cacheMisses", units.size() - cacheHits.get());

    // Call graph and summaries; lock states are not kept (see ProgramAnalysis).
    listener.phase("analysis");
    PhaseMeter analysisPhase = new PhaseMeter();
    ProgramAnalysis analysis = ProgramAnalysis.run(units);
    analysisPhase.stop().report("analysis", phases, counters);

    // One pass over the functions: each function's states, its lock-order edges and the rules on it; then the
    // whole-program rules on the finished lock order.
    listener.phase("rules");
    PhaseMeter rulesPhase = new PhaseMeter();
    byte[][] edgeBlobs = keepSnapshot ? new byte[analysis.functions().size()][] : null;
    if (edgeBlobs != null) analysis.onOrderEdges((i, edges) -> edgeBlobs[i] = AnalysisSnapshot.encodeEdges(edges));
    RuleRunner.Result ran = RuleRunner.run(analysis, rules);
    counters.putAll(analysis.stats());
    Finished finished = finish(ran, sources, notifications);
    List<Finding> findings = finished.findings();
    rulesPhase.stop().report("rules", phases, counters);
    counters.put("findings", (long) findings.size());

    SnapshotContents snapshot = null;
    if (keepSnapshot) {
      long t0 = System.nanoTime();
      snapshot = new SnapshotContents(snapshotFiles(sources, units, stamps, analysis),
          AnalysisSnapshot.Program.of(analysis), edgeBlobs, (System.nanoTime() - t0) / 1_000_000);
    }
    return new Checked(findings, finished.lines(), ran, totals, snapshot);
  }

  /** Files, lines, functions and parse problems summed over a scan's files, whose notifications go in scan order. */
  static final class FileTotals {
    int files;
    long lines;
    int functions;
    long problemNodes;
    long syntaxIssues;

    /** Adds {@code unit}, which defines {@code functionCount} functions, and its notifications. */
    void add(TranslationUnit unit, int functionCount, List<Notification> notifications) {
      files++;
      lines += unit.lines();
      functions += functionCount;
      problemNodes += unit.problemNodes();
      syntaxIssues += unit.issues().stream().filter(i -> i.kind() == ParseIssue.Kind.SYNTAX).count();
      notifications.addAll(notificationsFor(unit));
    }

    void putInto(Map<String, Long> counters) {
      counters.put("files", (long) files);
      counters.put("lines", lines);
      counters.put("functions", (long) functions);
      counters.put("problemNodes", problemNodes);
      counters.put("syntaxIssues", syntaxIssues);
    }
  }

  /** A scan's findings, suppressions applied, and their source lines. */
  record Finished(List<Finding> findings, FindingLines lines) {}

  /** Rule failures as notifications, then suppressions applied: the findings a scan reports. */
  static Finished finish(RuleRunner.Result ran, List<SourceFiles.Source> sources, List<Notification> notifications) {
    return finish(ran, sources, notifications, f -> null);
  }

  /**
   * The same, with the findings' source lines of file {@code f} (an index into {@code sources}) from
   * {@code storedLines} when it gives them ({@code null}: read the file; see {@link FindingLines}).
   */
  static Finished finish(RuleRunner.Result ran, List<SourceFiles.Source> sources, List<Notification> notifications,
      java.util.function.IntFunction<Map<Integer, String>> storedLines) {
    for (RuleRunner.RuleFailure failure : ran.failures()) {
      String where = failure.functions() > 1 ? " (on " + failure.functions() + " functions; first: " : " (";
      notifications.add(new Notification(Notification.Level.ERROR, "rule-failure",
          "rule " + failure.ruleId() + " failed" + where + failure.reason() + ")", Optional.empty()));
    }
    Map<String, Integer> index = new java.util.HashMap<>(2 * sources.size());
    for (int f = 0; f < sources.size(); f++) index.put(sources.get(f).relative(), f);
    FindingLines lines = FindingLines.read(ran.findings(), relative -> {
      Integer f = index.get(relative);
      return f == null ? null : sources.get(f).path();
    }, relative -> {
      Integer f = index.get(relative);
      return f == null ? null : storedLines.apply(f);
    });
    return new Finished(new Suppressions().apply(ran.findings(), lines), lines);
  }

  /** A file as it was read: the cache key of its bytes ({@code null}: not read), its size and modification time. */
  record FileStamp(String key, long size, long modifiedNanos) {}

  /**
   * The key of a snapshot: what decides the analysis besides the files (faultline's version and the options,
   * already in the cache key of every file), the rules that ran, in order, and the plugin jars by path, size and
   * time. A snapshot of another key is never read.
   */
  static String snapshotKey(String optionsDigest, List<RuleMeta> rules, List<Path> plugins) {
    StringBuilder key = new StringBuilder(optionsDigest).append("\nsnapshot ").append(AnalysisSnapshot.SCHEMA)
        .append("\nbuild ").append(Version.buildStamp()).append("\nrules");
    for (RuleMeta r : rules) key.append(' ').append(r.id());
    for (Path p : plugins) {
      key.append("\nplugin ").append(p.toAbsolutePath().normalize());
      try {
        key.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
      } catch (IOException e) {
        key.append(" unreadable");
      }
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The snapshot's file table: per file its stamp, parse issues, ops bindings and functions (no IR). */
  private static List<AnalysisSnapshot.FileEntry> snapshotFiles(List<SourceFiles.Source> sources,
      List<TranslationUnit> units, FileStamp[] stamps, ProgramAnalysis analysis) {
    // In parallel (in order): 40,000 files of a kernel took a second on one thread.
    return IntStream.range(0, units.size()).parallel().mapToObj(f -> {
      TranslationUnit unit = units.get(f);
      List<faultline.ir.Function> fns = IncrementalInputs.sortedFunctions(unit);
      int[] indices = new int[fns.size()];
      List<faultline.callgraph.CallGraph.Definition> defs = new ArrayList<>(fns.size());
      List<List<ProgramAnalysis.EntryParam>> params = new ArrayList<>(fns.size());
      for (int k = 0; k < fns.size(); k++) {
        indices[k] = analysis.callGraph().indexOf(fns.get(k));
        defs.add(analysis.callGraph().definition(indices[k])); // the call graph's own, not 714,000 copies kept alive
        params.add(analysis.entryParams(indices[k]));
      }
      FileStamp st = stamps[f] == null ? new FileStamp(null, -1, -1) : stamps[f];
      // A transient issue (a slow parse, a read error) is not kept: with no key, the next scan reads the file again.
      boolean transientIssue = unit.issues().stream().anyMatch(i -> i.kind().isTransient());
      return new AnalysisSnapshot.FileEntry(sources.get(f).relative(), transientIssue ? null : st.key(), st.size(),
          st.modifiedNanos(), unit.lines(), unit.problemNodes(), unit.issues(), unit.bindings(), indices, defs, params);
    }).toList();
  }

  /** Writes the snapshot of this full analysis; a failure costs the next scan its speed, never its results. */
  private static Optional<Notification> writeSnapshot(Path path, String key, long scanStartedMillis,
      SnapshotContents contents, RuleRunner.Result ran, int ruleCount, List<Map<Integer, String>> findingLines) {
    try {
      AnalysisSnapshot.write(path, key, scanStartedMillis, contents.files(), contents.program(), ran, ruleCount,
          contents.edgeBlobs(), findingLines);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(new Notification(Notification.Level.WARNING, "cache",
          "cannot write the analysis snapshot " + path + ", the next scan analyses everything again: " + e,
          Optional.empty()));
    }
  }

  private static List<TranslationUnit> lowerAll(ScanOptions options, List<SourceFiles.Source> sources,
      ScanListener listener, UnitCache cache, CacheWriter cacheWriter, AtomicLong cacheHits, PhaseMeter phase,
      String optionsDigest, FileStamp[] stamps) {
    CFrontend frontend = new CFrontend(options.frontend());
    long maxFileBytes = options.frontend().maxFileBytes();
    int jobs = Math.max(1, Math.min(options.jobs(), sources.size()));
    ExecutorService pool = Executors.newFixedThreadPool(jobs, parserThreads());
    try {
      List<Future<TranslationUnit>> pending = new ArrayList<>(sources.size());
      // Waited for as a whole: waiting on each file's future in turn woke this thread, through a system call of
      // the parser thread, once per file (40,000 times on a kernel tree).
      java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(sources.size());
      for (int f = 0; f < sources.size(); f++) {
        SourceFiles.Source source = sources.get(f);
        int index = f;
        pending.add(pool.submit(() -> {
          try {
            TranslationUnit unit = lowerOne(frontend, source, cache, cacheWriter, optionsDigest, maxFileBytes,
                cacheHits, stamp -> stamps[index] = stamp);
            listener.fileDone(source.relative());
            return unit;
          } finally {
            finished.countDown();
          }
        }));
      }
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // each file not done yet becomes an "interrupted" unit below
      }
      List<TranslationUnit> units = new ArrayList<>(sources.size());
      for (int i = 0; i < pending.size(); i++) {
        units.add(await(pending.get(i), sources.get(i)));
      }
      phase.stop(); // while the parser threads, and their allocation counters, are still alive
      return units;
    } finally {
      cacheWriter.endOfInput(); // no more units: a deferred writer starts now, alongside the analysis
      pool.shutdownNow();
    }
  }

  /**
   * One file: read once, hashed for the cache key, and on a miss the same bytes go to the front-end (a second read
   * cost time and could see a file changed in between, caching its new IR under the old content's key).
   */
  static TranslationUnit lowerOne(CFrontend frontend, SourceFiles.Source source, UnitCache cache,
      CacheWriter cacheWriter, String optionsDigest, long maxFileBytes, AtomicLong cacheHits,
      java.util.function.Consumer<FileStamp> stamped) {
    // Stat before reading: a change after this point gives a newer time than the one kept, so the next scan
    // reads the file again rather than trusting the snapshot.
    long size = -1;
    long modified = -1;
    try {
      java.nio.file.attribute.BasicFileAttributes attrs =
          Files.readAttributes(source.path(), java.nio.file.attribute.BasicFileAttributes.class);
      size = attrs.size();
      modified = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (IOException e) {
      // Unreadable: no stamp, and the front-end says why.
    }
    Optional<byte[]> bytes = readWithin(source.path(), maxFileBytes);
    if (bytes.isEmpty()) {
      // Unreadable or over the size limit: the front-end finds out again and says which. Nothing to cache: the
      // answer costs no parse, and a file over the limit is never read whole.
      return frontend.parse(source.path(), source.relative());
    }
    String key = cacheKey(bytes.get(), optionsDigest);
    if (size == bytes.get().length) stamped.accept(new FileStamp(key, size, modified));
    Optional<TranslationUnit> cached = cache.get(source.relative(), key);
    if (cached.isPresent()) {
      cacheHits.incrementAndGet();
      return cached.get();
    }
    Optional<String> noRoom = HEAP.refuse(bytes.get().length);
    if (noRoom.isPresent()) return skippedUnit(source.relative(), noRoom.get());
    TranslationUnit unit = frontend.parse(source.path(), source.relative(), bytes.get());
    cacheWriter.put(source.relative(), key, unit);
    return unit;
  }

  /** The file's bytes, or empty when it cannot be read or is larger than {@code maxFileBytes}. */
  static Optional<byte[]> readWithin(Path file, long maxFileBytes) {
    try {
      if (Files.size(file) > maxFileBytes) return Optional.empty();
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException | OutOfMemoryError e) {
      return Optional.empty();
    }
  }

  /** The front-end never throws; anything that escapes anyway (an Error in a parser thread) is confined to its file. */
  private static TranslationUnit await(Future<TranslationUnit> future, SourceFiles.Source source) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return failedUnit(source.relative(), "internal error: " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failedUnit(source.relative(), "interrupted");
    }
  }

  private static final HeapGuard HEAP = new HeapGuard();

  /** Not parsed for lack of heap: a file-level warning ("too-large"), the scan goes on. */
  private static TranslationUnit skippedUnit(String relative, String why) {
    ParseIssue issue = new ParseIssue(ParseIssue.Kind.TOO_LARGE, why, faultline.ir.Span.point(relative, 1, 1));
    return new TranslationUnit(relative, 0, List.of(), List.of(), List.of(issue), 0);
  }

  private static TranslationUnit failedUnit(String relative, String why) {
    ParseIssue issue = new ParseIssue(ParseIssue.Kind.INTERNAL, why, faultline.ir.Span.point(relative, 1, 1));
    return new TranslationUnit(relative, 0, List.of(), List.of(), List.of(issue), 0);
  }

  /**
   * File-level failures are warnings (the file was not analysed); syntax problems inside a file are one note per
   * file, so a tree with thousands of unparseable macros still gives a readable list.
   */
  static List<Notification> notificationsFor(TranslationUnit unit) {
    List<Notification> out = new ArrayList<>();
    List<ParseIssue> syntax = new ArrayList<>();
    for (ParseIssue issue : unit.issues()) {
      if (issue.kind() == ParseIssue.Kind.SYNTAX) syntax.add(issue);
      else out.add(new Notification(Notification.Level.WARNING, issue.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          unit.file() + ": " + issue.message(), Optional.of(issue.at())));
    }
    if (!syntax.isEmpty()) {
      ParseIssue first = syntax.get(0);
      String more = syntax.size() == 1 ? "" : " (and " + (syntax.size() - 1) + " more)";
      out.add(new Notification(Notification.Level.NOTE, "parse",
          unit.file() + ":" + first.at().line() + ": could not parse: " + first.message() + more, Optional.of(first.at())));
    }
    return out;
  }

  /** The cache key of a file with content {@code bytes}: SHA-256 of the options digest (UTF-8), then the bytes. */
  static String cacheKey(byte[] bytes, String optionsDigest) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(optionsDigest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update(bytes);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Everything besides the file's bytes that decides its IR. The compile database goes in whole and sorted (not
   * by hash code: two databases with equal hash codes must not share entries); the size limit decides whether a
   * file is read at all.
   */
  static String optionsDigest(ScanOptions options) {
    return String.join("\n", "faultline " + Version.get(), "prelude " + CFrontend.preludeVersion(),
        options.frontend().includeDirs().toString(), new java.util.TreeMap<>(options.frontend().defines()).toString(),
        new java.util.TreeMap<>(options.frontend().compileCommands()).toString(),
        "maxFileBytes " + options.frontend().maxFileBytes());
  }

  private static ThreadFactory parserThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(null, r, "faultline-parser-" + n.incrementAndGet(), PARSER_STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
  }
}

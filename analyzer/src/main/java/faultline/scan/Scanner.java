package faultline.scan;

import faultline.analysis.ProgramAnalysis;
import faultline.frontend.CFrontend;
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
    Map<String, Long> phases = new LinkedHashMap<>();
    Map<String, Long> counters = new LinkedHashMap<>();

    PhaseMeter frontendPhase = new PhaseMeter();
    AtomicLong cacheHits = new AtomicLong();
    // Cache writes run behind the parsers and are awaited after the rules (see CacheWriter); the cache's
    // notifications go here, in the place they always had, once the writes are done.
    boolean spareCores = Math.min(options.jobs(), sources.size()) < Runtime.getRuntime().availableProcessors();
    CacheWriter cacheWriter = new CacheWriter(cache, sources.size(), spareCores);
    List<TranslationUnit> units = lowerAll(options, sources, listener, cache, cacheWriter, cacheHits, frontendPhase);
    frontendPhase.report("frontend", phases, counters);
    int cacheNotificationsAt = notifications.size();

    long lines = 0;
    int functions = 0;
    long syntaxIssues = 0;
    long problemNodes = 0;
    for (TranslationUnit unit : units) {
      lines += unit.lines();
      functions += unit.functions().size();
      problemNodes += unit.problemNodes();
      syntaxIssues += unit.issues().stream().filter(i -> i.kind() == ParseIssue.Kind.SYNTAX).count();
      notifications.addAll(notificationsFor(unit));
    }
    counters.put("files", (long) units.size());
    counters.put("lines", lines);
    counters.put("functions", (long) functions);
    counters.put("problemNodes", problemNodes);
    counters.put("syntaxIssues", syntaxIssues);
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
    RuleRunner.Result ran = RuleRunner.run(analysis, rules);
    counters.putAll(analysis.stats());
    for (RuleRunner.RuleFailure failure : ran.failures()) {
      String where = failure.functions() > 1 ? " (on " + failure.functions() + " functions; first: " : " (";
      notifications.add(new Notification(Notification.Level.ERROR, "rule-failure",
          "rule " + failure.ruleId() + " failed" + where + failure.reason() + ")", Optional.empty()));
    }
    Map<String, Path> pathByRelative = new LinkedHashMap<>();
    for (SourceFiles.Source s : sources) pathByRelative.put(s.relative(), s.path());
    List<Finding> findings = new Suppressions().apply(ran.findings(), pathByRelative);
    rulesPhase.stop().report("rules", phases, counters);
    counters.put("findings", (long) findings.size());

    long waitStart = System.nanoTime();
    cacheWriter.await();
    phases.put("cacheWait", (System.nanoTime() - waitStart) / 1_000_000);
    counters.put("cacheWriteMillis", cacheWriter.busyMillis());
    List<Notification> cacheNotes = new ArrayList<>(cache.notifications());
    cacheNotes.addAll(cacheWriter.failures());
    notifications.addAll(cacheNotificationsAt, cacheNotes);

    return new ScanResult(options.root().toAbsolutePath().normalize(), findings, List.copyOf(notifications), rules,
        new ScanResult.Stats(units.size(), functions, lines, phases, counters), started, Instant.now());
  }

  private static List<TranslationUnit> lowerAll(ScanOptions options, List<SourceFiles.Source> sources,
      ScanListener listener, UnitCache cache, CacheWriter cacheWriter, AtomicLong cacheHits, PhaseMeter phase) {
    CFrontend frontend = new CFrontend(options.frontend());
    String optionsDigest = optionsDigest(options);
    long maxFileBytes = options.frontend().maxFileBytes();
    int jobs = Math.max(1, Math.min(options.jobs(), sources.size()));
    ExecutorService pool = Executors.newFixedThreadPool(jobs, parserThreads());
    try {
      List<Future<TranslationUnit>> pending = new ArrayList<>(sources.size());
      for (SourceFiles.Source source : sources) {
        pending.add(pool.submit(() -> {
          TranslationUnit unit = lowerOne(frontend, source, cache, cacheWriter, optionsDigest, maxFileBytes, cacheHits);
          listener.fileDone(source.relative());
          return unit;
        }));
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
  private static TranslationUnit lowerOne(CFrontend frontend, SourceFiles.Source source, UnitCache cache,
      CacheWriter cacheWriter, String optionsDigest, long maxFileBytes, AtomicLong cacheHits) {
    Optional<byte[]> bytes = readWithin(source.path(), maxFileBytes);
    if (bytes.isEmpty()) {
      // Unreadable or over the size limit: the front-end finds out again and says which. Nothing to cache: the
      // answer costs no parse, and a file over the limit is never read whole.
      return frontend.parse(source.path(), source.relative());
    }
    String key = cacheKey(bytes.get(), optionsDigest);
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
  private static Optional<byte[]> readWithin(Path file, long maxFileBytes) {
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
  private static List<Notification> notificationsFor(TranslationUnit unit) {
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

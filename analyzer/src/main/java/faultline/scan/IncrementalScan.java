package faultline.scan;

import faultline.analysis.ProgramAnalysis;
import faultline.frontend.CFrontend;
import faultline.incremental.AnalysisSnapshot;
import faultline.incremental.IncrementalInputs;
import faultline.ir.ParseIssue;
import faultline.ir.TranslationUnit;
import faultline.lock.LockApis;
import faultline.rule.Finding;
import faultline.rule.RuleMeta;
import faultline.rule.RuleRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A scan that continues the last full analysis of the same tree (its {@link AnalysisSnapshot}): finds the files
 * whose content changed since, lowers only those, and lets {@link ProgramAnalysis#incremental} analyse what they
 * can affect. Its findings are those a full scan of the current tree gives; whenever that cannot be guaranteed
 * (files added or removed, a changed file that defines or binds other functions, a change to the locks taken on
 * page-fault paths, a damaged snapshot) it gives up and the scanner analyses everything, saying why.
 */
final class IncrementalScan {

  /** Either a finished scan, or why there is none ({@code whyNot} empty: there was no snapshot to use). */
  record Outcome(Optional<ScanResult> result, Optional<String> whyNot) {
    static Outcome done(ScanResult r) {
      return new Outcome(Optional.of(r), Optional.empty());
    }

    static Outcome not(String why) {
      return new Outcome(Optional.empty(), Optional.of(why));
    }

    static final Outcome NO_SNAPSHOT = new Outcome(Optional.empty(), Optional.empty());
  }

  /**
   * More changed files than this share of the tree (or {@link #MIN_CHANGED_LIMIT}): a full analysis is as quick,
   * and leaves a snapshot the next scans start from.
   */
  private static final double MAX_CHANGED_SHARE = 0.05;
  private static final int MIN_CHANGED_LIMIT = 64;
  /**
   * A file modified less than this before the snapshot's scan started may have changed again within the
   * file system's time granularity without its time changing (git's "racily clean" entries): read it again.
   */
  private static final long RACY_MILLIS = 2_000;

  private IncrementalScan() {}

  static Outcome run(ScanOptions options, List<RuleMeta> rules, List<SourceFiles.Source> sources,
      List<Notification> notifications, ScanListener listener, UnitCache cache, Path snapshotPath, String key,
      String optionsDigest, Instant started) {
    Map<String, Long> phases = new LinkedHashMap<>();
    Map<String, Long> counters = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    AnalysisSnapshot snapshot;
    try {
      snapshot = AnalysisSnapshot.open(snapshotPath, key);
    } catch (NoSuchFileException e) {
      return Outcome.NO_SNAPSHOT;
    } catch (faultline.incremental.SnapshotFile.OtherKey e) {
      return Outcome.not("the last analysis of these files was made by another faultline build, or with other "
          + "options or rules");
    } catch (IOException e) {
      return Outcome.not("the analysis snapshot cannot be used (" + e.getMessage() + ")");
    }
    List<AnalysisSnapshot.FileEntry> entries = snapshot.files();
    if (entries.size() != sources.size()) return Outcome.not("files were added or removed");
    for (int f = 0; f < sources.size(); f++) {
      if (!entries.get(f).relative().equals(sources.get(f).relative())) return Outcome.not("files were added or removed");
    }
    phases.put("snapshotOpen", (System.nanoTime() - t0) / 1_000_000);

    // Which files changed: by size and time when the snapshot's are trustworthy, else by content.
    long t1 = System.nanoTime();
    long maxFileBytes = options.frontend().maxFileBytes();
    boolean[] changed = new boolean[sources.size()];
    AtomicLong rehashed = new AtomicLong();
    IntStream.range(0, sources.size()).parallel().forEach(f -> {
      AnalysisSnapshot.FileEntry e = entries.get(f);
      if (e.key() == null) {
        changed[f] = true;   // not read last time (too large, unreadable): the front-end decides again, cheaply
        return;
      }
      Path path = sources.get(f).path();
      try {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
        long modified = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        if (attrs.size() == e.size() && modified == e.modifiedNanos()
            && modified / 1_000_000 < snapshot.scanStartedMillis() - RACY_MILLIS) {
          return;
        }
      } catch (IOException ex) {
        changed[f] = true;
        return;
      }
      rehashed.incrementAndGet();
      Optional<byte[]> bytes = Scanner.readWithin(path, maxFileBytes);
      changed[f] = bytes.isEmpty() || !Scanner.cacheKey(bytes.get(), optionsDigest).equals(e.key());
    });
    List<Integer> changedFiles = new ArrayList<>();
    for (int f = 0; f < changed.length; f++) if (changed[f]) changedFiles.add(f);
    phases.put("changeCheck", (System.nanoTime() - t1) / 1_000_000);
    counters.put("filesRehashed", rehashed.get());
    counters.put("changedFiles", (long) changedFiles.size());
    int limit = Math.max(MIN_CHANGED_LIMIT, (int) (sources.size() * MAX_CHANGED_SHARE));
    if (changedFiles.size() > limit) {
      return Outcome.not(changedFiles.size() + " files changed since the last full analysis");
    }

    // Lower the changed files (through the IR cache, like any scan) and check they keep their interface.
    PhaseMeter frontendPhase = new PhaseMeter();
    CFrontend frontend = new CFrontend(options.frontend());
    CacheWriter cacheWriter = new CacheWriter(cache, changedFiles.size(), false);
    AtomicLong cacheHits = new AtomicLong();
    Map<Integer, TranslationUnit> changedUnits = new TreeMap<>();
    try {
      for (int f : changedFiles) {
        TranslationUnit unit = Scanner.lowerOne(frontend, sources.get(f), cache, cacheWriter, optionsDigest,
            maxFileBytes, cacheHits, stamp -> {});
        listener.fileDone(sources.get(f).relative());
        changedUnits.put(f, unit);
      }
    } finally {
      cacheWriter.endOfInput();
    }
    frontendPhase.stop().report("frontend", phases, counters);
    counters.put("cacheHits", cacheHits.get());
    counters.put("cacheMisses", changedFiles.size() - cacheHits.get());
    try {
      for (Map.Entry<Integer, TranslationUnit> e : changedUnits.entrySet()) {
        Optional<String> differs = IncrementalInputs.sameInterface(entries.get(e.getKey()), e.getValue(), LockApis.kernel());
        if (differs.isPresent()) return Outcome.not(differs.get());
      }
      return Outcome.done(analyse(options, rules, sources, notifications, listener, snapshot, changedUnits, frontend,
          cache, cacheWriter, optionsDigest, phases, counters, started));
    } catch (ProgramAnalysis.IncrementalUnavailable e) {
      return Outcome.not(e.getMessage());
    } catch (faultline.incremental.BlobFormatException | IndexOutOfBoundsException e) {
      // The checksums make this a bug rather than damage; either way, a full analysis gives the right answer.
      return Outcome.not("the analysis snapshot cannot be read (" + e + ")");
    } finally {
      cacheWriter.await();
    }
  }

  private static ScanResult analyse(ScanOptions options, List<RuleMeta> rules, List<SourceFiles.Source> sources,
      List<Notification> notificationsSoFar, ScanListener listener, AnalysisSnapshot snapshot,
      Map<Integer, TranslationUnit> changedUnits, CFrontend frontend, UnitCache cache, CacheWriter cacheWriter,
      String optionsDigest, Map<String, Long> phases, Map<String, Long> counters, Instant started) {
    List<AnalysisSnapshot.FileEntry> entries = snapshot.files();
    AtomicLong decoded = new AtomicLong();
    IncrementalInputs inputs = new IncrementalInputs(snapshot, changedUnits, f -> {
      decoded.incrementAndGet();
      return unchangedUnit(entries.get(f), sources.get(f), frontend, cache, optionsDigest, options.frontend().maxFileBytes());
    });

    listener.phase("analysis");
    PhaseMeter analysisPhase = new PhaseMeter();
    ProgramAnalysis analysis = ProgramAnalysis.incremental(inputs);
    analysisPhase.stop().report("analysis", phases, counters);

    listener.phase("rules");
    PhaseMeter rulesPhase = new PhaseMeter();
    RuleRunner.Result ran = RuleRunner.run(analysis, rules);
    counters.putAll(analysis.stats());
    counters.put("unchangedFilesDecoded", decoded.get());

    // Notifications as a full scan orders them: the file walk's, each file's in scan order, then the cache's.
    List<Notification> notifications = new ArrayList<>(notificationsSoFar);
    Scanner.FileTotals totals = new Scanner.FileTotals();
    for (int f = 0; f < sources.size(); f++) {
      TranslationUnit unit = changedUnits.get(f);
      AnalysisSnapshot.FileEntry e = entries.get(f);
      if (unit != null) {
        totals.add(unit, unit.functions().size(), notifications);
      } else {
        totals.add(new TranslationUnit(e.relative(), e.lines(), List.of(), List.of(), e.issues(), e.problemNodes()),
            e.functions().length, notifications);
      }
    }
    // An unchanged file's lines are as the snapshot's scan read them.
    Scanner.Finished finished = Scanner.finish(ran, sources, notifications,
        f -> changedUnits.containsKey(f) ? null : snapshot.findingLines(f));
    List<Finding> findings = finished.findings();
    rulesPhase.stop().report("rules", phases, counters);
    totals.putInto(counters);
    counters.put("incremental", 1L);
    counters.put("findings", (long) findings.size());
    cacheWriter.await();
    notifications.addAll(cache.notifications());
    notifications.addAll(cacheWriter.failures());
    return new ScanResult(options.root().toAbsolutePath().normalize(), findings, List.copyOf(notifications), rules,
        new ScanResult.Stats(sources.size(), totals.functions, totals.lines, phases, counters), started, Instant.now(),
        finished.lines());
  }

  /**
   * The IR of a file the snapshot still describes: from the IR cache, else parsed again (the cache keeps one
   * entry per file, and a file changed and changed back has its other version there).
   */
  private static TranslationUnit unchangedUnit(AnalysisSnapshot.FileEntry entry, SourceFiles.Source source,
      CFrontend frontend, UnitCache cache, String optionsDigest, long maxFileBytes) {
    Optional<TranslationUnit> cached = cache.get(entry.relative(), entry.key());
    if (cached.isPresent()) return cached.get();
    Optional<byte[]> bytes = Scanner.readWithin(source.path(), maxFileBytes);
    if (bytes.isEmpty() || !Scanner.cacheKey(bytes.get(), optionsDigest).equals(entry.key())) {
      throw new ProgramAnalysis.IncrementalUnavailable(entry.relative() + " changed during the scan");
    }
    return frontend.parse(source.path(), source.relative(), bytes.get());
  }
}

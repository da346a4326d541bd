package faultline.robust;

import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.frontend.FrontendOptions;
import faultline.ir.Span;
import faultline.report.Fingerprints;
import faultline.report.SarifReport;
import faultline.report.TextReport;
import faultline.report.ToolInfo;
import faultline.rule.Finding;
import faultline.rule.Step;
import faultline.rule.Trace;
import faultline.scan.Notification;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs the whole pipeline (walk, front-end on parser threads, program analysis, every rule, suppressions, SARIF
 * and text output) over a directory of damaged C and lists every way the run broke faultline's promises on
 * hostile input. An empty list is a pass.
 */
final class PipelineHarness {

  /** Small on purpose: a fuzz case that needs more is exactly what the limit is for. */
  static final Duration PER_FILE_LIMIT = Duration.ofSeconds(2);

  /** CdtSetup stops a parse by force this long after its deadline at the latest; plus scheduling slack. */
  private static final long GRACE_MILLIS = 2_000 + 3_000;

  /** A scan that takes this long has hung (the property's own watchdog, so a hang fails instead of blocking). */
  private static final long HANG_MILLIS = 60_000;

  /** Notification kinds a hostile file may legitimately produce; "internal" and "rule-failure" are crashes. */
  private static final Set<String> EXPECTED_KINDS = Set.of("parse", "timeout", "too-large", "unreadable",
      "missing-include");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fuzz-scan");
    t.setDaemon(true);
    return t;
  });

  private PipelineHarness() {}

  static ScanOptions options(Path root) {
    FrontendOptions frontend = new FrontendOptions(List.of(), Map.of(), Map.of(), PER_FILE_LIMIT, 8L << 20);
    return new ScanOptions(root, List.of(root), frontend, List.of(), 1, List.of(), List.of(), List.of(), false);
  }

  /** Scans {@code root} and returns the broken promises, each one line (a stack trace for an escaped throwable). */
  static List<String> violations(Path root) {
    List<String> out = new ArrayList<>();
    int files = sourceCount(root);
    long t0 = System.nanoTime();
    Future<ScanResult> running = RUNNER.submit(() -> Scanner.scan(options(root)));
    ScanResult result;
    try {
      result = running.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      out.add("hang: no result after " + HANG_MILLIS + " ms");
      return out;
    } catch (ExecutionException e) {
      out.add("escaped: " + stackTrace(e.getCause()));
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long frontendMillis = result.stats().phaseMillis().getOrDefault("frontend", 0L);
    long budget = files * (PER_FILE_LIMIT.toMillis() + GRACE_MILLIS);
    if (frontendMillis > budget) {
      out.add("slow: front-end took " + frontendMillis + " ms for " + files + " files, limit " + budget + " ms");
    }
    for (Notification n : result.notifications()) {
      if (!EXPECTED_KINDS.contains(n.kind())) out.add("crash notification: " + n.kind() + ": " + n.message());
      if (n.message().isBlank() || n.message().contains("\n")) out.add("notification not one line: " + n);
    }
    for (Finding f : result.findings()) {
      checkSpan(root, f.at(), "finding " + f.ruleId(), out);
      for (Trace t : f.traces()) for (Step s : t.steps()) checkSpan(root, s.at(), "step of " + f.ruleId(), out);
    }
    try {
      String sarif = SarifReport.render(result, Fingerprints.compute(result.root(), result.findings()),
          new SarifReport.Settings(new ToolInfo("faultline", "0.0.0-fuzz", "https://example.invalid"), 0, false));
      JSON.readTree(sarif);
      TextReport.render(result.findings(), result.notifications(), TextReport.Style.PLAIN);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      out.add("output failed: " + stackTrace(e));
    }
    if (millis > HANG_MILLIS / 2) out.add("slow: whole scan took " + millis + " ms");
    return out;
  }

  /** A span names a scanned file by its root-relative path and a line inside it. */
  private static void checkSpan(Path root, Span at, String what, List<String> out) {
    Path file = root.resolve(at.file()).normalize();
    if (at.file().startsWith("/") || !file.startsWith(root) || !Files.isRegularFile(file)) {
      out.add(what + " names a file that was not scanned: " + at.file());
      return;
    }
    if (at.line() < 1 || at.column() < 1 || at.endLine() < at.line()) out.add(what + " has a bad span: " + at);
  }

  private static int sourceCount(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return (int) s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
  }
}

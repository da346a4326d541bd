package faultline.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Span;
import faultline.rule.Finding;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import faultline.rule.Trace;
import faultline.scan.ScanResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {

  static final String KEY = "faultline test build";

  @TempDir Path dir;

  /** Many findings, so that the report is written in several parallel batches. */
  static List<Finding> findings(int n) {
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Finding f = i % 2 == 0 ? SampleScan.faultUnderMutex() : SampleScan.orderInversion();
      out.add(new Finding(f.ruleId(), f.severity(), f.message() + " #" + i, new Span(f.at().file(), i + 1, 2, i + 1, 9),
          f.function(), f.lockClasses(), f.traces(), f.fix(), i % 7 == 0 ? Optional.of("why " + i) : Optional.empty()));
    }
    return out;
  }

  static byte[] report(ScanResult scan, ResultStore store) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      SarifReport.write(scan, Fingerprints.compute(scan.root(), scan.findings()),
          new SarifReport.Settings(SarifReportTest.TOOL, 1, false), store, out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] reportWithoutStore(ScanResult scan) {
    return report(scan, null);
  }

  Path storeFile() {
    return dir.resolve("results");
  }

  /** A report through the store at {@link #storeFile}, which is then saved. */
  byte[] reportThroughStore(ScanResult scan, int expectReused, int expectRendered) {
    ResultStore store = ResultStore.open(storeFile(), KEY);
    byte[] bytes = report(scan, store);
    assertEquals(expectReused, store.reused(), "reused");
    assertEquals(expectRendered, store.renderedAnew(), "rendered anew");
    store.save();
    return bytes;
  }

  /** The store at {@link #storeFile} for {@code key}, after a report through it: the same bytes, this many reused. */
  ResultStore reportThroughReopened(ScanResult scan, String key, int expectReused) {
    ResultStore store = ResultStore.open(storeFile(), key);
    assertArrayEquals(reportWithoutStore(scan), report(scan, store));
    assertEquals(expectReused, store.reused());
    assertEquals(scan.findings().size() - expectReused, store.renderedAnew());
    return store;
  }

  @Test
  void aSecondReportTakesEveryResultFromTheStoreAndWritesTheSameBytes() {
    ScanResult scan = SampleScan.result(findings(2500));
    byte[] plain = reportWithoutStore(scan);
    assertArrayEquals(plain, reportThroughStore(scan, 0, 2500));
    assertTrue(Files.exists(storeFile()));
    assertArrayEquals(plain, reportThroughStore(scan, 2500, 0));
    assertTrue(ResultStore.open(storeFile(), KEY).problem().isEmpty());
  }

  @Test
  void aChangedFindingIsRenderedAnewAndTheOthersReused() {
    List<Finding> before = findings(300);
    reportThroughStore(SampleScan.result(before), 0, 300);
    List<Finding> after = new ArrayList<>(before);
    Finding f = after.get(10);
    after.set(10, new Finding(f.ruleId(), f.severity(), f.message() + " (changed)", f.at(), f.function(),
        f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    ScanResult scan = SampleScan.result(after);
    assertArrayEquals(reportWithoutStore(scan), reportThroughStore(scan, 299, 1));
    // One result in 300 is below the share that makes the store worth writing again: it still has the old one.
    ScanResult original = SampleScan.result(before);
    assertArrayEquals(reportWithoutStore(original), reportThroughStore(original, 300, 0));
  }

  @Test
  void theStoreIsWrittenAgainWhenManyResultsChanged() {
    List<Finding> before = findings(100);
    reportThroughStore(SampleScan.result(before), 0, 100);
    List<Finding> after = new ArrayList<>(before);
    for (int i = 0; i < 20; i++) {
      Finding f = after.get(i);
      after.set(i, new Finding(f.ruleId(), Severity.NOTE, f.message(), f.at(), f.function(), f.lockClasses(),
          f.traces(), f.fix(), f.suppression()));
    }
    ScanResult scan = SampleScan.result(after);
    reportThroughStore(scan, 80, 20);
    assertArrayEquals(reportWithoutStore(scan), reportThroughStore(scan, 100, 0));
  }

  @Test
  void anotherBuildsStoreIsNotUsedAndNotReported() {
    ScanResult scan = SampleScan.result(findings(50));
    reportThroughStore(scan, 0, 50);
    assertTrue(reportThroughReopened(scan, "another build", 0).problem().isEmpty());
  }

  @Test
  void aDamagedEntryIsNotUsedAndSaid() throws IOException {
    ScanResult scan = SampleScan.result(findings(40));
    reportThroughStore(scan, 0, 40);
    byte[] file = Files.readAllBytes(storeFile());
    // The first entry starts after the header (12 bytes and the key): change a byte of its JSON's text.
    String text = new String(file, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"text\":\"") + 9;
    file[at] ^= 0x01;
    Files.write(storeFile(), file);

    ResultStore damaged = reportThroughReopened(scan, KEY, 39);
    assertTrue(damaged.problem().orElseThrow().contains("1 of 40 stored SARIF results"), damaged.problem().get());
    damaged.save();   // written again, whole
    assertTrue(reportThroughReopened(scan, KEY, 40).problem().isEmpty());
  }

  @Test
  void aDamagedIndexOrTruncatedFileMakesTheStoreUnusableNotTheReport() throws IOException {
    ScanResult scan = SampleScan.result(findings(40));
    reportThroughStore(scan, 0, 40);
    byte[] good = Files.readAllBytes(storeFile());
    List<UnaryOperator<byte[]>> damages = List.of(
        b -> java.util.Arrays.copyOf(b, b.length - 7),                 // truncated
        b -> { byte[] c = b.clone(); c[c.length - 30] ^= 0x40; return c; },   // index entry
        b -> { byte[] c = b.clone(); c[c.length - 1] ^= 0x40; return c; },    // trailer magic
        b -> java.util.Arrays.copyOf(b, 10));                          // almost nothing
    for (UnaryOperator<byte[]> damage : damages) {
      Files.write(storeFile(), damage.apply(good));
      assertTrue(reportThroughReopened(scan, KEY, 0).problem().isPresent());
    }
  }

  @Test
  void aMissingStoreIsNoProblem() {
    ResultStore store = ResultStore.open(dir.resolve("none"), KEY);
    assertFalse(store.problem().isPresent());
  }

  /** Every input of a result changes its description: a stored result is never taken for a different one. */
  @Test
  void everyInputOfAResultIsInItsDescription() {
    Finding f = SampleScan.orderInversion();
    Step s = f.traces().get(0).steps().get(0);
    List<Finding> variants = new ArrayList<>();
    variants.add(f);
    variants.add(new Finding("other-rule", f.severity(), f.message(), f.at(), f.function(), f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    variants.add(new Finding(f.ruleId(), Severity.ERROR, f.message(), f.at(), f.function(), f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    variants.add(new Finding(f.ruleId(), f.severity(), f.message() + "!", f.at(), f.function(), f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    for (Span at : spansAround(f.at())) {
      variants.add(new Finding(f.ruleId(), f.severity(), f.message(), at, f.function(), f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    }
    variants.add(new Finding(f.ruleId(), f.severity(), f.message(), f.at(), f.function(), f.lockClasses(), List.of(), f.fix(), f.suppression()));
    variants.add(withFirstTrace(f, new Trace("other title", f.traces().get(0).steps())));
    variants.add(withFirstStep(f, new Step(StepKind.CALL, s.at(), s.message(), s.depth())));
    variants.add(withFirstStep(f, new Step(s.kind(), s.at(), s.message() + ".", s.depth())));
    variants.add(withFirstStep(f, new Step(s.kind(), s.at(), s.message(), s.depth() + 1)));
    for (Span at : spansAround(s.at())) variants.add(withFirstStep(f, new Step(s.kind(), at, s.message(), s.depth())));
    variants.add(f.suppressed(""));
    variants.add(f.suppressed("why"));
    // Strings that differ only where UTF-8 would blur them: an unpaired surrogate and a replacement character.
    variants.add(new Finding(f.ruleId(), f.severity(), "x\uD800", f.at(), f.function(), f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    variants.add(new Finding(f.ruleId(), f.severity(), "x\uFFFD", f.at(), f.function(), f.lockClasses(), f.traces(), f.fix(), f.suppression()));
    variants.add(new Finding(f.ruleId(), f.severity(), "x?", f.at(), f.function(), f.lockClasses(), f.traces(), f.fix(), f.suppression()));

    List<String> descriptions = new ArrayList<>();
    for (Finding v : variants) descriptions.add(describe(v, 0, "fp:1"));
    descriptions.add(describe(f, 1, "fp:1"));
    descriptions.add(describe(f, null, "fp:1"));
    descriptions.add(describe(f, 0, "fp:2"));
    assertEquals(descriptions.size(), new java.util.HashSet<>(descriptions).size(), "two inputs gave one description");
    // What the result does not show (function, lock classes, fix) is not in it.
    Finding hidden = new Finding(f.ruleId(), f.severity(), f.message(), f.at(), "other_fn", List.of("x"), f.traces(),
        "other fix", f.suppression());
    assertEquals(describe(f, 0, "fp:1"), describe(hidden, 0, "fp:1"));
  }

  private static String describe(Finding f, Integer ruleIndex, String fingerprint) {
    ResultStore.Description d = ResultStore.Description.of(f, ruleIndex, fingerprint);
    return java.util.HexFormat.of().formatHex(d.bytes(), 0, d.length());
  }

  private static List<Span> spansAround(Span s) {
    return List.of(new Span(s.file() + "x", s.line(), s.column(), s.endLine(), s.endColumn()),
        new Span(s.file(), s.line() + 1, s.column(), s.endLine(), s.endColumn()),
        new Span(s.file(), s.line(), s.column() + 1, s.endLine(), s.endColumn()),
        new Span(s.file(), s.line(), s.column(), s.endLine() + 1, s.endColumn()),
        new Span(s.file(), s.line(), s.column(), s.endLine(), s.endColumn() + 1));
  }

  private static Finding withFirstTrace(Finding f, Trace t) {
    List<Trace> traces = new ArrayList<>(f.traces());
    traces.set(0, t);
    return new Finding(f.ruleId(), f.severity(), f.message(), f.at(), f.function(), f.lockClasses(), traces, f.fix(), f.suppression());
  }

  private static Finding withFirstStep(Finding f, Step s) {
    List<Step> steps = new ArrayList<>(f.traces().get(0).steps());
    steps.set(0, s);
    return withFirstTrace(f, new Trace(f.traces().get(0).title(), steps));
  }
}

package faultline.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.cache.DiskUnitCache;
import faultline.scan.Notification;
import faultline.scan.ScanListener;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import faultline.scan.UnitCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental scan must report exactly what a full scan of the same tree reports. Every fixture in one tree
 * (so that calls, ops tables and lock classes cross files), one full scan to leave a snapshot, then a seeded
 * sequence of edits of the kinds a patch makes; after each, the scan that continues the snapshot and a full
 * scan without any cache are compared finding for finding and notification for notification.
 */
class IncrementalScanTest {

  @TempDir Path dir;

  private static final String[] LOCKING = {
      "\tmutex_lock(&dev_lock);", "\tspin_lock(&state_lock);", "\tmutex_unlock(&dev_lock);", "\tmsleep(10);",
      "\tif (copy_to_user(ubuf, kbuf, 4)) return -EFAULT;", "\tdown_read(&current->mm->mmap_lock);",
  };

  @Test void everyEditGivesTheFindingsOfAFullScan() throws IOException {
    Path tree = copyFixtures();
    List<Path> files;
    try (Stream<Path> s = Files.walk(tree)) {
      files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
    }
    ScanOptions options = ScanOptions.of(tree, List.of(tree)).withAllRules().withJobs(2);
    Path cacheDir = dir.resolve("cache");
    ScanResult first = scan(options, DiskUnitCache.open(cacheDir, options));
    assertEquals(null, first.stats().counters().get("incremental"));

    Random random = new Random(20261121);
    int incremental = 0;
    int full = 0;
    for (int step = 0; step < 24; step++) {
      Path file = files.get(random.nextInt(files.size()));
      String what = edit(file, random);
      // Some edits land within the file system's time granularity of the previous scan: that must not matter.
      ScanResult continued = scan(options, DiskUnitCache.open(cacheDir, options));
      ScanResult reference = scan(options.withoutIncremental(), UnitCache.NONE);
      String context = "step " + step + ": " + what + " in " + tree.relativize(file);
      assertEquals(reference.findings(), continued.findings(), () -> context + "\n" + difference(reference, continued));
      assertEquals(withoutIncrementalNote(reference.notifications()), withoutIncrementalNote(continued.notifications()),
          context);
      if (continued.stats().counters().get("incremental") != null) incremental++;
      else full++;
    }
    // The edits are mostly body edits, which continue the snapshot; new functions need a full analysis.
    assertTrue(incremental >= 12, "incremental scans: " + incremental + ", full: " + full);
    assertTrue(full >= 1, "no edit needed a full analysis: the fallback is untested");
  }

  /**
   * Wherever the damage is, a rescan reports what the first scan did and blames no rule: a blob read lazily by a
   * rule (a summary an unchanged callee's check needs) once made the rule "fail" and lose its findings.
   */
  @Test void damageAnywhereInTheSnapshotNeverCostsFindings() throws IOException {
    Snapshotted s = scannedOnce();
    int positions = 24;
    for (int k = 1; k < positions; k++) {
      byte[] bytes = s.sound().clone();
      bytes[(int) ((long) bytes.length * k / positions)] ^= 0x40;
      Files.write(s.snapshot(), bytes);
      ScanResult again = s.rescan();
      assertEquals(s.first().findings(), again.findings(), "damage at " + k + "/" + positions);
      assertTrue(again.notifications().stream().noneMatch(n -> n.kind().equals("rule-failure")),
          "damage at " + k + "/" + positions + ": " + again.notifications());
    }
  }

  /** The fixture tree scanned once with a cache, and the snapshot that scan left (its path and bytes). */
  private record Snapshotted(ScanOptions options, Path cacheDir, ScanResult first, Path snapshot, byte[] sound) {
    ScanResult rescan() {
      return scan(options, DiskUnitCache.open(cacheDir, options));
    }
  }

  private Snapshotted scannedOnce() throws IOException {
    Path tree = copyFixtures();
    ScanOptions options = ScanOptions.of(tree, List.of(tree)).withAllRules().withJobs(2);
    Path cacheDir = dir.resolve("cache");
    ScanResult first = scan(options, DiskUnitCache.open(cacheDir, options));
    Path snapshot = DiskUnitCache.open(cacheDir, options).snapshotPath(options.paths()).orElseThrow();
    return new Snapshotted(options, cacheDir, first, snapshot, Files.readAllBytes(snapshot));
  }

  @Test void aDamagedSnapshotIsNotTrustedAndSaysSo() throws IOException {
    Snapshotted s = scannedOnce();
    ScanResult first = s.first();
    Path snapshot = s.snapshot();
    byte[] sound = s.sound();

    // Damage in a blob no scan needs goes unnoticed (blobs are checked when read); the findings are right anyway.
    byte[] bytes = sound.clone();
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(snapshot, bytes);
    assertEquals(first.findings(), s.rescan().findings());

    // Damage in the file table, which every continuing scan reads: refused, and a full analysis says why.
    bytes = sound.clone();
    bytes[12 + 64 + 20] ^= 0x40; // header (magic, format, key length, 64-character key), then the first file's blob
    Files.write(snapshot, bytes);
    ScanResult again = s.rescan();
    assertEquals(first.findings(), again.findings());
    assertEquals(null, again.stats().counters().get("incremental"));
    assertTrue(again.notifications().stream().anyMatch(n -> n.kind().equals("incremental")
        && n.message().contains("cannot be used")), again.notifications().toString());
    // The full analysis wrote a sound snapshot again.
    ScanResult third = s.rescan();
    assertEquals(1L, third.stats().counters().get("incremental"));
    assertEquals(first.findings(), third.findings());
  }

  private Path copyFixtures() throws IOException {
    Path testdata = Path.of(System.getProperty("testdata.dir", "../testdata"));
    Path tree = dir.resolve("tree");
    try (Stream<Path> s = Files.walk(testdata)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).toList()) {
        Path to = tree.resolve(testdata.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    return tree;
  }

  private static ScanResult scan(ScanOptions options, UnitCache cache) {
    return Scanner.scan(options, ScanListener.NONE, cache);
  }

  /** The findings only one of the scans reported, one line each. */
  private static String difference(ScanResult full, ScanResult continued) {
    StringBuilder out = new StringBuilder();
    for (faultline.rule.Finding f : full.findings()) {
      if (!continued.findings().contains(f)) out.append("  only full:        ").append(f.ruleId()).append(' ').append(f.at()).append(' ').append(f.message()).append('\n');
    }
    for (faultline.rule.Finding f : continued.findings()) {
      if (!full.findings().contains(f)) out.append("  only incremental: ").append(f.ruleId()).append(' ').append(f.at()).append(' ').append(f.message()).append('\n');
    }
    return out.length() == 0 ? "same findings, in another order" : out.toString();
  }

  private static List<Notification> withoutIncrementalNote(List<Notification> all) {
    return all.stream().filter(n -> !n.kind().equals("incremental")).toList();
  }

  /** Applies one random edit to {@code file} and says what it was. */
  private static String edit(Path file, Random random) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    String what;
    switch (random.nextInt(6)) {
      case 0 -> {
        lines.add(0, "/* a comment that moves every line */");
        what = "line inserted at the top";
      }
      case 1 -> {
        int at = indexOf(lines, random, "unlock");
        if (at < 0) return edit(file, random);
        lines.remove(at);
        what = "unlock removed";
      }
      case 2 -> {
        int at = indexOf(lines, random, "lock(");
        if (at < 0) return edit(file, random);
        lines.add(at, lines.get(at));
        what = "lock call duplicated";
      }
      case 3 -> {
        int at = indexOf(lines, random, "return");
        if (at < 0) return edit(file, random);
        lines.add(at, LOCKING[random.nextInt(LOCKING.length)]);
        what = "lock, sleep or user access added before a return";
      }
      case 4 -> {
        lines.add("");
        lines.add("int added_function_" + random.nextInt(1000) + "(void)");
        lines.add("{");
        lines.add("\treturn 0;");
        lines.add("}");
        what = "function added";
      }
      default -> {
        int at = indexOf(lines, random, "(");
        if (at < 0) return edit(file, random);
        lines.remove(at);
        what = "line with a call removed";
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return what;
  }

  private static int indexOf(List<String> lines, Random random, String needle) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(needle) && lines.get(i).startsWith("\t")) at.add(i);
    return at.isEmpty() ? -1 : at.get(random.nextInt(at.size()));
  }
}

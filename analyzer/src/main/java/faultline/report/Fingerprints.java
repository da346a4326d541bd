package faultline.report;

import faultline.rule.Finding;
import faultline.scan.FindingLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stable identities for findings, written to SARIF as {@code partialFingerprints["faultline/v1"]} and matched by
 * {@code --baseline}. A fingerprint hashes what the finding is about, never where it sits: the rule id, the file,
 * the function, the lock classes and the primary source line's text with comments and whitespace removed. Adding
 * lines above a finding keeps it; changing the rule, the locks or the line that triggers it changes it.
 *
 * <p>Two findings with the same hash (the same statement repeated in one function) are told apart by an occurrence
 * number in sort order, {@code <hash>:<n>}, as GitHub does for its own line hashes. So fingerprints are computed
 * once over all findings of a scan, before any of them are filtered.
 */
public final class Fingerprints {

  /** The partialFingerprints key; bump the version when the recipe changes so old baselines stop matching quietly. */
  public static final String KEY = "faultline/v1";

  /**
   * By identity: the report asks for the findings it was computed for. By equality only when asked for another
   * object, built then: a finding's own hash walks every step of its traces (20,000 findings of up to 16 steps
   * each on a kernel), which made a tenth of a second of a rescan.
   */
  private final List<Finding> findings;
  private final String[] fingerprints;
  private final Map<Finding, String> byIdentity;
  private volatile Map<Finding, String> byFinding;

  private Fingerprints(List<Finding> findings, String[] fingerprints) {
    this.findings = findings;
    this.fingerprints = fingerprints;
    this.byIdentity = new java.util.IdentityHashMap<>(2 * fingerprints.length);
    for (int i = 0; i < fingerprints.length; i++) byIdentity.put(findings.get(i), fingerprints[i]);
  }

  /** Fingerprints of {@code findings} (in the order given, which should be {@code RuleRunner.ORDER}); files are read from {@code root}. */
  public static Fingerprints compute(Path root, List<Finding> findings) {
    return compute(root, findings, FindingLines.NONE);
  }

  /**
   * The same, taking the lines {@code known} has (the scan read them for suppressions) and reading the files it
   * has not from {@code root}.
   */
  public static Fingerprints compute(Path root, List<Finding> findings, FindingLines known) {
    // A whole kernel's report names thousands of files: read the lines it needs on every core first, then hash in
    // order (occurrence numbers follow the order). An unreadable file has no lines: its findings hash without text.
    List<Finding> unread = findings.stream().filter(f -> !known.has(f.at().file())).toList();
    FindingLines read = unread.isEmpty() ? FindingLines.NONE : FindingLines.read(unread, root::resolve);
    // The hashes on every core (a kernel's 20,000 took a third of a second on one), the numbering in order.
    String[] bases = new String[findings.size()];
    java.util.stream.IntStream.range(0, bases.length).parallel().forEach(i -> {
      Finding f = findings.get(i);
      String file = f.at().file();
      String text = (known.has(file) ? known : read).line(file, f.at().line()).orElse("");
      bases[i] = hash(f, normalise(text));
    });
    Map<String, Integer> seen = new HashMap<>();
    String[] out = new String[bases.length];
    for (int i = 0; i < bases.length; i++) out[i] = bases[i] + ":" + seen.merge(bases[i], 1, Integer::sum);
    return new Fingerprints(List.copyOf(findings), out);
  }

  /** The fingerprint of a finding that was part of the computed list. */
  public String of(Finding finding) {
    String fp = byIdentity.get(finding);
    if (fp == null) fp = byEquality().get(finding);
    if (fp == null) throw new IllegalArgumentException("no fingerprint computed for " + finding.at() + " " + finding.ruleId());
    return fp;
  }

  /** Every fingerprint, for writing a baseline in tests. */
  public Set<String> all() {
    return new HashSet<>(byEquality().values());
  }

  /** In list order, a later equal finding's fingerprint replacing an earlier one's. */
  private Map<Finding, String> byEquality() {
    Map<Finding, String> m = byFinding;
    if (m == null) {
      m = new HashMap<>();
      for (int i = 0; i < fingerprints.length; i++) m.put(findings.get(i), fingerprints[i]);
      byFinding = m;
    }
    return m;
  }

  private static String hash(Finding f, String normalisedLine) {
    List<String> locks = new ArrayList<>(f.lockClasses());
    locks.sort(null);
    StringBuilder in = new StringBuilder();
    // NUL separators: no field can run into the next and produce the same input from different findings.
    in.append(f.ruleId()).append('\0').append(f.at().file()).append('\0').append(f.function()).append('\0')
        .append(String.join("\u0001", locks)).append('\0').append(normalisedLine);
    byte[] digest = SHA256.get().digest(in.toString().getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(digest, 0, 16);
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  });

  /**
   * A source line without comments or whitespace: re-indenting, re-wrapping a comment or adding a trailing note
   * does not change what the line does. String and character literals are kept verbatim.
   */
  static String normalise(String line) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && line.charAt(j) != c) j += line.charAt(j) == '\\' ? 2 : 1;
        j = Math.min(j + 1, n);
        out.append(line, i, j);
        i = j;
      } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '/') {
        break;
      } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '*') {
        int end = line.indexOf("*/", i + 2);
        if (end < 0) break;
        i = end + 2;
      } else {
        if (!Character.isWhitespace(c)) out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}

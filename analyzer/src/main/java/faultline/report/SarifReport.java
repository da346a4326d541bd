package faultline.report;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.CodeFlow;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.ReportingDescriptorReference;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Suppression;
import com.contrastsecurity.sarif.ThreadFlow;
import com.contrastsecurity.sarif.ThreadFlowLocation;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import faultline.ir.Span;
import faultline.rule.Finding;
import faultline.rule.RuleMeta;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import faultline.rule.Trace;
import faultline.scan.Notification;
import faultline.scan.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it (checked with the SARIF Multitool's "Sarif;Ghas" rules by
 * {@code .ci/validate-sarif.sh}). One run; the rules that ran as reportingDescriptors; each finding a result with
 * its location, a codeFlow (one threadFlow per trace), related locations for acquisitions and calls, a
 * {@code faultline/v1} partial fingerprint and, when suppressed in the source, an inSource suppression.
 *
 * <p>Paths are relative to {@code %SRCROOT%}, whose absolute location is left out unless asked for: a report
 * uploaded from CI must not carry the build machine's directory layout. Output bytes depend only on the input
 * (sorted rules, findings, maps and tags; fixed pretty printer), timestamps aside.
 */
public final class SarifReport {

  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String SRCROOT = "%SRCROOT%";

  /**
   * @param exitCode      the CLI's exit code, recorded in the invocation
   * @param embedRootUri  write the scan root's absolute file:// URI as SRCROOT (--absolute-paths)
   */
  public record Settings(ToolInfo tool, int exitCode, boolean embedRootUri) {}

  private SarifReport() {}

  /**
   * Writes the report to {@code out}. An {@link IOException} (a full disk) goes to the caller as it is, which
   * names the file: the scan's result is fine, only its report could not be written.
   */
  public static void write(ScanResult result, Fingerprints fingerprints, Settings settings, OutputStream out)
      throws IOException {
    write(result, fingerprints, settings, null, out);
  }

  /**
   * The same, taking from {@code store} (null: none) the JSON of each result made from the same inputs as one it
   * holds, and telling it which results were rendered anew ({@link ResultStore#save} keeps them for the next report).
   */
  public static void write(ScanResult result, Fingerprints fingerprints, Settings settings, ResultStore store,
      OutputStream out) throws IOException {
    JsonGenerator gen = MAPPER.getFactory().createGenerator(out);
    gen.setPrettyPrinter(new Printer());
    MAPPER.writeValue(gen, log(result, fingerprints, settings, store));
    out.write('\n');
    out.flush();
  }

  public static String render(ScanResult result, Fingerprints fingerprints, Settings settings) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      write(result, fingerprints, settings, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
      .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
      .setDateFormat(utcFormat())
      .setAnnotationIntrospector(new WrittenValuesOnly())
      .addMixIn(Run.class, RunMixIn.class);

  /**
   * java-sarif marks its classes NON_DEFAULT, which drops a result's level when it is "warning" but writes every
   * nulled default; this writes exactly what the report set, explicit levels included.
   */
  private static final class WrittenValuesOnly extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override public JsonInclude.Value findPropertyInclusion(Annotated a) {
      return JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL);
    }
  }

  private static SimpleDateFormat utcFormat() {
    SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
    f.setTimeZone(TimeZone.getTimeZone("UTC"));
    return f;
  }

  /** Two-space indent, "\n" on every platform, {@code "key": value}: the same bytes wherever the report is made. */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
      _objectFieldValueSeparatorWithSpaces = ": ";
    }

    @Override public DefaultPrettyPrinter createInstance() {
      return new Printer();
    }
  }

  /**
   * A run's results, one line each: compact JSON, serialised in parallel batches and copied in raw. Everything
   * else keeps the two-space layout. A whole-kernel report has some 20,000 results with 200,000 code-flow steps;
   * indented, two thirds of its 325 MB were spaces, and writing it took 3.5 s of a 9 s rescan. One result per line
   * also greps and diffs as a unit.
   */
  private static final class ResultLines extends com.fasterxml.jackson.databind.JsonSerializer<List<Result>> {
    private static final int BATCH = 1024;

    @Override public void serialize(List<Result> results, JsonGenerator gen,
        com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
      com.fasterxml.jackson.databind.ObjectWriter compact = MAPPER.writerFor(Result.class);
      PendingResults pending = results instanceof PendingResults p ? p : null;
      if (pending != null && pending.store != null) pending.store.prepare(results.size());
      gen.writeStartArray();
      RawJson[] lines = new RawJson[Math.min(BATCH, results.size())];
      for (int from = 0; from < results.size(); from += BATCH) {
        int base = from;
        int n = Math.min(BATCH, results.size() - from);
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
          try {
            lines[i] = new RawJson(pending != null ? pending.json(base + i, compact)
                : compact.writeValueAsBytes(results.get(base + i)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        for (int i = 0; i < n; i++) gen.writeRawValue(lines[i]);
      }
      gen.writeEndArray();
    }
  }

  /**
   * JSON already encoded as UTF-8, which a byte generator copies as it is (a String would be encoded again, on the
   * one thread that writes). Only the raw forms are meaningful.
   */
  private record RawJson(byte[] utf8) implements com.fasterxml.jackson.core.SerializableString {
    @Override public String getValue() {
      return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override public int charLength() {
      return getValue().length();
    }

    @Override public byte[] asUnquotedUTF8() {
      return utf8;
    }

    @Override public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (offset + utf8.length > buffer.length) return -1;
      System.arraycopy(utf8, 0, buffer, offset, utf8.length);
      return utf8.length;
    }

    @Override public int writeUnquotedUTF8(OutputStream out) throws IOException {
      out.write(utf8);
      return utf8.length;
    }

    @Override public int putUnquotedUTF8(java.nio.ByteBuffer buffer) {
      if (buffer.remaining() < utf8.length) return -1;
      buffer.put(utf8);
      return utf8.length;
    }

    @Override public int appendUnquoted(char[] buffer, int offset) {
      char[] chars = getValue().toCharArray();
      if (offset + chars.length > buffer.length) return -1;
      System.arraycopy(chars, 0, buffer, offset, chars.length);
      return chars.length;
    }

    // Quoted forms: a raw value is never written as a JSON string.
    @Override public char[] asQuotedChars() {
      throw new UnsupportedOperationException();
    }

    @Override public byte[] asQuotedUTF8() {
      throw new UnsupportedOperationException();
    }

    @Override public int appendQuotedUTF8(byte[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override public int appendQuoted(char[] buffer, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override public int writeQuotedUTF8(OutputStream out) {
      throw new UnsupportedOperationException();
    }

    @Override public int putQuotedUTF8(java.nio.ByteBuffer buffer) {
      throw new UnsupportedOperationException();
    }
  }

  /** Puts {@link ResultLines} on {@link Run}'s results. */
  private abstract static class RunMixIn {
    @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = ResultLines.class)
    abstract List<Result> getResults();
  }

  /**
   * A report's results, each built when asked for: the writer takes most of them from a {@link ResultStore} as
   * JSON, and never builds those.
   */
  private static final class PendingResults extends java.util.AbstractList<Result> implements java.util.RandomAccess {
    private final List<Finding> findings;
    private final Map<String, Integer> ruleIndex;
    private final Fingerprints fingerprints;
    private final ResultStore store;

    PendingResults(List<Finding> findings, Map<String, Integer> ruleIndex, Fingerprints fingerprints, ResultStore store) {
      this.findings = findings;
      this.ruleIndex = ruleIndex;
      this.fingerprints = fingerprints;
      this.store = store;
    }

    @Override public Result get(int i) {
      Finding f = findings.get(i);
      return result(f, ruleIndex, fingerprints.of(f));
    }

    @Override public int size() {
      return findings.size();
    }

    /** Result {@code i} as compact JSON: the store's when it holds one made from the same inputs, else rendered. */
    byte[] json(int i, com.fasterxml.jackson.databind.ObjectWriter compact) throws IOException {
      Finding f = findings.get(i);
      String fingerprint = fingerprints.of(f);
      if (store == null) return compact.writeValueAsBytes(result(f, ruleIndex, fingerprint));
      ResultStore.Description d = ResultStore.Description.of(f, ruleIndex.get(f.ruleId()), fingerprint);
      byte[] json = store.reuse(i, d);
      if (json == null) {
        json = compact.writeValueAsBytes(result(f, ruleIndex, fingerprint));
        store.rendered(i, d, json);
      }
      return json;
    }
  }

  static SarifSchema210 log(ScanResult scan, Fingerprints fingerprints, Settings settings, ResultStore store) {
    List<RuleMeta> rules = new ArrayList<>(scan.rules());
    rules.sort(java.util.Comparator.comparing(RuleMeta::id));
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    Set<ReportingDescriptor> descriptors = new LinkedHashSet<>();
    for (RuleMeta meta : rules) {
      ruleIndex.put(meta.id(), ruleIndex.size());
      descriptors.add(descriptor(meta, settings.tool()));
    }

    ToolComponent driver = new ToolComponent()
        .withName(settings.tool().name())
        .withVersion(settings.tool().version())
        .withSemanticVersion(settings.tool().version())
        .withInformationUri(URI.create(settings.tool().informationUri()))
        .withRules(descriptors);
    clearDefaults(driver);

    // Built as they are written, in parallel (ResultLines): a kernel's report has 20,000 results with 200,000
    // code-flow steps.
    List<Result> results = new PendingResults(scan.findings(), ruleIndex, fingerprints, store);

    Run run = new Run()
        .withTool(new Tool().withDriver(driver))
        .withOriginalUriBaseIds(baseIds(scan.root(), settings.embedRootUri()))
        .withInvocations(List.of(invocation(scan, settings.exitCode())))
        .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
        .withResults(results);
    run.setLanguage(null);
    run.setNewlineSequences(null);

    return new SarifSchema210()
        .with$schema(URI.create(SCHEMA))
        .withVersion(SarifSchema210.Version._2_1_0)
        .withRuns(List.of(run));
  }

  private static ReportingDescriptor descriptor(RuleMeta meta, ToolInfo tool) {
    Severity severity = meta.info().severity();
    Set<String> tags = new TreeSet<>(List.of(meta.info().tags()));
    for (int cwe : meta.info().cwe()) tags.add("external/cwe/cwe-" + cwe);
    PropertyBag props = new PropertyBag();
    props.setAdditionalProperty("precision", meta.info().precision());
    props.setAdditionalProperty("problem.severity", switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTE -> "recommendation";
    });
    // A deadlock is a denial of service (CWE-833): GitHub ranks errors with a CWE as security alerts of
    // high severity; warnings and notes stay plain code-quality alerts.
    if (severity == Severity.ERROR && meta.info().cwe().length > 0) {
      tags.add("security");
      props.setAdditionalProperty("security-severity", "7.0");
    }
    props.setTags(tags);

    String markdown = meta.helpMarkdown().isBlank() ? meta.fullDescription() : meta.helpMarkdown().strip();
    ReportingConfiguration config = new ReportingConfiguration().withLevel(configLevel(severity));
    config.setEnabled(null);
    config.setRank(null);
    return new ReportingDescriptor()
        .withId(meta.id())
        .withName(pascalCase(meta.id()))
        .withShortDescription(text(sentence(meta.info().name())))
        .withFullDescription(text(sentence(meta.fullDescription())))
        .withHelp(new MultiformatMessageString().withText(markdown).withMarkdown(markdown))
        .withHelpUri(URI.create(tool.ruleHelpUri(meta.id())))
        .withDefaultConfiguration(config)
        .withProperties(props);
  }

  private static Result result(Finding f, Map<String, Integer> ruleIndex, String fingerprint) {
    // Acquisitions and calls become numbered related locations the message links to: "[taken here](1)".
    Map<String, Location> related = new LinkedHashMap<>();
    List<String> links = new ArrayList<>();
    for (Trace trace : f.traces()) {
      for (Step step : trace.steps()) {
        if (step.kind() != StepKind.ACQUIRE && step.kind() != StepKind.CALL && step.kind() != StepKind.CALLBACK) continue;
        String key = step.at() + "\0" + step.message();
        if (related.containsKey(key)) continue;
        int id = related.size() + 1;
        Location loc = location(step.at()).withId(id).withMessage(message(step.message()));
        related.put(key, loc);
        links.add("[" + escapeLinkText(step.message()) + "](" + id + ")");
      }
    }
    String text = sentence(f.message());
    if (!links.isEmpty()) text += " Witness: " + String.join(", ", links) + ".";

    PartialFingerprints fps = new PartialFingerprints();
    fps.setAdditionalProperty(Fingerprints.KEY, fingerprint);

    Result r = new Result()
        .withRuleId(f.ruleId())
        .withLevel(resultLevel(f.severity()))
        .withMessage(new Message().withText(text))
        .withLocations(List.of(location(f.at())))
        .withPartialFingerprints(fps);
    r.setRuleIndex(ruleIndex.get(f.ruleId()));
    r.setKind(null);
    r.setRank(null);
    if (!related.isEmpty()) r.setRelatedLocations(new LinkedHashSet<>(related.values()));
    List<ThreadFlow> flows = new ArrayList<>();
    for (Trace trace : f.traces()) {
      if (trace.steps().isEmpty()) continue;
      List<ThreadFlowLocation> steps = new ArrayList<>();
      for (Step step : trace.steps()) {
        ThreadFlowLocation tfl = new ThreadFlowLocation()
            .withLocation(location(step.at()).withMessage(message(step.message())))
            .withNestingLevel(Math.max(0, step.depth()))
            .withKinds(new LinkedHashSet<>(List.of(step.kind().word())));
        tfl.setIndex(null);
        tfl.setExecutionOrder(null);
        tfl.setImportance(null);
        steps.add(tfl);
      }
      ThreadFlow flow = new ThreadFlow().withLocations(steps);
      if (!trace.title().isBlank()) flow.setMessage(message(trace.title()));
      flows.add(flow);
    }
    if (!flows.isEmpty()) r.setCodeFlows(List.of(new CodeFlow().withThreadFlows(flows)));
    f.suppression().ifPresent(why -> {
      Suppression s = new Suppression().withKind(Suppression.Kind.IN_SOURCE);
      if (!why.isBlank()) s.setJustification(why);
      r.setSuppressions(new LinkedHashSet<>(List.of(s)));
    });
    return r;
  }

  private static Invocation invocation(ScanResult scan, int exitCode) {
    List<com.contrastsecurity.sarif.Notification> notes = new ArrayList<>();
    for (Notification n : scan.notifications()) {
      com.contrastsecurity.sarif.Notification note = new com.contrastsecurity.sarif.Notification()
          .withLevel(notificationLevel(n.level()))
          .withMessage(message(n.message()))
          .withDescriptor(new ReportingDescriptorReference().withId(n.kind()));
      clearDefaults(note.getDescriptor());
      n.at().ifPresent(at -> note.setLocations(new LinkedHashSet<>(List.of(location(at)))));
      notes.add(note);
    }
    Invocation inv = new Invocation()
        .withExecutionSuccessful(true)
        .withExitCode(exitCode)
        .withStartTimeUtc(Date.from(scan.started()))
        .withEndTimeUtc(Date.from(scan.ended()));
    if (!notes.isEmpty()) inv.setToolExecutionNotifications(notes);
    return inv;
  }

  private static OriginalUriBaseIds baseIds(Path root, boolean embedRootUri) {
    ArtifactLocation srcroot = new ArtifactLocation();
    clearDefaults(srcroot);
    if (embedRootUri) {
      String uri = root.toAbsolutePath().normalize().toUri().toString();
      srcroot.setUri(uri.endsWith("/") ? uri : uri + "/");
    } else {
      // No uri: the consumer (GitHub: the checkout) decides where the root is.
      srcroot.setDescription(message("The directory faultline scanned; result paths are relative to it."));
    }
    return new OriginalUriBaseIds().withAdditionalProperty(SRCROOT, srcroot);
  }

  /**
   * The last file a thread wrote a location of, its URI, and whether that is absolute (null: relative to SRCROOT).
   * A result's steps are mostly in its own file, and building a URI costs more than the rest of a location.
   */
  private static final ThreadLocal<String[]> LAST_URI = ThreadLocal.withInitial(() -> new String[3]);

  private static Location location(Span at) {
    ArtifactLocation artifact = new ArtifactLocation();
    clearDefaults(artifact);
    String[] last = LAST_URI.get();
    if (!at.file().equals(last[0])) {
      // --absolute-paths, or a file outside the root: an absolute file: URI; else one relative to SRCROOT.
      boolean absolute = Path.of(at.file()).isAbsolute();
      last[1] = absolute ? Path.of(at.file()).toUri().toString() : encodePath(at.file().replace('\\', '/'));
      last[2] = absolute ? "absolute" : null;
      last[0] = at.file();
    }
    artifact.setUri(last[1]);
    if (last[2] == null) artifact.setUriBaseId(SRCROOT);
    Region region = new Region().withStartLine(Math.max(1, at.line()));
    region.setCharOffset(null);
    region.setByteOffset(null);
    if (at.column() >= 1) region.setStartColumn(at.column());
    // A Span's end is its last character (inclusive); SARIF's endColumn is the column after it.
    boolean endNotBeforeStart = at.endLine() > at.line() || (at.endLine() == at.line() && at.endColumn() >= at.column());
    if (at.column() >= 1 && at.endColumn() >= 1 && endNotBeforeStart) {
      region.setEndLine(at.endLine());
      region.setEndColumn(at.endColumn() + 1);
    }
    Location loc = new Location().withPhysicalLocation(new PhysicalLocation().withArtifactLocation(artifact).withRegion(region));
    loc.setId(null);
    return loc;
  }

  /** A relative URI reference: each path segment percent-encoded, slashes kept. */
  static String encodePath(String relative) {
    try {
      return new URI(null, null, relative, null).toASCIIString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a path: " + relative, e);
    }
  }

  private static void clearDefaults(ArtifactLocation a) {
    a.setIndex(null);
  }

  private static void clearDefaults(ReportingDescriptorReference r) {
    r.setIndex(null);
  }

  private static void clearDefaults(ToolComponent c) {
    c.setLanguage(null);
    c.setContents(null);
    c.setIsComprehensive(null);
  }

  private static Message message(String text) {
    return new Message().withText(sentence(text));
  }

  private static MultiformatMessageString text(String text) {
    return new MultiformatMessageString().withText(text);
  }

  /** SARIF messages are sentences ending in a period (SARIF2001); faultline's one-line messages have none. */
  static String sentence(String s) {
    String t = s.strip();
    if (t.isEmpty() || t.endsWith(".") || t.endsWith("?") || t.endsWith("!")) return t;
    return t + ".";
  }

  /** "[", "]" and "\" are markup in SARIF message links (§3.11.6). */
  static String escapeLinkText(String s) {
    return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
  }

  /** "mutex-held-across-fault" -> "MutexHeldAcrossFault": the SARIF rule name. */
  static String pascalCase(String id) {
    StringBuilder out = new StringBuilder();
    for (String part : id.split("[-_]")) {
      if (part.isEmpty()) continue;
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  private static Result.Level resultLevel(Severity s) {
    return Result.Level.fromValue(s.sarifLevel());
  }

  private static ReportingConfiguration.Level configLevel(Severity s) {
    return ReportingConfiguration.Level.fromValue(s.sarifLevel());
  }

  private static com.contrastsecurity.sarif.Notification.Level notificationLevel(Notification.Level l) {
    return com.contrastsecurity.sarif.Notification.Level.fromValue(l.name().toLowerCase(Locale.ROOT));
  }
}

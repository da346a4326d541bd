package faultline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.rule.Finding;
import faultline.rule.Rule;
import faultline.rule.RuleInfo;
import faultline.rule.RuleMeta;
import faultline.rule.RuleRegistry;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** STYLE §3: ids, class names, the service file, help sections, help examples checked like fixtures, fixtures present. */
class RuleCatalogTest {

  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern C_BLOCK = Pattern.compile("```c\\n(.*?)```", Pattern.DOTALL);

  static List<RuleMeta> rules() {
    return RuleRegistry.builtIn().all();
  }

  @Test
  void idsAreKebabCaseAndUnique() {
    Set<String> seen = new HashSet<>();
    for (RuleMeta r : rules()) {
      assertTrue(KEBAB.matcher(r.id()).matches(), "not kebab-case: " + r.id());
      assertTrue(seen.add(r.id()), "duplicate id: " + r.id());
    }
    assertEquals(8, rules().size(), "the eight built-in rules are loaded: " + rules().stream().map(RuleMeta::id).toList());
  }

  /** Every Rule class in faultline.rules is named after its id and listed in the service file. */
  @Test
  void everyRuleClassIsNamedForItsIdAndListedInTheServiceFile() throws IOException, URISyntaxException, ClassNotFoundException {
    List<String> listed = new ArrayList<>();
    try (InputStream in = DoubleLockRule.class.getResourceAsStream("/META-INF/services/faultline.rule.Rule")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) listed.add(line.strip());
      }
    }
    Path classes = Paths.get(DoubleLockRule.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("faultline/rules");
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")).toList()) {
        String name = "faultline.rules." + f.getFileName().toString().replace(".class", "");
        Class<?> cls = Class.forName(name);
        if (!Rule.class.isAssignableFrom(cls)) continue;
        RuleInfo info = cls.getAnnotation(RuleInfo.class);
        if (info == null) { problems.add(name + " has no @RuleInfo"); continue; }
        String expected = upperCamel(info.id()) + "Rule";
        if (!cls.getSimpleName().equals(expected)) problems.add(name + " should be named " + expected);
        if (!listed.contains(name)) problems.add(name + " is missing from META-INF/services/faultline.rule.Rule");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void helpHasEverySection(String id) {
    RuleMeta r = meta(id);
    String help = r.helpMarkdown();
    assertFalse(help.isBlank(), id + ": no help file /faultline/rules/" + id + ".md");
    assertTrue(help.startsWith("# "), id + ": help must start with a title line");
    for (String section : List.of("Bad", "Good", "Fix", "References")) {
      assertTrue(r.sections().containsKey(section), id + ": help has no '## " + section + "' section");
    }
    assertFalse(r.fullDescription().equals(r.info().name()), id + ": help has no why paragraph");
    assertFalse(r.defaultFix().isBlank(), id + ": '## Fix' has no first line");
    assertFalse(r.defaultFix().endsWith("."), id + ": the default fix is one imperative line without a final period");
    assertTrue(r.sections().get("References").contains("cwe.mitre.org"), id + ": References must link the CWE entries");
    assertEquals(1, cBlocks(r.sections().get("Bad")).size(), id + ": '## Bad' must hold one C block");
    assertEquals(1, cBlocks(r.sections().get("Good")).size(), id + ": '## Good' must hold one C block");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void helpBadExampleIsFoundAndGoodExampleIsClean(String id, @TempDir Path tmp) throws IOException {
    RuleMeta r = meta(id);
    List<Finding> bad = scan(tmp, "bad.c", cBlocks(r.sections().get("Bad")).get(0));
    assertTrue(bad.stream().anyMatch(f -> f.ruleId().equals(id)),
        id + ": the help's '## Bad' example yields no " + id + " finding; found " + describe(bad));
    List<Finding> good = scan(tmp, "good.c", cBlocks(r.sections().get("Good")).get(0));
    assertTrue(good.isEmpty(), id + ": the help's '## Good' example yields findings: " + describe(good));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void everyRuleHasBadAndOkFixtures(String id) throws IOException {
    Path dir = FixtureTest.testdata().resolve(id);
    assertTrue(Files.isDirectory(dir), id + ": no fixture folder " + dir);
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().anyMatch(n -> n.startsWith("bad_")), id + ": no bad_ fixture");
      assertTrue(names.stream().anyMatch(n -> n.startsWith("ok_")), id + ": no ok_ fixture");
    }
  }

  static Stream<String> ids() {
    return rules().stream().map(RuleMeta::id);
  }

  private static RuleMeta meta(String id) {
    return rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  private static List<String> cBlocks(String section) {
    List<String> out = new ArrayList<>();
    Matcher m = C_BLOCK.matcher(section == null ? "" : section);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  private static List<Finding> scan(Path tmp, String name, String code) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, code, StandardCharsets.UTF_8);
    ScanResult result = Scanner.scan(ScanOptions.of(tmp, List.of(file)).withJobs(1).withAllRules());
    List<String> problems = FixtureTest.scanProblems(result, name);
    assertTrue(problems.isEmpty(), name + " did not scan cleanly: " + problems);
    return result.findings();
  }

  private static String describe(List<Finding> findings) {
    return findings.stream().map(f -> f.at() + " " + f.ruleId() + ": " + f.message()).toList().toString();
  }

  private static String upperCamel(String id) {
    StringBuilder sb = new StringBuilder();
    for (String part : id.split("-")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    return sb.toString();
  }
}

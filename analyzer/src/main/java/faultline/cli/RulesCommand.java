package faultline.cli;

import faultline.rule.Maturity;
import faultline.rule.RuleMeta;
import faultline.rule.RuleRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "List the rules, one per line: id, level, name (experimental ones run only with --enable).")
final class RulesCommand implements Callable<Integer> {

  private final Env env;

  RulesCommand(Env env) {
    this.env = env;
  }

  @Option(names = "--plugin", paramLabel = "JAR", description = "Also list the rules in this jar (repeatable).")
  List<Path> plugins = new ArrayList<>();

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  @Override public Integer call() {
    List<RuleMeta> all = RuleRegistry.load(plugins.stream().map(p -> env.cwd().resolve(p).normalize()).toList()).all();
    int width = all.stream().mapToInt(r -> r.id().length()).max().orElse(0);
    for (RuleMeta r : all) {
      String experimental = r.info().maturity() == Maturity.EXPERIMENTAL ? " (experimental)" : "";
      env.out().println(String.format("%-" + width + "s  %-7s  %s%s", r.id(), r.info().severity().sarifLevel(),
          r.info().name(), experimental));
    }
    env.out().flush();
    return Main.OK;
  }
}

package faultline.rule;

/**
 * A checker, discovered with {@link java.util.ServiceLoader}. Annotated with {@link RuleInfo}. A rule reads
 * facts through the context and reports; it keeps no state between calls and runs no dataflow of its own.
 */
public interface Rule {
  void check(RuleContext ctx);
}

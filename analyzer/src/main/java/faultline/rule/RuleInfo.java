package faultline.rule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule's metadata. The long description, the bad and good examples and the fix live in the help file
 * {@code <id>.md} next to the class's package in resources ({@code /faultline/rules/<id>.md}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
  /** kebab-case, describes the defect, never changes: users' baselines depend on it. */
  String id();

  /** One line, sentence case, no final period: the SARIF shortDescription. */
  String name();

  Severity severity();

  int[] cwe() default {};

  /** SARIF properties.tags besides the CWE tags: "deadlock", "concurrency", ... */
  String[] tags() default {};

  /** SARIF precision: "very-high", "high", "medium", "low". */
  String precision() default "high";

  Maturity maturity() default Maturity.STABLE;
}

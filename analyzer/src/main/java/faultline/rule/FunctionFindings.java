package faultline.rule;

import java.util.List;

/**
 * What the rules reported on one function: per rule (in the order the rules were run), its findings in the
 * order they were kept, and the rules that threw.
 */
public record FunctionFindings(List<List<Finding>> byRule, List<RuleRunner.RuleFailure> failures) {}

package faultline.rule;

import java.util.List;

/** An ordered witness path, rendered as one SARIF threadFlow. lock-order-inversion has one per cycle edge. */
public record Trace(String title, List<Step> steps) {}

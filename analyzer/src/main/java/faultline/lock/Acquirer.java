package faultline.lock;

/** A function whose summary lists {@code acquisition}: it, or a callee of it, takes that lock. */
public record Acquirer(String function, FunctionSummary.Acquisition acquisition) {}

namespace ServerlessStreams.Spec;

public enum TaskType { Input, Function, Output }

public enum Medium { Kafka, Table }

public enum WindowType { Fixed, Sliding, Global, Session }

/// <summary>Whether a window's key holds times (epoch milliseconds) or plain numbers.</summary>
public enum WindowKeyKind { Time, Number }

public enum TriggerKind { Segment, Timer, Punctuation, Watermark, PercentileWatermark }

public enum Refinement { Accumulating, Discarding }

public enum AggregationKind { Count, Collect, Sum, Min, Max, Average, DistinctCount, Registered }

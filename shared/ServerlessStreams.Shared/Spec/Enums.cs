namespace ServerlessStreams.Spec;

/// <summary>What a catalog task is: an input read from a medium, a function of its upstream segments, or an output written to a medium.</summary>
public enum TaskType { Input, Function, Output }

/// <summary>Where an input reads or an output writes: a Kafka topic or an Azure Table.</summary>
public enum Medium { Kafka, Table }

/// <summary>How a window groups segments into extents: fixed ranges, overlapping sliding ranges, one global extent, or sessions split by a gap.</summary>
public enum WindowType { Fixed, Sliding, Global, Session }

/// <summary>Whether a window's key holds times (epoch milliseconds) or plain numbers.</summary>
public enum WindowKeyKind { Time, Number }

/// <summary>What makes a trigger fire: a count of segments, a processing-time period, a predicate on a segment, the watermark passing an extent's end, or a percentile of the extent passed by the watermark.</summary>
public enum TriggerKind { Segment, Timer, Punctuation, Watermark, PercentileWatermark }

/// <summary>What a window keeps after a trigger fires: its state (accumulating) or nothing (discarding).</summary>
public enum Refinement { Accumulating, Discarding }

/// <summary>A window's aggregation: a built-in one, or one registered by name in the <see cref="Registry.JobRegistry"/>.</summary>
public enum AggregationKind { Count, Collect, Sum, Min, Max, Average, DistinctCount, Registered }

namespace ServerlessStreams.Spec;

/// <summary>What a catalog task is: an input read from a medium, a function of its upstream segments, or an output written to a medium.</summary>
public enum TaskType
{
    /// <summary>Reads records from a Kafka topic.</summary>
    Input,
    /// <summary>Runs a function on its upstream segments.</summary>
    Function,
    /// <summary>Writes its upstream segments to a topic or Table.</summary>
    Output,
}

/// <summary>Where an input reads or an output writes: a Kafka topic or an Azure Table.</summary>
public enum Medium
{
    /// <summary>A Kafka topic.</summary>
    Kafka,
    /// <summary>An Azure Table.</summary>
    Table,
}

/// <summary>How a window groups segments into extents: fixed ranges, overlapping sliding ranges, one global extent, or sessions split by a gap.</summary>
public enum WindowType
{
    /// <summary>Back-to-back extents of one range.</summary>
    Fixed,
    /// <summary>Extents of one range, starting every slide.</summary>
    Sliding,
    /// <summary>One extent per key.</summary>
    Global,
    /// <summary>Extents that a gap without segments ends.</summary>
    Session,
}

/// <summary>Whether a window's key holds times (epoch milliseconds) or plain numbers.</summary>
public enum WindowKeyKind
{
    /// <summary>Times, held as epoch milliseconds.</summary>
    Time,
    /// <summary>Plain numbers.</summary>
    Number,
}

/// <summary>What makes a trigger fire: a count of segments, a processing-time period, a predicate holding for a segment, the watermark passing an extent's end, or a segment's time passing a fraction of an extent.</summary>
public enum TriggerKind
{
    /// <summary>Every <c>threshold</c> segments per group key.</summary>
    Segment,
    /// <summary>Every <c>period</c> of processing time.</summary>
    Timer,
    /// <summary>When a predicate holds for a segment.</summary>
    Punctuation,
    /// <summary>When the watermark passes an extent's end.</summary>
    Watermark,
    /// <summary>When a segment's time passes a fraction of an extent.</summary>
    PercentileWatermark,
}

/// <summary>What a window keeps after a trigger fires: its state (accumulating) or nothing (discarding).</summary>
public enum Refinement
{
    /// <summary>The extent keeps its state.</summary>
    Accumulating,
    /// <summary>The extent starts again empty.</summary>
    Discarding,
}

/// <summary>A window's aggregation: a built-in one, or one registered by name in the <see cref="Registry.JobRegistry"/>.</summary>
public enum AggregationKind
{
    /// <summary>The number of segments.</summary>
    Count,
    /// <summary>Every segment, as a list.</summary>
    Collect,
    /// <summary>The sum of a field.</summary>
    Sum,
    /// <summary>The smallest value of a field.</summary>
    Min,
    /// <summary>The largest value of a field.</summary>
    Max,
    /// <summary>The average of a field.</summary>
    Average,
    /// <summary>The number of distinct values of a field.</summary>
    DistinctCount,
    /// <summary>An aggregation registered by name.</summary>
    Registered,
}

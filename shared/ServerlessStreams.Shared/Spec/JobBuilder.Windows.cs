namespace ServerlessStreams.Spec;

/// <summary>
/// Windows: <see cref="TimeSpan"/> lengths make a time window key (held in milliseconds), <see cref="double"/>
/// lengths a numeric one.
/// </summary>
public sealed partial class JobBuilder
{
    /// <summary>A fixed window over times: extents of <paramref name="range"/> each.</summary>
    public JobBuilder FixedWindow(string id, string task, AggregationSpec aggregation, string windowKey, TimeSpan range, double minValue = 0) =>
        AddWindow(Window(id, task, WindowType.Fixed, aggregation, windowKey, WindowKeyKind.Time) with
        {
            Range = range.TotalMilliseconds, MinValue = minValue,
        });

    /// <summary>A fixed window over numbers: extents of <paramref name="range"/> each.</summary>
    public JobBuilder FixedWindow(string id, string task, AggregationSpec aggregation, string windowKey, double range, double minValue = 0) =>
        AddWindow(Window(id, task, WindowType.Fixed, aggregation, windowKey, WindowKeyKind.Number) with { Range = range, MinValue = minValue });

    /// <summary>A sliding window over times: extents of <paramref name="range"/> starting every <paramref name="slide"/>.</summary>
    public JobBuilder SlidingWindow(string id, string task, AggregationSpec aggregation, string windowKey, TimeSpan range, TimeSpan slide,
        double minValue = 0) =>
        AddWindow(Window(id, task, WindowType.Sliding, aggregation, windowKey, WindowKeyKind.Time) with
        {
            Range = range.TotalMilliseconds, Slide = slide.TotalMilliseconds, MinValue = minValue,
        });

    /// <summary>A sliding window over numbers: extents of <paramref name="range"/> starting every <paramref name="slide"/>.</summary>
    public JobBuilder SlidingWindow(string id, string task, AggregationSpec aggregation, string windowKey, double range, double slide,
        double minValue = 0) =>
        AddWindow(Window(id, task, WindowType.Sliding, aggregation, windowKey, WindowKeyKind.Number) with
        {
            Range = range, Slide = slide, MinValue = minValue,
        });

    /// <summary>A session window over times: a gap of <paramref name="timeoutGap"/> ends a session.</summary>
    public JobBuilder SessionWindow(string id, string task, AggregationSpec aggregation, string windowKey, TimeSpan timeoutGap) =>
        AddWindow(Window(id, task, WindowType.Session, aggregation, windowKey, WindowKeyKind.Time) with { TimeoutGap = timeoutGap.TotalMilliseconds });

    /// <summary>A session window over numbers: a gap of <paramref name="timeoutGap"/> ends a session.</summary>
    public JobBuilder SessionWindow(string id, string task, AggregationSpec aggregation, string windowKey, double timeoutGap) =>
        AddWindow(Window(id, task, WindowType.Session, aggregation, windowKey, WindowKeyKind.Number) with { TimeoutGap = timeoutGap });

    /// <summary>A global window: one extent per key.</summary>
    public JobBuilder GlobalWindow(string id, string task, AggregationSpec aggregation, string? windowKey = null) =>
        AddWindow(Window(id, task, WindowType.Global, aggregation, windowKey, WindowKeyKind.Time));

    /// <summary>Adds a window as it is.</summary>
    public JobBuilder AddWindow(WindowSpec window)
    {
        _windows.Add(window);
        return this;
    }

    private static WindowSpec Window(string id, string task, WindowType type, AggregationSpec aggregation, string? windowKey, WindowKeyKind kind) =>
        new() { Id = id, Task = task, Type = type, Aggregation = aggregation, WindowKey = windowKey, KeyKind = kind };
}

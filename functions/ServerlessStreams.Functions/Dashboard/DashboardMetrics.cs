using System.Diagnostics.Metrics;
using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Functions.Dashboard;

/// <summary>
/// What the dashboard shows of one <see cref="StreamMetrics"/>: totals per task (records in and out, late records,
/// dead letters), the last watermark lag per task, when the sweeper last ran, and the last firings. Listens to that
/// instance's meter only. Totals are cumulative; the page turns them into rates between two reads.
/// </summary>
public sealed class DashboardMetrics : IDisposable
{
    /// <summary>Firings kept for the page, newest first.</summary>
    public const int KeptFirings = 20;

    private readonly Lock _gate = new();
    private readonly MeterListener _listener;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TaskTotals> _tasks = new(StringComparer.Ordinal);
    private readonly LinkedList<FiringEvent> _firings = new();
    private DateTimeOffset? _lastSweep;
    private double? _sweeperLagMs;

    public DashboardMetrics(StreamMetrics metrics, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _time = time ?? TimeProvider.System;
        var meter = metrics.Meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter)) listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        _listener.Start();
    }

    public DashboardSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new DashboardSnapshot(_time.GetUtcNow(),
                _tasks.ToDictionary(p => p.Key, p => p.Value with { }, StringComparer.Ordinal),
                _firings.ToList(), _lastSweep, _sweeperLagMs);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var task = Tag(tags, MetricNames.TaskTag) ?? "";
        lock (_gate)
        {
            var totals = _tasks.TryGetValue(task, out var found) ? found : _tasks[task] = new TaskTotals();
            switch (instrument)
            {
                case MetricNames.RecordsIn: totals.RecordsIn += (long)value; break;
                case MetricNames.RecordsOut: totals.RecordsOut += (long)value; break;
                case MetricNames.LateRecords: totals.Late += (long)value; break;
                case MetricNames.DeadLetters: totals.DeadLetters += (long)value; break;
                case MetricNames.WatermarkLag: totals.WatermarkLagMs = value; break;
                case MetricNames.SweeperLag:
                    _lastSweep = _time.GetUtcNow();
                    _sweeperLagMs = value;
                    break;
                case MetricNames.WindowsFired:
                    _firings.AddFirst(new FiringEvent(_time.GetUtcNow(), task, Tag(tags, MetricNames.WindowTag) ?? "", Tag(tags, MetricNames.TriggerTag) ?? "", (long)value));
                    while (_firings.Count > KeptFirings) _firings.RemoveLast();
                    break;
            }
            if (task.Length == 0 && totals.IsEmpty) _tasks.Remove(task);
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
            if (tag.Key == name) return tag.Value?.ToString();
        return null;
    }

    public sealed record TaskTotals
    {
        public long RecordsIn { get; set; }
        public long RecordsOut { get; set; }
        public long Late { get; set; }
        public long DeadLetters { get; set; }
        public double? WatermarkLagMs { get; set; }

        public bool IsEmpty => RecordsIn == 0 && RecordsOut == 0 && Late == 0 && DeadLetters == 0 && WatermarkLagMs is null;
    }

    public sealed record FiringEvent(DateTimeOffset At, string Task, string WindowId, string TriggerId, long Count);
}

public sealed record DashboardSnapshot(DateTimeOffset At, IReadOnlyDictionary<string, DashboardMetrics.TaskTotals> Tasks,
    IReadOnlyList<DashboardMetrics.FiringEvent> Firings, DateTimeOffset? LastSweep, double? SweeperLagMs);

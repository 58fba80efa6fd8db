using System.Diagnostics.Metrics;

namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// Adds up what one <see cref="StreamMetrics"/> records, in-process: the pipeline's totals, each task's totals, the
/// sweeper's last run and the last firings. The worker's <c>stats</c> function, <c>run</c>'s status line and the
/// dashboard all read its <see cref="Snapshot"/>. Listens to that instance's meter only, so parallel runs in one
/// process (tests) do not see each other's numbers. Thread-safe; measurements are per batch, so a lock is cheap.
/// </summary>
internal sealed class StreamMetricsListener : IDisposable
{
    /// <summary>Firings kept, newest first.</summary>
    public const int KeptFirings = 20;

    private const string InputType = "input";
    private const string OutputType = "output";

    private readonly Lock gate = new();
    private readonly MeterListener listener;
    private readonly TimeProvider time;
    private readonly Meter meter;
    private readonly Dictionary<string, TaskTotals> tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Job, string? Task), double> watermarkLags = [];
    private readonly LinkedList<RecentFiring> firings = new();
    private long recordsIn;
    private long recordsOut;
    private long batches;
    private double batchMillisecondsTotal;
    private double batchMillisecondsMax;
    private long entityTransactions;
    private long entityConflicts;
    private long dedupeHits;
    private long lateRecords;
    private long deadLetters;
    private long windowsFired;
    private double? sweeperLag;
    private SweeperRun? lastSweep;

    public StreamMetricsListener(StreamMetrics metrics, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        meter = metrics.Meter;
        this.time = time ?? TimeProvider.System;
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        listener.Start();
    }

    public MetricsSnapshot Snapshot()
    {
        lock (gate)
        {
            return new MetricsSnapshot
            {
                Timestamp = time.GetUtcNow(),
                RecordsIn = recordsIn,
                RecordsOut = recordsOut,
                Batches = batches,
                BatchMillisecondsTotal = batchMillisecondsTotal,
                BatchMillisecondsMax = batchMillisecondsMax,
                EntityTransactions = entityTransactions,
                EntityConflicts = entityConflicts,
                DedupeHits = dedupeHits,
                LateRecords = lateRecords,
                DeadLetters = deadLetters,
                WindowsFired = windowsFired,
                WatermarkLag = watermarkLags.Count == 0 ? null : TimeSpan.FromMilliseconds(watermarkLags.Values.Max()),
                SweeperLag = sweeperLag is { } lag ? TimeSpan.FromMilliseconds(lag) : null,
                Tasks = new Dictionary<string, TaskTotals>(tasks, StringComparer.Ordinal),
                LastSweep = lastSweep,
                Firings = [.. firings],
            };
        }
    }

    public void Dispose() => listener.Dispose();

    private void OnMeasurement(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var job = Tag(tags, MetricNames.JobTag);
        var task = Tag(tags, MetricNames.TaskTag);
        var count = (long)value;
        lock (gate)
        {
            switch (instrument)
            {
                case MetricNames.RecordsIn:
                    Update(task, t => t with { RecordsIn = t.RecordsIn + count });
                    if (Tag(tags, MetricNames.TaskTypeTag) == InputType) recordsIn += count;
                    break;
                case MetricNames.RecordsOut:
                    Update(task, t => t with { RecordsOut = t.RecordsOut + count });
                    if (Tag(tags, MetricNames.TaskTypeTag) == OutputType) recordsOut += count;
                    break;
                case MetricNames.BatchDuration:
                    batches++;
                    batchMillisecondsTotal += value;
                    batchMillisecondsMax = Math.Max(batchMillisecondsMax, value);
                    break;
                case MetricNames.EntityTransactions:
                    entityTransactions += count;
                    break;
                case MetricNames.EntityConflicts:
                    entityConflicts += count;
                    break;
                case MetricNames.DedupeHits:
                    dedupeHits += count;
                    break;
                case MetricNames.LateRecords:
                    lateRecords += count;
                    Update(task, t => t with { Late = t.Late + count });
                    break;
                case MetricNames.DeadLetters:
                    deadLetters += count;
                    Update(task, t => t with { DeadLetters = t.DeadLetters + count });
                    break;
                case MetricNames.WindowsFired:
                    windowsFired += count;
                    firings.AddFirst(new RecentFiring(time.GetUtcNow(), task ?? string.Empty, Tag(tags, MetricNames.WindowTag) ?? string.Empty,
                        Tag(tags, MetricNames.TriggerTag) ?? string.Empty, count));
                    while (firings.Count > KeptFirings) firings.RemoveLast();
                    break;
                case MetricNames.WatermarkLag:
                    watermarkLags[(job, task)] = value;
                    break;
                case MetricNames.SweeperLag:
                    sweeperLag = value;
                    break;
                case MetricNames.SweeperRuns:
                    lastSweep = new SweeperRun(time.GetUtcNow(), Tag(tags, MetricNames.SweptTag) == "true", sweeperLag);
                    break;
            }
        }
    }

    private void Update(string? task, Func<TaskTotals, TaskTotals> change)
    {
        var name = task ?? string.Empty;
        tasks[name] = change(tasks.TryGetValue(name, out var totals) ? totals : new TaskTotals());
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
